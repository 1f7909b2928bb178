package dev.jakartamcp.transport;

import jakarta.json.JsonObject;

/**
 * Passes what a client sends about a request of its session to the node where that request runs, when a load
 * balancer sent it elsewhere: the client's response to a server-to-client request, and its cancellation. On a single
 * server there is nowhere else to look ({@link #NONE}).
 */
public interface SessionRelay {
    void answer(String sessionId, String requestId, JsonObject message);

    void cancel(String sessionId, String requestId);

    SessionRelay NONE = new SessionRelay() {
        @Override
        public void answer(String sessionId, String requestId, JsonObject message) {
        }

        @Override
        public void cancel(String sessionId, String requestId) {
        }
    };
}
