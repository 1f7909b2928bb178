package dev.jakartamcp.tools;

import dev.jakartamcp.api.McpContext;
import jakarta.json.JsonObject;

/** Runs a tool with arguments that passed schema validation; returns what the author's code returned. */
@FunctionalInterface
public interface ToolInvocation {
    Object invoke(JsonObject arguments, McpContext context) throws Exception;

    /**
     * Binds {@code arguments} as {@link #invoke} would, without running anything, so that what cannot be bound is
     * answered before a task is made for it; throws what binding throws. Nothing for a tool whose own code reads its
     * arguments (a definition's handler).
     */
    default void bindOnly(JsonObject arguments, McpContext context) throws Exception {
    }

    /** An invocation that binds with {@code binding} before {@code invocation} runs what was bound. */
    static ToolInvocation binding(Binder binding, Invoker invocation) {
        return new ToolInvocation() {
            @Override
            public Object invoke(JsonObject arguments, McpContext context) throws Exception {
                return invocation.invoke(binding.bind(arguments, context));
            }

            @Override
            public void bindOnly(JsonObject arguments, McpContext context) throws Exception {
                binding.bind(arguments, context);
            }
        };
    }

    /** A method's parameters from arguments. */
    @FunctionalInterface
    interface Binder {
        Object[] bind(JsonObject arguments, McpContext context) throws Exception;
    }

    /** A method called with its bound parameters. */
    @FunctionalInterface
    interface Invoker {
        Object invoke(Object[] parameters) throws Exception;
    }
}
