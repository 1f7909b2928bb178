package dev.jakartamcp.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Something a server needs from the client while handling a request: an elicitation, a sampling (LLM) call or the
 * client's roots. {@code capability} is the client capability it depends on.
 */
public record InputRequest(String method, JsonObject params, String capability) {

    public static InputRequest elicitation(String message, JsonObject requestedSchema) {
        return new InputRequest("elicitation/create",
                Json.createObjectBuilder().add("message", message).add("requestedSchema", requestedSchema).build(), "elicitation");
    }

    /** {@code params} as for sampling/createMessage: messages, maxTokens, optional systemPrompt and preferences. */
    public static InputRequest sampling(JsonObject params) {
        return new InputRequest("sampling/createMessage", params, "sampling");
    }

    /** A sampling request with one user message. */
    public static InputRequest sampling(String prompt, int maxTokens) {
        return sampling(Json.createObjectBuilder()
                .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user")
                        .add("content", Json.createObjectBuilder().add("type", "text").add("text", prompt))))
                .add("maxTokens", maxTokens).build());
    }

    public static InputRequest roots() {
        return new InputRequest("roots/list", JsonValue.EMPTY_JSON_OBJECT, "roots");
    }
}
