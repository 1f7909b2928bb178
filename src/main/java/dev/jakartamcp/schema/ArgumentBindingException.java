package dev.jakartamcp.schema;

/**
 * A JSON argument could not be turned into the Java value a tool expects. The message is worded to
 * follow the argument name and is safe to show to the client: {@code "is required"},
 * {@code "must be an integer"}, or for a value inside the argument its path first,
 * {@code "zip must be an integer"}. It never names a Java class or a stack detail.
 */
public class ArgumentBindingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Characters of the message kept: a value's path is bounded, but the message of an author's constructor that
     * refused a value may quote it, and a caller's value may be megabytes long.
     */
    static final int MAX_MESSAGE = 1000;

    private final String argumentName;

    public ArgumentBindingException(String argumentName, String message) {
        super(cut(message));
        this.argumentName = argumentName;
    }

    ArgumentBindingException(String argumentName, String message, Throwable cause) {
        super(cut(message), cause);
        this.argumentName = argumentName;
    }

    private static String cut(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        int end = Character.isHighSurrogate(message.charAt(MAX_MESSAGE - 2)) ? MAX_MESSAGE - 2 : MAX_MESSAGE - 1;
        return message.substring(0, end) + "…";
    }

    /** The top-level argument (tool parameter) the failure belongs to. */
    public String argumentName() {
        return argumentName;
    }
}
