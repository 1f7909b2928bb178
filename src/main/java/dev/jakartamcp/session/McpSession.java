package dev.jakartamcp.session;

import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.SessionView;
import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * A legacy (2025 revisions) session: what the initialize handshake settled (bounded, see {@link ClientDescription}),
 * to whom it belongs, and its resource subscriptions (bounded by the caller of {@link #subscribe}). Where it lives is
 * the {@link SessionStore}'s business: in this server's memory, or in the application server's data grid, where
 * changes are written through to every node.
 */
public interface McpSession extends SessionView {
    ProtocolRevision revision();

    JsonObject clientCapabilities();

    JsonObject clientInfo();

    /** The issuer and subject of the caller that created the session; only that caller may use it. */
    String ownerKey();

    /** What per-caller session limits count against (see {@code Caller.quotaKey()}). */
    String quotaKey();

    Instant createdAt();

    Instant lastAccess();

    boolean initialized();

    void markInitialized();
}
