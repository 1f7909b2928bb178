package dev.jakartamcp.schema;

/**
 * A JSON argument could not be turned into the Java value a tool expects. The message is safe to
 * show to the client: it names the path and the problem, never a Java class or a stack detail. When
 * thrown by {@link ArgumentBinder} it starts with the path of the offending value, e.g.
 * {@code "address.zip: must be an integer"}.
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
