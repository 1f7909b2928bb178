package dev.jakartamcp.protocol;

/**
 * Thrown inside a handler running under a modern revision when it needs client input (elicitation, sampling, roots)
 * that the request did not carry. The dispatcher turns it into an {@code InputRequiredResult}; a handler must let it pass.
 */
public final class InputRequiredSignal extends RuntimeException {
    public InputRequiredSignal() {
        super("input required", null, false, false);
    }
}
