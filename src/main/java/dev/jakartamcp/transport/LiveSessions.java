package dev.jakartamcp.transport;

import dev.jakartamcp.session.SessionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory side of legacy sessions on this server, dropped when a session ends. */
@ApplicationScoped
public class LiveSessions {
    private final Map<String, LiveSession> live = new ConcurrentHashMap<>();

    LiveSession of(String sessionId) {
        return live.computeIfAbsent(sessionId, id -> new LiveSession());
    }

    Map<String, LiveSession> snapshot() {
        return Map.copyOf(live);
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
