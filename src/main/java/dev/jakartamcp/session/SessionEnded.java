package dev.jakartamcp.session;

/** CDI event: a session was deleted by its client or expired. */
public record SessionEnded(String sessionId) {
}
