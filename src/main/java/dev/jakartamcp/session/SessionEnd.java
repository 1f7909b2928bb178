package dev.jakartamcp.session;

import java.time.Instant;
import java.util.Optional;

/**
 * Why a session ended, and the {@code error.type} of its {@code mcp.server.session.duration}. The conventions set that
 * attribute "if and only if session ends with an error"; here every end the client did not ask for is one: the
 * protocol gives a client DELETE to end its session, and after any other end the client's next request finds the
 * session gone (404) and has to initialize again. A revoked token ends the caller's streams, not its sessions (they
 * expire); a node that shuts down ends none here (in memory they are lost with it, uncounted; on a cluster they live on).
 */
public enum SessionEnd {
    /** The client's DELETE: the end the protocol provides, no error. */
    DELETED(null),
    /** Idle longer than {@code mcp.session.timeout}: the client left without a DELETE. */
    IDLE_TIMEOUT("timeout"),
    /** Older than {@code mcp.session.max-age}, used or not. */
    MAX_AGE("max_age"),
    /** The least recently used of its caller's sessions, ended for a new one beyond {@code mcp.session.max-per-caller}. */
    EVICTED("evicted"),
    /** Ended through the operations API ({@code DELETE /mcp-admin/sessions}). */
    OPERATOR("ended_by_operator");

    private final String errorType;

    SessionEnd(String errorType) {
        this.errorType = errorType;
    }

    /** The {@code error.type} of this end; empty for a session its client ended. */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    /** The end of a session found expired: its idle timeout or its maximum age, whichever ran out first. */
    public static SessionEnd expiry(Instant idleUntil, Instant ageUntil) {
        return idleUntil.isBefore(ageUntil) ? IDLE_TIMEOUT : MAX_AGE;
    }
}
