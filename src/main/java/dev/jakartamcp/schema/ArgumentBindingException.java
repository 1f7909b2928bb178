package dev.jakartamcp.schema;

public class ArgumentBindingException extends RuntimeException {
    private final String argumentName;

    public ArgumentBindingException(String argumentName, String message) {
        super(message);
        this.argumentName = argumentName;
    }

    public String argumentName() {
        return argumentName;
    }
}
