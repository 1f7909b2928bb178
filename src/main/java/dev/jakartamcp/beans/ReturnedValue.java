package dev.jakartamcp.beans;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a tool, prompt or resource method answers with, seen through an {@code Optional}: a present one is its value, an empty
 * one no value, as if the method had returned null.
 */
public final class ReturnedValue {
    private ReturnedValue() {
    }

    /** {@code returned} with an {@code Optional} ({@code OptionalInt}, ...) unwrapped; an empty one gives null. */
    public static Object unwrapped(Object returned) {
        if (returned instanceof Optional<?> optional) {
            return unwrapped(optional.orElse(null));
        } else if (returned instanceof OptionalInt optional) {
            return optional.isPresent() ? optional.getAsInt() : null;
        } else if (returned instanceof OptionalLong optional) {
            return optional.isPresent() ? optional.getAsLong() : null;
        } else if (returned instanceof OptionalDouble optional) {
            return optional.isPresent() ? optional.getAsDouble() : null;
        }
        return returned;
    }

    /**
     * The elements of a returned collection, each {@link #unwrapped}; a null or an empty {@code Optional} among them is
     * left out: a prompt's messages and a resource's contents, like a completer's suggestions, have no place a client
     * could read a gap at.
     */
    public static List<Object> unwrappedElements(Collection<?> returned) {
        return returned.stream().map(ReturnedValue::unwrapped).filter(Objects::nonNull).toList();
    }

    /** The type of what {@link #unwrapped} gives for a method declared to return {@code declared}. */
    public static Type unwrapped(Type declared) {
        if (declared instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            return unwrapped(p.getActualTypeArguments()[0]);
        }
        if (declared == Optional.class) {
            return Object.class;
        }
        return declared == OptionalInt.class ? Integer.class : declared == OptionalLong.class ? Long.class
                : declared == OptionalDouble.class ? Double.class : declared;
    }

    /** The class of {@link #unwrapped(Type)}; {@code Object} for a type variable or a wildcard. */
    public static Class<?> unwrappedClass(Type declared) {
        Type type = unwrapped(declared);
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return type instanceof Class<?> c ? c : Object.class;
    }
}
