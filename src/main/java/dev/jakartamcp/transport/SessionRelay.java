package dev.jakartamcp.transport;

import jakarta.json.JsonObject;

/**
 * Passes what a client sends about a request of its session to the node where that request runs, when a load
 * balancer sent it elsewhere: the client's response to a server-to-client request, to the node that asked it, and
 * its cancellation. On a single server there is nowhere else to look ({@link #NONE}).
 */
public interface SessionRelay {
    /**
     * This node's name in the ids of the requests it sends clients, so that their answers find it; empty alone. It
     * changes when the node rejoins its cluster after a split (the grid gives it a new identity).
     */
    String node();

    /**
     * Hands a client's response to {@code node}, the node that asked the request it answers (never this one); the
     * empty name (an id in the form of an older version, which named no node) to every node.
     */
    void answer(String node, String sessionId, String requestId, JsonObject message);

    void cancel(String sessionId, String requestId);

    /**
     * Asks every other node to send {@code notifications/elicitation/complete} for {@code elicitationId} to the session
     * whose call asked it there (a URL mode elicitation asked on another node than the one its completion came to).
     */
    default void elicitationCompleted(String elicitationId) {
    }

    SessionRelay NONE = new SessionRelay() {
        @Override
        public String node() {
            return "";
        }

        @Override
        public void answer(String node, String sessionId, String requestId, JsonObject message) {
        }

        @Override
        public void cancel(String sessionId, String requestId) {
        }
    };
}
