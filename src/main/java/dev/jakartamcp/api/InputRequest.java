package dev.jakartamcp.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Something a server needs from the client while handling a request: an elicitation, a sampling (LLM) call or the
 * client's roots. {@code capability} is the client capability it depends on.
 */
public record InputRequest(String method, JsonObject params, String capability) {
    /** Looked up once (Json.createXxx looks it up on every call); the API JAR needs nothing of the server's classes. */
    private static final JsonProvider JSON = JsonProvider.provider();

    public static InputRequest elicitation(String message, JsonObject requestedSchema) {
        return new InputRequest("elicitation/create",
                JSON.createObjectBuilder().add("message", message).add("requestedSchema", requestedSchema).build(), "elicitation");
    }

    /** {@code params} as for sampling/createMessage: messages, maxTokens, optional systemPrompt and preferences. */
    public static InputRequest sampling(JsonObject params) {
        return new InputRequest("sampling/createMessage", params, "sampling");
    }

    /** A sampling request with one user message. */
    public static InputRequest sampling(String prompt, int maxTokens) {
        return sampling(JSON.createObjectBuilder()
                .add("messages", JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("role", "user")
                        .add("content", JSON.createObjectBuilder().add("type", "text").add("text", prompt))))
                .add("maxTokens", maxTokens).build());
    }

    public static InputRequest roots() {
        return new InputRequest("roots/list", JsonValue.EMPTY_JSON_OBJECT, "roots");
    }
}
