package dev.jakartamcp.beans;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.schema.ArgumentBinder;
import dev.jakartamcp.schema.ArgumentBindingException;
import dev.jakartamcp.schema.SchemaProperty;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/** How a discovered method's parameters are filled: named arguments from the request, or the request's context. */
public final class MethodArguments {
    private final List<Slot> slots;

    private sealed interface Slot permits Argument, ContextSlot {
    }

    private record Argument(SchemaProperty property) implements Slot {
    }

    private record ContextSlot() implements Slot {
    }

    private MethodArguments(List<Slot> slots) {
        this.slots = slots;
    }

    /**
     * The arguments of {@code target}; an {@link IllegalArgumentException} naming the parameter when no call could bind
     * it ({@link ArgumentBinder#requireBindable}), for the registry to fail the deployment naming the item.
     */
    public static MethodArguments of(DiscoveredMethod target) {
        Method method = target.method();
        List<Slot> slots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Parameter[] parameters = method.getParameters();
        for (int index = 0; index < parameters.length; index++) {
            Parameter p = parameters[index];
            Type type = target.parameterType(index);
            if (p.getType() == McpContext.class) {
                slots.add(new ContextSlot());
                continue;
            }
            Arg arg = p.getAnnotation(Arg.class);
            String name = arg != null && !arg.name().isEmpty() ? arg.name() : p.isNamePresent() ? p.getName() : null;
            if (name == null) {
                throw new DefinitionException(target.describe() + ": parameter " + p.getName()
                        + " needs @Arg(name = ...) or the class must be compiled with -parameters");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("two parameters take the argument '" + name + "'");
            }
            String description = arg == null ? "" : arg.description();
            // a primitive stays required whatever it is annotated with: it has no value for "left out" (a prompt's
            // arguments list this flag as it is; a tool's schema the generator makes)
            boolean required = p.getType().isPrimitive() || !isOptional(type)
                    && !SchemaProperty.marksNullable(p.getAnnotations()) && !SchemaProperty.marksNullable(p.getAnnotatedType().getAnnotations());
            SchemaProperty property = new SchemaProperty(name, type, description, required, p.getAnnotations());
            ArgumentBinder.requireBindable(property);
            slots.add(new Argument(property));
        }
        return new MethodArguments(List.copyOf(slots));
    }

    /**
     * An {@link IllegalArgumentException} naming the first parameter no text could be bound to
     * ({@link ArgumentBinder#requireText}): the arguments of a prompt and the variables of a URI template are text, and
     * no header mirrors them ({@code @Arg(header)} is a tool's).
     */
    public void requireText(String what) {
        properties().forEach(p -> {
            ArgumentBinder.requireText(p, what);
            if (p.header() != null) {
                throw new IllegalArgumentException(p.describe() + ": @Arg(header = \"" + p.header() + "\") is for a tool's"
                        + " parameters; " + what + " is never mirrored into a header");
            }
        });
    }

    public List<SchemaProperty> properties() {
        return slots.stream().filter(Argument.class::isInstance).map(s -> ((Argument) s).property()).toList();
    }

    public Object[] bind(JsonObject arguments, McpContext context, ArgumentBinder binder) {
        return bind(context, p -> binder.bind(p.name(), arguments.get(p.name()), p.type()));
    }

    /**
     * Binds a prompt's arguments, strings on the wire: a string is converted to its parameter's type as a template
     * variable is ({@link ArgumentBinder#bindText}: {@code "3"} for an {@code int}); any other JSON value (which the
     * schema does not allow, but a client may send) is bound as a tool's argument would be.
     */
    public Object[] bindStrings(JsonObject arguments, McpContext context, ArgumentBinder binder) {
        return bind(context, p -> arguments.get(p.name()) instanceof JsonString text
                ? binder.bindText(p.name(), text.getString(), p.type())
                : binder.bind(p.name(), arguments.get(p.name()), p.type()));
    }

    /** Binds text values, a URI template's variables, converting each to its parameter's type ({@link ArgumentBinder#bindText}). */
    public Object[] bindText(Map<String, String> arguments, McpContext context, ArgumentBinder binder) {
        return bind(context, p -> binder.bindText(p.name(), arguments.get(p.name()), p.type()));
    }

    private Object[] bind(McpContext context, Function<SchemaProperty, Object> bound) {
        Object[] values = new Object[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot instanceof ContextSlot) {
                values[i] = context;
                continue;
            }
            SchemaProperty p = ((Argument) slot).property();
            Object value = bound.apply(p);
            if (value == null && p.type() instanceof Class<?> c && c.isPrimitive()) {
                throw new ArgumentBindingException(p.name(), "is required");
            }
            values[i] = value;
        }
        return values;
    }

    static boolean isOptional(Type type) {
        Type raw = type instanceof ParameterizedType pt ? pt.getRawType() : type;
        return raw == Optional.class || raw == OptionalInt.class || raw == OptionalLong.class || raw == OptionalDouble.class;
    }
}
