package dev.jakartamcp.session;

import dev.jakartamcp.protocol.ProtocolRevision;

import java.time.Duration;
import java.time.Instant;

/**
 * CDI event: a session was deleted by its client, expired, or was ended to make room or by an operator.
 *
 * @param revision the session's protocol revision; null for an end announced by another node of a cluster
 * @param lifetime from its {@code initialize} to its end; null for an end announced by another node
 * @param cause    why it ended; null for an end announced by another node
 */
public record SessionEnded(String sessionId, ProtocolRevision revision, Duration lifetime, SessionEnd cause) {
    /** A session's end, its lifetime counted until {@code now}. */
    static SessionEnded of(McpSession session, Instant now, SessionEnd cause) {
        return new SessionEnded(session.id(), session.revision(), Duration.between(session.createdAt(), now), cause);
    }

    /** An end announced through the cluster: this node closes what it holds of the session; it was counted where it ended. */
    public static SessionEnded elsewhere(String sessionId) {
        return new SessionEnded(sessionId, null, null, null);
    }
}
