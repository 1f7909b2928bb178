package dev.jakartamcp.schema;

/**
 * A JSON argument could not be turned into the Java value a tool expects. The message is worded to
 * follow the argument name and is safe to show to the client: {@code "is required"},
 * {@code "must be an integer"}, or for a value inside the argument its path first,
 * {@code "zip must be an integer"}. It never names a Java class or a stack detail.
 */
public class ArgumentBindingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String argumentName;

    public ArgumentBindingException(String argumentName, String message) {
        super(message);
        this.argumentName = argumentName;
    }

    ArgumentBindingException(String argumentName, String message, Throwable cause) {
        super(message, cause);
        this.argumentName = argumentName;
    }

    /** The top-level argument (tool parameter) the failure belongs to. */
    public String argumentName() {
        return argumentName;
    }
}
