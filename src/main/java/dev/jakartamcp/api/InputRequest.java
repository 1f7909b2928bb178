package dev.jakartamcp.api;

import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Something a server needs from the client while handling a request: an elicitation, a sampling (LLM) call or the
 * client's roots. {@code capability} is the client capability it depends on.
 */
public record InputRequest(String method, JsonObject params, String capability) {

    public static InputRequest elicitation(String message, JsonObject requestedSchema) {
        return new InputRequest("elicitation/create",
                JsonFactory.createObjectBuilder().add("message", message).add("requestedSchema", requestedSchema).build(), "elicitation");
    }

    /** {@code params} as for sampling/createMessage: messages, maxTokens, optional systemPrompt and preferences. */
    public static InputRequest sampling(JsonObject params) {
        return new InputRequest("sampling/createMessage", params, "sampling");
    }

    /** A sampling request with one user message. */
    public static InputRequest sampling(String prompt, int maxTokens) {
        return sampling(JsonFactory.createObjectBuilder()
                .add("messages", JsonFactory.createArrayBuilder().add(JsonFactory.createObjectBuilder().add("role", "user")
                        .add("content", JsonFactory.createObjectBuilder().add("type", "text").add("text", prompt))))
                .add("maxTokens", maxTokens).build());
    }

    public static InputRequest roots() {
        return new InputRequest("roots/list", JsonValue.EMPTY_JSON_OBJECT, "roots");
    }
}
