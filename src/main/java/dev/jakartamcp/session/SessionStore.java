package dev.jakartamcp.session;

import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.JsonObject;

import java.util.Collection;
import java.util.Optional;

/**
 * Where legacy sessions live. The in-memory store serves one server; a distributed one (the application server's
 * cache) can replace it without the transport noticing.
 */
public interface SessionStore {
    McpSession create(ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, String ownerKey);

    /** The live session with this id, refreshing its idle timer; empty when unknown, expired or deleted. */
    Optional<McpSession> find(String id);

    /** Ends a session; false when there was none. */
    boolean remove(String id);

    Collection<McpSession> all();
}
