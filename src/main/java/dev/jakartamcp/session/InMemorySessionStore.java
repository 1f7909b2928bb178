package dev.jakartamcp.session;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in this server's memory. Lookups take no lock; creating and ending sessions, which keep the per-caller
 * index in step, are serialised. Expired sessions (idle past {@code mcp.session.timeout} or older than
 * {@code mcp.session.max-age}) are dropped when met and by a sweep at most every 30 seconds.
 */
@ApplicationScoped
public class InMemorySessionStore implements SessionStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);
    private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);

    @Inject
    McpSettings settings;

    @Inject
    Event<SessionEnded> ended;

    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byCaller = new HashMap<>();
    Clock clock = Clock.systemUTC();
    private volatile Instant nextSweep = Instant.EPOCH;

    /** 256 random bits, base64url: visible ASCII as the transport spec demands. */
    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public McpSession create(ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, Caller caller) {
        sweepIfDue();
        ClientDescription client = ClientDescription.of(clientCapabilities, clientInfo);
        List<McpSession> endedSessions = new ArrayList<>();
        try {
            synchronized (this) {
                Set<String> owned = byCaller.computeIfAbsent(caller.quotaKey(), k -> new LinkedHashSet<>());
                if (owned.size() >= settings.maxSessionsPerCaller()) {
                    owned.stream().map(sessions::get).filter(Objects::nonNull)
                            .min(Comparator.comparing(McpSession::lastAccess))
                            .ifPresent(lru -> {
                                detach(lru);
                                endedSessions.add(lru);
                            });
                }
                if (sessions.size() >= settings.maxSessions()) {
                    endedSessions.addAll(removeExpired(clock.instant()));
                    if (sessions.size() >= settings.maxSessions()) {
                        if (owned.isEmpty()) {
                            byCaller.remove(caller.quotaKey());
                        }
                        throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the server holds its maximum of "
                                + settings.maxSessions() + " sessions (mcp.session.max); try again later", RETRY_WHEN_FULL);
                    }
                }
                McpSession session = new McpSession(newId(), revision, client, caller.bindingKey(), caller.quotaKey(), clock.instant());
                sessions.put(session.id(), session);
                byCaller.computeIfAbsent(caller.quotaKey(), k -> new LinkedHashSet<>()).add(session.id());
                return session;
            }
        } finally {
            Instant now = clock.instant();
            endedSessions.forEach(s -> ended.fire(SessionEnded.of(s, now)));
        }
    }

    @Override
    public Optional<McpSession> find(String id) {
        sweepIfDue();
        Optional<McpSession> session = peek(id);
        session.ifPresent(s -> s.touch(clock.instant()));
        return session;
    }

    @Override
    public Optional<McpSession> peek(String id) {
        McpSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (isExpired(session, clock.instant())) {
            remove(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    @Override
    public boolean remove(String id) {
        McpSession removed;
        synchronized (this) {
            removed = sessions.get(id);
            if (removed != null) {
                detach(removed);
            }
        }
        if (removed != null) {
            ended.fire(SessionEnded.of(removed, clock.instant()));
        }
        return removed != null;
    }

    @Override
    public Collection<McpSession> all() {
        return List.copyOf(sessions.values());
    }

    @Override
    public int size() {
        return sessions.size();
    }

    /** Called with the lock held. */
    private void detach(McpSession session) {
        sessions.remove(session.id());
        Set<String> owned = byCaller.get(session.quotaKey());
        if (owned != null) {
            owned.remove(session.id());
            if (owned.isEmpty()) {
                byCaller.remove(session.quotaKey());
            }
        }
    }

    private boolean isExpired(McpSession session, Instant now) {
        return session.lastAccess().plus(settings.sessionTimeout()).isBefore(now)
                || !session.createdAt().plus(settings.sessionMaxAge()).isAfter(now);
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        List<McpSession> expired;
        synchronized (this) {
            expired = removeExpired(now);
        }
        expired.forEach(s -> ended.fire(SessionEnded.of(s, now)));
    }

    /** Called with the lock held; returns the sessions removed, whose end the caller announces. */
    private List<McpSession> removeExpired(Instant now) {
        List<McpSession> expired = sessions.values().stream().filter(s -> isExpired(s, now)).toList();
        expired.forEach(this::detach);
        return expired;
    }
}
