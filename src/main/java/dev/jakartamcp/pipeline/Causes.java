package dev.jakartamcp.pipeline;

import java.util.Optional;

/**
 * What an author's code threw, seen through the wrappers around it: an EJB container rethrows a runtime exception of
 * a session bean's method as {@code EJBException} with it as the cause, and an author's catch may rethrow it wrapped.
 * An exception that means an answer ({@code ResourceNotFoundException}, {@code ToolException}, a parameter violation,
 * the signal of a question to ask) means the same answer there.
 */
public final class Causes {
    /** How deep a chain is followed: far beyond any container's wrapping, and a bound for a chain that loops. */
    static final int MAX_DEPTH = 32;

    private Causes() {
    }

    /** {@code e} itself, or the first of its causes, that is a {@code type}. */
    public static <X extends Throwable> Optional<X> first(Throwable e, Class<X> type) {
        int depth = 0;
        for (Throwable cause = e; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    /** {@code e} itself, or the first of its causes, that is of the class named {@code className} or a subclass of it. */
    public static Optional<Throwable> firstNamed(Throwable e, String className) {
        int depth = 0;
        for (Throwable cause = e; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
            for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
                if (type.getName().equals(className)) {
                    return Optional.of(cause);
                }
            }
        }
        return Optional.empty();
    }
}
