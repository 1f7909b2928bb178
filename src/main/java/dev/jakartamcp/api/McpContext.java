package dev.jakartamcp.api;

import jakarta.json.JsonObject;

import java.net.URI;

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

    /**
     * Reports progress if the client asked for it (a progressToken); otherwise does nothing. Progress must increase
     * from one report to the next (MCP): a report whose {@code progress} is not greater than the last one sent, or
     * that is NaN or infinite (or has such a {@code total}), is not sent.
     */
    void progress(double progress, Double total, String message);

    /** Sends a log message to the client if it asked for this level or lower. */
    void log(LogLevel level, String message);

    /** True once the client cancelled the request or went away; long work should check and stop. */
    boolean isCancelled();

    /** Asks the user through the client for input matching {@code requestedSchema} (a flat JSON Schema object). */
    ElicitResult elicit(String message, JsonObject requestedSchema);

    /**
     * Asks the user to open {@code url} (URL mode elicitation, 2025-11-25 and later; the client must declare
     * {@code elicitation.url}): for what must not pass through the MCP client, such as signing in to another service
     * so that the server gets its own token for it. The answer is the user's consent ({@code accept},
     * {@code decline}, {@code cancel}), not the outcome of what happens at the URL: the page the URL leads to is
     * the application's own, and it must check that the user who opens it is the caller who was asked. When the
     * interaction there is done, {@link UrlElicitations#complete} tells a 2025-11-25 client; in 2026-07-28 the client
     * retries the call and the tool finds out itself (keep {@code elicitationId} in your own state).
     *
     * @param elicitationId the application's identifier of this interaction, sent to 2025-11-25 clients (and used
     *                      by {@link UrlElicitations#complete}); unique and not guessable
     */
    ElicitResult elicitUrl(String message, URI url, String elicitationId);

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
