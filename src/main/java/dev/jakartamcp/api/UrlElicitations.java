package dev.jakartamcp.api;

/**
 * Tells clients that a URL mode elicitation ({@link McpContext#elicitUrl}) is done, with the
 * {@code notifications/elicitation/complete} notification of 2025-11-25: inject it where the interaction ends (the
 * page or callback the URL led to). The notification goes only to the client that was asked, on the stream of the
 * call that asked if it is still open, else on its session's GET stream. Revision 2026-07-28 has no such
 * notification (the client retries the call instead): there it does nothing.
 */
public interface UrlElicitations {
    /**
     * Sends the completion notification; false when no client waits for {@code elicitationId} or none can be reached.
     * On a cluster, one asked on another node is handed to the other nodes, which send it: true then.
     */
    boolean complete(String elicitationId);
}
