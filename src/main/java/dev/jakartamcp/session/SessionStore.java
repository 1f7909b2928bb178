package dev.jakartamcp.session;

import java.time.Duration;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.CallersItems;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where legacy sessions live, within the limits {@code mcp.session.max}, {@code mcp.session.max-per-caller},
 * {@code mcp.session.timeout} (idle) and {@code mcp.session.max-age} (absolute). The in-memory store serves one
 * server; a distributed one (the application server's cache) can replace it without the transport noticing.
 */
public interface SessionStore extends CallersItems<McpSession> {
    /**
     * A new session for {@code caller}. When the caller already holds its maximum, its least recently used session
     * ends; when the server holds its maximum, throws an over-capacity {@code McpException}.
     */
    McpSession create(ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, Caller caller);

    /** The live session with this id, refreshing its idle timer; empty when unknown, expired or deleted. */
    Optional<McpSession> find(String id);

    /**
     * The live session with this id when the caller whose {@code Caller.bindingKey()} is {@code ownerKey} owns it,
     * refreshing its idle timer; empty, and left untouched, when it is another caller's: a request naming another's
     * session must not keep it alive, nor change which of its owner's sessions is the least recently used.
     */
    Optional<McpSession> find(String id, String ownerKey);

    /** Like {@link #find} without refreshing the idle timer: for streams that only check that their session lives. */
    Optional<McpSession> peek(String id);

    /** Ends a session for {@code cause}; false when there was none. */
    boolean remove(String id, SessionEnd cause);

    /**
     * Hands every live session (on a cluster: cluster-wide) to {@code action}, in no particular order, without
     * refreshing their idle timers: for the operations API. The store holds at most {@code mcp.session.max}.
     */
    @Override
    void forEach(Consumer<McpSession> action);

    /**
     * The live sessions of the caller whose {@code Caller.quotaKey()} is {@code quotaKey}, without refreshing their
     * idle timers; at most {@code mcp.session.max-per-caller} (more only for a moment after that limit was lowered).
     */
    @Override
    List<McpSession> ownedBy(String quotaKey);

    /** Sessions held (on a cluster: cluster-wide). */
    int size();

    /**
     * The idle timeout this store ends sessions by: {@code mcp.session.timeout}, or on the cluster the grid cache's
     * expiry, which the first node set and every node goes by.
     */
    Duration idleTimeout();

    /**
     * Whether the sessions are in this server's memory, so that asking the store ({@link #size()}, {@link #peek},
     * {@link #find}) never waits. False for the data grid's store: its calls can block for the grid's invocation
     * timeout or throw while it is unreachable or stopping.
     */
    default boolean inMemory() {
        return true;
    }

    /** New sessions refused since the start because the server held {@code mcp.session.max}. */
    long refused();
}
