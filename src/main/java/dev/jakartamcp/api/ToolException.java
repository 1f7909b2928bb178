package dev.jakartamcp.api;

/**
 * Thrown by a tool to fail with a message meant for the client. Any other exception becomes a generic error result
 * and its details stay in the server log.
 */
public class ToolException extends RuntimeException {
    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
