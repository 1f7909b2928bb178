package dev.jakartamcp.transport;

import dev.jakartamcp.session.SessionEnded;
import dev.jakartamcp.session.SessionStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory side of legacy sessions on this server, dropped when a session ends. */
@ApplicationScoped
public class LiveSessions {
    private final Map<String, LiveSession> live = new ConcurrentHashMap<>();

    @Inject
    StreamLog log;

    @Inject
    SessionStore sessions;

    @Inject
    StreamTimers timers;

    /**
     * Drops, every minute, what this server holds for sessions that ended without it hearing (a cluster's session
     * that expired in the grid): bounded by the sessions it served, but not kept forever.
     */
    @PostConstruct
    void start() {
        timers.every(Duration.ofMinutes(1).toMillis(), this::sweep);
    }

    void sweep() {
        live.forEach((id, session) -> {
            if (session.idle() && sessions.peek(id).isEmpty() && live.remove(id, session)) {
                session.close();
            }
        });
    }

    LiveSession of(String sessionId) {
        return live.computeIfAbsent(sessionId, id -> new LiveSession(id, log));
    }

    /**
     * Hands a client's response to the server-to-client request of a session on this server that waits for it; false
     * when none does here (on a cluster the request may wait on another node).
     */
    public boolean answer(String sessionId, String requestId, JsonObject message) {
        LiveSession session = live.get(sessionId);
        return session != null && session.answer(requestId, message);
    }

    Map<String, LiveSession> snapshot() {
        return Map.copyOf(live);
    }

    /** Cancels a request of a session running on this server; false when none does here. */
    public boolean cancel(String sessionId, String requestId) {
        LiveSession session = live.get(sessionId);
        return session != null && session.cancel(requestId);
    }

    /** The server stops: every session's GET stream gets its last event and ends. */
    void endStreamsForShutdown(long retryMillis) {
        live.values().forEach(session -> session.endStreamForShutdown(retryMillis));
    }

    void onSessionEnded(@Observes SessionEnded event) {
        LiveSession session = live.remove(event.sessionId());
        if (session != null) {
            session.close();
        }
    }
}
