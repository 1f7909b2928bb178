package dev.jakartamcp.session;

import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in this server's memory, expired after {@code mcp.session.timeout} of inactivity. */
@ApplicationScoped
public class InMemorySessionStore implements SessionStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    @Inject
    McpSettings settings;

    @Inject
    Event<SessionEnded> ended;

    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private volatile Instant nextSweep = Instant.EPOCH;

    /** 256 random bits, base64url: visible ASCII as the transport spec demands. */
    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public McpSession create(ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, String ownerKey) {
        sweepIfDue();
        McpSession session = new McpSession(newId(), revision, clientCapabilities, clientInfo, ownerKey, clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    @Override
    public Optional<McpSession> find(String id) {
        sweepIfDue();
        McpSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (isExpired(session, now)) {
            remove(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    @Override
    public boolean remove(String id) {
        boolean removed = sessions.remove(id) != null;
        if (removed) {
            ended.fire(new SessionEnded(id));
        }
        return removed;
    }

    @Override
    public Collection<McpSession> all() {
        return List.copyOf(sessions.values());
    }

    private boolean isExpired(McpSession session, Instant now) {
        return session.lastAccess().plus(settings.sessionTimeout()).isBefore(now);
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        sessions.values().stream().filter(s -> isExpired(s, now)).map(McpSession::id).toList().forEach(this::remove);
    }
}
