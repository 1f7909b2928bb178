package dev.jakartamcp.api;

import jakarta.json.JsonObject;

/** The user's answer to an elicitation: {@code accept} with content, {@code decline} or {@code cancel}. */
public record ElicitResult(String action, JsonObject content) {
    public boolean accepted() {
        return "accept".equals(action);
    }
}
