package dev.jakartamcp.session;

import dev.jakartamcp.protocol.ProtocolRevision;

import java.time.Duration;

/**
 * CDI event: a session was deleted by its client, expired, or was ended to make room.
 *
 * @param revision the session's protocol revision
 * @param lifetime from its {@code initialize} to its end
 */
public record SessionEnded(String sessionId, ProtocolRevision revision, Duration lifetime) {
    /** A session's end, its lifetime counted until {@code now}. */
    static SessionEnded of(McpSession session, java.time.Instant now) {
        return new SessionEnded(session.id(), session.revision(), Duration.between(session.createdAt(), now));
    }
}
