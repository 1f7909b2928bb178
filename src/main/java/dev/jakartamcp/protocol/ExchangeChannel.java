package dev.jakartamcp.protocol;

import jakarta.json.JsonObject;

import java.util.concurrent.CompletableFuture;

/** How a request's handler talks back to the client while it runs. Implemented by the transport. */
public interface ExchangeChannel {
    /** Sends a notification related to the request being handled (progress, log message). */
    void notify(JsonObject notification);

    /** Sends a server-to-client request on this request's stream (legacy revisions) and returns the client's response message. */
    CompletableFuture<JsonObject> request(String method, JsonObject params);

    /**
     * Like {@link #request(String, JsonObject)}, for a question the handler named {@code key}: a channel that
     * shows questions by name (a task's {@code inputRequests}) uses it; streams ignore it.
     */
    default CompletableFuture<JsonObject> request(String key, String method, JsonObject params) {
        return request(method, params);
    }

    /** False once the client went away (stream closed). */
    boolean isOpen();

    /**
     * Tells the client that the server no longer waits for the answer to {@code answer}, a request this channel sent
     * (it timed out, or the call that asked was cancelled or ran out of time): "the sender SHOULD issue a cancellation
     * notification for that request" (basic/lifecycle, timeouts). Channels that cannot tell the client do nothing.
     */
    default void gaveUp(CompletableFuture<JsonObject> answer) {
    }

    ExchangeChannel NONE = new ExchangeChannel() {
        @Override
        public void notify(JsonObject notification) {
        }

        @Override
        public CompletableFuture<JsonObject> request(String method, JsonObject params) {
            return CompletableFuture.failedFuture(new IllegalStateException("no channel to the client"));
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    };
}
