package dev.jakartamcp.api;

public enum Role {
    USER, ASSISTANT;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
