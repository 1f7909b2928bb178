package dev.jakartamcp.it.model;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tools that reach the container through generics: a method implementing a generic interface's (the compiler adds a
 * bridge carrying its annotations, which the container lists as a method of its own) and a generic superclass's tool,
 * whose parameter type the bean class binds.
 */
public final class GenericTools {
    private GenericTools() {
    }

    public interface Command<A> {
        String run(A argument);
    }

    @ApplicationScoped
    public static class PingTools implements Command<String> {
        @Override
        @Tool(name = "ping_host", description = "Answers pong")
        public String run(@Arg(description = "The host") String host) {
            return "pong " + host;
        }
    }

    public abstract static class Describer<T> {
        @Tool(name = "describe_item", description = "Describes an item")
        public String describe(@Arg(description = "The item") T item) {
            return render(item);
        }

        abstract String render(T item);
    }

    @ApplicationScoped
    public static class ItemDescriber extends Describer<OrderTools.Item> {
        @Override
        String render(OrderTools.Item item) {
            return item.sku() + " x" + item.quantity();
        }
    }
}
