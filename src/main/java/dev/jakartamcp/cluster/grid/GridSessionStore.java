package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.cluster.ClusterMessage;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.ClientDescription;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionEnd;
import dev.jakartamcp.session.SessionEnded;
import dev.jakartamcp.session.SessionIds;
import dev.jakartamcp.session.SessionStore;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sessions in the data grid, one JSON entry each, so that any node serves any session and a node that dies loses
 * none (the grid keeps a backup). The limits hold cluster-wide: the server-wide count is the grid's, each caller's
 * sessions are listed under its quota key (its least recently used one ends when it opens one too many), the idle
 * timeout is the grid's expiry (entries vanish {@code mcp.session.timeout} after their last write, as the cache was
 * made) and the absolute age is checked on every read. A use refreshes the last-access time at most every tenth of
 * the idle timeout, so a busy session does not write to the grid on every request.
 * <p>
 * Every end is announced once in the cluster, as on a single server: one a node takes out of the grid
 * ({@link #remove}: deleted, evicted, found past its age) by that node, one the grid's expiry takes out (nobody removes
 * it) by the one node that claims it ({@link #expired}).
 */
final class GridSessionStore implements SessionStore {
    private static final Logger LOG = Logger.getLogger(GridSessionStore.class.getName());
    private final AtomicLong refused = new AtomicLong();
    private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);

    private final McpSettings settings;
    private final Consumer<SessionEnded> ended;
    private final GridCache sessions;
    private final GridCache owners;
    /** Sessions the grid expired, each claimed by the node that announces its end ({@link #expired}). */
    private final GridCache endClaims;
    private final JCacheGrid grid;

    /**
     * The idle timeout the grid applies: its cache's expiry, set by the node that made the cache. Read from the cache,
     * not from {@code mcp.session.timeout}, which may have changed since or differ on this node: a session written
     * less often than the grid expires it would end while in use.
     */
    private final Duration timeout;

    /** The clock that ages what a {@link GridSession} read (the tests move it). */
    LongSupplier nanoClock = System::nanoTime;

    GridSessionStore(GridContext context, GridCache sessions, GridCache owners,
                     GridCache endClaims, JCacheGrid grid) {
        this.settings = context.settings();
        this.ended = context.sessionEnded();
        this.sessions = sessions;
        this.owners = owners;
        this.endClaims = endClaims;
        this.grid = grid;
        this.timeout = Caches.expiry(sessions).orElseGet(settings::sessionTimeout);
    }

    @Override
    public McpSession create(ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, Caller caller) {
        // a caller at its own limit makes room itself (its least recently used session ends), as on one server
        if (size() >= settings.maxSessions() && !atOwnLimit(caller)) {
            refused.incrementAndGet();
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the cluster holds its maximum of "
                    + settings.maxSessions() + " sessions (mcp.session.max); try again later", RETRY_WHEN_FULL);
        }
        ClientDescription client = ClientDescription.of(clientCapabilities, clientInfo);
        long now = System.currentTimeMillis();
        String id = SessionIds.newId();
        SessionRecord record = new SessionRecord(revision, client.capabilities(), client.clientInfo(), caller.bindingKey(),
                caller.quotaKey(), now, now, false, null, java.util.Set.of());
        List<String> evicted = new ArrayList<>();
        int max = settings.maxSessionsPerCaller();
        try {
            sessions.put(id, record.toJson());
            addOwned(caller, id, max, evicted);
        } catch (RuntimeException e) {
            // not made, the client is told so; a write given up on may still be applied, and would count until the
            // session's idle timeout against mcp.session.max
            sessions.removeLater(id);
            throw e;
        }
        for (String pushedOut : evicted) {
            try {
                remove(pushedOut, SessionEnd.EVICTED);
            } catch (RuntimeException e) {
                // the new session stands (it is made and listed); the one it pushed out of the caller's list goes once
                // the grid takes its removal, and its streams end at their nodes' next look for it
                sessions.removeLater(pushedOut);
                LOG.log(Level.FINE, "The data grid did not take the end of session " + pushedOut + ", pushed out by " + id, e);
            }
        }
        return new GridSession(this, id, record);
    }

    /** Whether the caller holds its {@code mcp.session.max-per-caller} live sessions: a new one ends one of them. */
    private boolean atOwnLimit(Caller caller) {
        int max = settings.maxSessionsPerCaller();
        return ids(owners.get(caller.quotaKey())).stream().filter(other -> live(other).isPresent()).limit(max).count() >= max;
    }

    /** Adds {@code id} to the caller's list of sessions, the least recently used beyond {@code max} into {@code evicted}. */
    private void addOwned(Caller caller, String id, int max, List<String> evicted) {
        Caches.update(owners, caller.quotaKey(), current -> {
            evicted.clear();
            List<String> ids = new ArrayList<>(ids(current));
            ids.removeIf(other -> !other.equals(id) && live(other).isEmpty());
            if (!ids.contains(id)) {
                ids.add(id);
            }
            while (ids.size() > max) {
                String lru = ids.stream().filter(other -> !other.equals(id))
                        .min(Comparator.comparingLong(other -> live(other).map(SessionRecord::lastAccess).orElse(Long.MIN_VALUE)))
                        .orElseThrow();
                ids.remove(lru);
                evicted.add(lru);
            }
            return json(ids);
        }, this::ownersLifetime);
    }

    /**
     * A caller's list of sessions outlives each of them: every one it names was made before the list was written and
     * ends at the latest the session's maximum age after. Read at each write rather than fixed as the cache's expiry
     * when the first node made it: a raised {@code mcp.session.max-age} (a live setting) applies to a caller's list
     * from the caller's next session start or end, not only after every node restarted and the cache was made anew.
     */
    private Duration ownersLifetime(String written) {
        return settings.sessionMaxAge();
    }

    @Override
    public Optional<McpSession> find(String id) {
        return live(id).flatMap(record -> touched(id, record));
    }

    @Override
    public Optional<McpSession> find(String id, String ownerKey) {
        return live(id).filter(record -> record.ownerKey().equals(ownerKey)).flatMap(record -> touched(id, record));
    }

    /** The session, its last access written when due; empty when the write found it ended since it was read. */
    private Optional<McpSession> touched(String id, SessionRecord found) {
        long now = System.currentTimeMillis();
        if (now - found.lastAccess() < touchEvery()) {
            return Optional.of(new GridSession(this, id, found));
        }
        return change(id, r -> r.touched(now)).map(record -> new GridSession(this, id, record));
    }

    @Override
    public Duration idleTimeout() {
        return timeout;
    }

    @Override
    public Optional<McpSession> peek(String id) {
        return live(id).map(record -> new GridSession(this, id, record));
    }

    @Override
    public boolean remove(String id, SessionEnd cause) {
        String removed = sessions.getAndRemove(id);
        if (removed == null) {
            return false;
        }
        SessionRecord record = SessionRecord.fromJson(removed);
        long now = System.currentTimeMillis();
        if (!isLive(record, now) && cause != SessionEnd.IDLE_TIMEOUT && cause != SessionEnd.MAX_AGE) {
            // it had run out already (past its max-age, not yet read since): it ends as expired, and the DELETE or
            // operator that asked finds no such session, as on one server
            ended(id, record, Math.min(now, expiresAt(record)), SessionEnd.expiry(
                    Instant.ofEpochMilli(record.lastAccess() + timeout.toMillis()),
                    Instant.ofEpochMilli(record.createdAt() + settings.sessionMaxAge().toMillis())));
            return false;
        }
        // a session that ran out lived until the limit that ran out first, not until a request came across it
        ended(id, record, cause == SessionEnd.IDLE_TIMEOUT || cause == SessionEnd.MAX_AGE ? Math.min(now, expiresAt(record)) : now, cause);
        return true;
    }

    /** When the first of the session's two limits runs out: its idle timeout, its {@code mcp.session.max-age}. */
    private long expiresAt(SessionRecord record) {
        return Math.min(record.lastAccess() + timeout.toMillis(), record.createdAt() + settings.sessionMaxAge().toMillis());
    }

    /**
     * The grid's expiry took the session {@code id} out ({@code json}: its last value), idle for the timeout: it ends
     * as a removed one does, once in the cluster. Every node listens to the expiries ({@link SessionExpiries}) and
     * the grid tells each of them of every one, so the node that counts it is the one whose {@code putIfAbsent} of
     * the id in the claims cache succeeds: atomic on the key's partition, so exactly one node does, whatever the
     * order in which they hear of it (a node that dies right after its claim leaves that end uncounted). The claim is
     * kept 10 minutes, far beyond the moments between those deliveries, so it would also absorb the same expiry
     * announced a second time (by a backup that takes over from a dead primary before it heard of the expiry). The
     * node whose update takes the id out of the caller's list would not do as the one that counts: {@link #create}
     * drops the ids of sessions no longer in the grid without counting them, and may come first. A session
     * {@link #remove} took out never expires, and one the grid finds expired as it is removed is not removed (its
     * {@code getAndRemove} returns nothing), so each end is counted either there or here, never both. Its lifetime
     * runs to when its idle timeout (or its max-age, when that came first) ran out as its record tells, its last recorded use plus the timeout (the grid
     * counts from the last write, that use or a later change such as a subscription, so this may be early by as
     * much), not to when the grid's sweep came across it, which may be many seconds later.
     */
    void expired(String id, String json) {
        if (!endClaims.putIfAbsent(id, grid.localMember())) {
            return;
        }
        SessionRecord record = SessionRecord.fromJson(json);
        // the grid expires entries idle for the timeout; one past its max-age first ended then, as such
        ended(id, record, Math.min(System.currentTimeMillis(), expiresAt(record)),
                SessionEnd.expiry(Instant.ofEpochMilli(record.lastAccess() + timeout.toMillis()),
                        Instant.ofEpochMilli(record.createdAt() + settings.sessionMaxAge().toMillis())));
    }

    /** The session {@code id} ended at {@code endedAt}, announced from here: out of its caller's list, counted once, every node told. */
    private void ended(String id, SessionRecord record, long endedAt, SessionEnd cause) {
        try {
            Caches.update(owners, record.quotaKey(), current -> {
                List<String> ids = new ArrayList<>(ids(current));
                ids.remove(id);
                return ids.isEmpty() ? null : json(ids);
            }, this::ownersLifetime);
        } catch (RuntimeException e) {
            // harmless: the caller's next session start drops the ids of sessions no longer in the grid
            LOG.log(Level.FINE, "The data grid did not take session " + id + " out of its caller's list", e);
        }
        // counted here, where it ended; every node (this one too) closes its streams on the notice
        ended.accept(new SessionEnded(id, record.revision(), Duration.ofMillis(Math.max(0, endedAt - record.createdAt())), cause));
        grid.publish(ClusterMessage.sessionEnded(id));
    }

    @Override
    public void forEach(Consumer<McpSession> action) {
        long now = System.currentTimeMillis();
        sessions.forEachEntry((id, json) -> {
            SessionRecord record = SessionRecord.fromJson(json);
            if (isLive(record, now)) {
                action.accept(new GridSession(this, id, record));
            }
        });
    }

    @Override
    public List<McpSession> ownedBy(String quotaKey) {
        return ids(owners.get(quotaKey)).stream()
                .map(id -> live(id).map(record -> (McpSession) new GridSession(this, id, record)))
                .flatMap(Optional::stream).toList();
    }

    @Override
    public long refused() {
        return refused.get();
    }

    @Override
    public int size() {
        return sessions.size();
    }

    @Override
    public boolean inMemory() {
        return false;
    }

    /**
     * The session's record as the grid has it now, for a request that holds the session already; empty when it is gone
     * or the grid did not answer (the request goes on with the record it has).
     */
    Optional<SessionRecord> current(String id) {
        try {
            return Optional.ofNullable(sessions.get(id)).map(SessionRecord::fromJson);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "The data grid did not answer a read of session " + id, e);
            return Optional.empty();
        }
    }

    long nanoTime() {
        return nanoClock.getAsLong();
    }

    /** Applies {@code change} to the session in the grid; empty when it is gone. */
    Optional<SessionRecord> change(String id, UnaryOperator<SessionRecord> change) {
        String written = Caches.update(sessions, id, current -> current == null ? null : change.apply(SessionRecord.fromJson(current)).toJson());
        return Optional.ofNullable(written).map(SessionRecord::fromJson);
    }

    /** The session unless it expired (then it ends now, cluster-wide). */
    private Optional<SessionRecord> live(String id) {
        String json = sessions.get(id);
        if (json == null) {
            return Optional.empty();
        }
        SessionRecord record = SessionRecord.fromJson(json);
        if (!isLive(record, System.currentTimeMillis())) {
            remove(id, SessionEnd.expiry(Instant.ofEpochMilli(record.lastAccess() + timeout.toMillis()),
                    Instant.ofEpochMilli(record.createdAt() + settings.sessionMaxAge().toMillis())));
            return Optional.empty();
        }
        return Optional.of(record);
    }

    private boolean isLive(SessionRecord record, long now) {
        return record.lastAccess() + timeout.toMillis() >= now && record.createdAt() + settings.sessionMaxAge().toMillis() > now;
    }

    /** A tenth of the timeout, however short: a floor above half of it (a second, of a timeout under two) ended sessions in use. */
    private long touchEvery() {
        return Math.max(1, timeout.toMillis() / 10);
    }

    private static List<String> ids(String json) {
        if (json == null) {
            return List.of();
        }
        try (JsonReader reader = JsonFactory.createReader(new StringReader(json))) {
            return reader.readArray().stream().map(v -> ((JsonString) v).getString()).toList();
        }
    }

    private static String json(List<String> ids) {
        JsonArrayBuilder array = JsonFactory.createArrayBuilder();
        ids.forEach(array::add);
        return array.build().toString();
    }
}
