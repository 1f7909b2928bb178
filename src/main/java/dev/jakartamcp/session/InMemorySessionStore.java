package dev.jakartamcp.session;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Sessions in this server's memory. Lookups take no lock; creating and ending sessions, which keep the per-caller
 * index in step, are serialised. Expired sessions (idle past {@code mcp.session.timeout} or older than
 * {@code mcp.session.max-age}) are dropped when met and by a sweep at most every 30 seconds.
 */
@ApplicationScoped
@Typed(InMemorySessionStore.class)
public class InMemorySessionStore implements SessionStore {
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);
    private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);

    @Inject
    McpSettings settings;

    @Inject
    Event<SessionEnded> ended;

    private final Map<String, LocalSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byCaller = new HashMap<>();
    Clock clock = Clock.systemUTC();
    private volatile Instant nextSweep = Instant.EPOCH;
    private final AtomicLong refused = new AtomicLong();

    @Override
    public McpSession create(ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, Caller caller) {
        sweepIfDue();
        ClientDescription client = ClientDescription.of(clientCapabilities, clientInfo);
        Map<LocalSession, SessionEnd> endedSessions = new LinkedHashMap<>();
        try {
            synchronized (this) {
                Set<String> owned = byCaller.computeIfAbsent(caller.quotaKey(), k -> new LinkedHashSet<>());
                // the caller's expired sessions (the sweep comes every 30 s) end as expired first: they are not its
                // sessions any more, and must neither take a live one's place in its count nor end as evicted
                endedSessions.putAll(removeExpired(owned.stream().map(sessions::get).filter(Objects::nonNull).toList(), clock.instant()));
                // the server's bound is decided before any eviction: a caller at its own limit makes room itself,
                // but when the server holds more than that frees (mcp.session.max just lowered), the caller is refused
                // and keeps its sessions (it lost one and got none)
                int maxPerCaller = settings.maxSessionsPerCaller();
                if (sessions.size() - evictionsFor(caller, maxPerCaller) >= settings.maxSessions()) {
                    endedSessions.putAll(removeExpired(clock.instant()));
                    if (sessions.size() - evictionsFor(caller, maxPerCaller) >= settings.maxSessions()) {
                        byCaller.remove(caller.quotaKey(), Set.of());
                        refused.incrementAndGet();
                        throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the server holds its maximum of "
                                + settings.maxSessions() + " sessions (mcp.session.max); try again later", RETRY_WHEN_FULL);
                    }
                }
                owned = byCaller.computeIfAbsent(caller.quotaKey(), k -> new LinkedHashSet<>());
                // a loop, not one eviction: the limit is a live setting and may just have been lowered
                while (owned.size() >= maxPerCaller) {
                    Optional<LocalSession> lru = owned.stream().map(sessions::get).filter(Objects::nonNull)
                            .min(Comparator.comparing(McpSession::lastAccess));
                    if (lru.isEmpty()) {
                        break;
                    }
                    detach(lru.get());
                    endedSessions.put(lru.get(), SessionEnd.EVICTED);
                }
                LocalSession session = new LocalSession(SessionIds.newId(), revision, client, caller.bindingKey(), caller.quotaKey(), clock.instant());
                sessions.put(session.id(), session);
                byCaller.computeIfAbsent(caller.quotaKey(), k -> new LinkedHashSet<>()).add(session.id());
                return session;
            }
        } finally {
            Instant now = clock.instant();
            endedSessions.forEach((s, cause) -> announce(s, cause, now));
        }
    }

    /** How many of the caller's sessions a new one ends, under {@code maxPerCaller}. */
    private int evictionsFor(Caller caller, int maxPerCaller) {
        Set<String> owned = byCaller.get(caller.quotaKey());
        return owned == null ? 0 : Math.max(0, owned.size() - maxPerCaller + 1);
    }

    @Override
    public Optional<McpSession> find(String id) {
        return touched(id, session -> true);
    }

    @Override
    public Optional<McpSession> find(String id, String ownerKey) {
        return touched(id, session -> session.ownerKey().equals(ownerKey));
    }

    /** The live session with this id if {@code whose} accepts it, touched; no other session is touched. */
    private Optional<McpSession> touched(String id, Predicate<LocalSession> whose) {
        sweepIfDue();
        LocalSession session = live(id);
        if (session == null || !whose.test(session)) {
            return Optional.empty();
        }
        session.touch(clock.instant());
        return Optional.of(session);
    }

    @Override
    public Duration idleTimeout() {
        return settings.sessionTimeout();
    }

    @Override
    public Optional<McpSession> peek(String id) {
        return Optional.ofNullable(live(id));
    }

    /** The session with this id unless it expired (then it ends now). */
    private LocalSession live(String id) {
        LocalSession session = sessions.get(id);
        if (session == null) {
            return null;
        }
        if (isExpired(session, clock.instant())) {
            remove(id, expiry(session));
            return null;
        }
        return session;
    }

    /**
     * Ends the session {@code id}; false when there is none. One found expired (the sweep, every 30 s, had not come
     * across it yet) ends as expired and counts as none, as on the grid, whose expired entries are gone: an operator's
     * DELETE of it is a 404 (the listing no longer shows it), not an end by the operator.
     */
    @Override
    public boolean remove(String id, SessionEnd cause) {
        LocalSession removed;
        synchronized (this) {
            removed = sessions.get(id);
            if (removed != null) {
                detach(removed);
            }
        }
        if (removed == null) {
            return false;
        }
        Instant now = clock.instant();
        SessionEnd end = cause;
        if (cause != SessionEnd.IDLE_TIMEOUT && cause != SessionEnd.MAX_AGE) {
            try {
                end = isExpired(removed, now) ? expiry(removed) : cause;
            } catch (RuntimeException e) {
                // the timeouts cannot be read now (a live value broken): ended as asked, and announced all the same
            }
        }
        announce(removed, end, now);
        return end == cause;
    }

    @Override
    public void forEach(Consumer<McpSession> action) {
        Instant now = clock.instant();
        sessions.values().stream().filter(s -> !isExpired(s, now)).forEach(action);
    }

    @Override
    public List<McpSession> ownedBy(String quotaKey) {
        List<String> ids;
        synchronized (this) {
            ids = List.copyOf(byCaller.getOrDefault(quotaKey, Set.of()));
        }
        Instant now = clock.instant();
        return ids.stream().map(sessions::get).filter(s -> s != null && !isExpired(s, now)).map(McpSession.class::cast).toList();
    }

    @Override
    public int size() {
        return sessions.size();
    }

    @Override
    public long refused() {
        return refused.get();
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

    /**
     * Tells that {@code session} ended. An expired one ended when its limit ran out, not when it was found out (a
     * quiet server finds it at its next sweep, up to {@code SWEEP_EVERY} later), as the grid's store counts it.
     */
    private void announce(McpSession session, SessionEnd cause, Instant now) {
        Instant at = now;
        if (cause == SessionEnd.IDLE_TIMEOUT || cause == SessionEnd.MAX_AGE) {
            Instant ranOut = session.lastAccess().plus(settings.sessionTimeout());
            Instant aged = session.createdAt().plus(settings.sessionMaxAge());
            Instant expired = ranOut.isBefore(aged) ? ranOut : aged;
            at = expired.isBefore(now) ? expired : now;
        }
        ended.fire(SessionEnded.of(session, at, cause));
    }

    /** Why an expired session ended. */
    private SessionEnd expiry(McpSession session) {
        return SessionEnd.expiry(session.lastAccess().plus(settings.sessionTimeout()), session.createdAt().plus(settings.sessionMaxAge()));
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        Map<LocalSession, SessionEnd> expired;
        synchronized (this) {
            expired = removeExpired(now);
        }
        expired.forEach((s, cause) -> announce(s, cause, now));
    }

    /** Called with the lock held; returns the sessions removed and why, whose end the caller announces. */
    private Map<LocalSession, SessionEnd> removeExpired(Instant now) {
        return removeExpired(sessions.values(), now);
    }

    /** The expired ones of {@code candidates}, removed, each with the limit that ended it. */
    private Map<LocalSession, SessionEnd> removeExpired(java.util.Collection<LocalSession> candidates, Instant now) {
        Map<LocalSession, SessionEnd> expired = new LinkedHashMap<>();
        candidates.stream().filter(s -> isExpired(s, now)).forEach(s -> expired.put(s, expiry(s)));
        expired.keySet().forEach(this::detach);
        return expired;
    }
}
