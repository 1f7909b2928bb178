package dev.jakartamcp.api;

import jakarta.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * What a tool, prompt or resource method can do while it runs. Declare a parameter of this type to receive it.
 * Asking the client (elicit, sample, roots) works in every protocol revision: a request on the call's stream in
 * 2025 revisions, a multi round-trip request in 2026-07-28 (where the method runs again with the answer, so code
 * before the question must be safe to repeat).
 */
public interface McpContext {
    /** The protocol revision of the client's request, e.g. "2025-11-25". */
    String protocolVersion();

    /** Reports progress if the client asked for it (a progressToken); otherwise does nothing. */
    void progress(double progress, Double total, String message);

    /** Sends a log message to the client if it asked for this level or lower. */
    void log(LogLevel level, String message);

    /** True once the client cancelled the request or went away; long work should check and stop. */
    boolean isCancelled();

    /** Asks the user through the client for input matching {@code requestedSchema} (a flat JSON Schema object). */
    ElicitResult elicit(String message, JsonObject requestedSchema);

    /** Asks the client's model; {@code params} are those of sampling/createMessage. Returns the client's result. */
    JsonObject sample(JsonObject params);

    /** The client's roots (the roots/list result). */
    JsonObject roots();

    /**
     * Asks several things at once; the keys name them (in 2026-07-28 they are the keys of the multi round-trip
     * {@code inputRequests}). Returns the client's results under the same keys.
     */
    Map<String, JsonObject> ask(Map<String, InputRequest> requests);

    /** The caller's subject, or empty string when anonymous. */
    String subject();

    /** The caller's permissions (roles) from the access token. */
    Set<String> roles();

    /** The client's declared capabilities for this request. */
    JsonObject clientCapabilities();
}
