package dev.jakartamcp.session;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * Where legacy sessions live, within the limits {@code mcp.session.max}, {@code mcp.session.max-per-caller},
 * {@code mcp.session.timeout} (idle) and {@code mcp.session.max-age} (absolute). The in-memory store serves one
 * server; a distributed one (the application server's cache) can replace it without the transport noticing.
 */
public interface SessionStore {
    /**
     * A new session for {@code caller}. When the caller already holds its maximum, its least recently used session
     * ends; when the server holds its maximum, throws an over-capacity {@code McpException}.
     */
    McpSession create(ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, Caller caller);

    /** The live session with this id, refreshing its idle timer; empty when unknown, expired or deleted. */
    Optional<McpSession> find(String id);

    /** Like {@link #find} without refreshing the idle timer: for streams that only check that their session lives. */
    Optional<McpSession> peek(String id);

    /** Ends a session; false when there was none. */
    boolean remove(String id);

    /** Sessions held (on a cluster: cluster-wide). */
    int size();

    /**
     * Whether {@link #size()} is answered from this server's memory. False for the data grid's store: counting asks
     * the grid, which can block for its invocation timeout or throw while it is unreachable or stopping.
     */
    default boolean countsLocally() {
        return true;
    }

    /** New sessions refused since the start because the server held {@code mcp.session.max}. */
    long refused();
}
