package dev.jakartamcp.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Something a server needs from the client while handling a request: an elicitation, a sampling (LLM) call or the
 * client's roots. {@code capability} names the client capability it depends on ({@code elicitation.url} a member of
 * one), for reading; the server works out what the client must have declared from {@code method} and {@code params}
 * (a url mode elicitation needs {@code elicitation.url} whatever is named here), and asks nothing but
 * {@code elicitation/create}, {@code sampling/createMessage} and {@code roots/list}.
 */
public record InputRequest(String method, JsonObject params, String capability) {
    /** Looked up once (Json.createXxx looks it up on every call); the API JAR needs nothing of the server's classes. */
    private static final JsonProvider JSON = JsonProvider.provider();

    public static InputRequest elicitation(String message, JsonObject requestedSchema) {
        return new InputRequest("elicitation/create",
                JSON.createObjectBuilder().add("message", message).add("requestedSchema", requestedSchema).build(), "elicitation");
    }

    /**
     * A URL mode elicitation (2025-11-25 and later): the client asks the user's consent and opens {@code url} outside
     * of itself. {@code elicitationId} is sent when not null (2025-11-25 has it, 2026-07-28 removed it). Needs the
     * client capability {@code elicitation.url}.
     */
    public static InputRequest urlElicitation(String message, String url, String elicitationId) {
        JsonObjectBuilder params = JSON.createObjectBuilder().add("mode", "url").add("message", message).add("url", url);
        if (elicitationId != null) {
            params.add("elicitationId", elicitationId);
        }
        return new InputRequest("elicitation/create", params.build(), "elicitation.url");
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
