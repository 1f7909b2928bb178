package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.McpSession;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session read from the grid for one request; what the request changes is written through to the grid at once. Its
 * log level is read again when the record is older than {@link #LOG_LEVEL_FRESHNESS}: a call that runs long sees a
 * {@code logging/setLevel} another request (on any node) wrote since, as a call on a single server does at once.
 */
final class GridSession implements McpSession {
    /** How old the record may be when the request logs before it is read again: at most one grid read a second. */
    static final Duration LOG_LEVEL_FRESHNESS = Duration.ofSeconds(1);

    private final GridSessionStore store;
    private final String id;
    private volatile SessionRecord record;
    /** When {@link #record} was read or last tried to be ({@link GridSessionStore#nanoTime()}). */
    private final AtomicLong readAt;

    GridSession(GridSessionStore store, String id, SessionRecord record) {
        this.store = store;
        this.id = id;
        this.record = record;
        this.readAt = new AtomicLong(store.nanoTime());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProtocolRevision revision() {
        return record.revision();
    }

    @Override
    public JsonObject clientCapabilities() {
        return record.capabilities();
    }

    @Override
    public JsonObject clientInfo() {
        return record.clientInfo();
    }

    @Override
    public String ownerKey() {
        return record.ownerKey();
    }

    @Override
    public String quotaKey() {
        return record.quotaKey();
    }

    @Override
    public Instant createdAt() {
        return Instant.ofEpochMilli(record.createdAt());
    }

    @Override
    public Instant lastAccess() {
        return Instant.ofEpochMilli(record.lastAccess());
    }

    @Override
    public boolean initialized() {
        return record.initialized();
    }

    @Override
    public void markInitialized() {
        change(SessionRecord::markedInitialized);
    }

    @Override
    public Optional<LogLevel> logLevel() {
        long read = readAt.get();
        long now = store.nanoTime();
        // one thread reads, once a second even when the grid does not answer (the request goes on with what it has)
        if (now - read >= LOG_LEVEL_FRESHNESS.toNanos() && readAt.compareAndSet(read, now)) {
            store.current(id).ifPresent(r -> record = r);
        }
        return Optional.ofNullable(record.logLevel());
    }

    @Override
    public void logLevel(LogLevel level) {
        change(r -> r.withLogLevel(level));
    }

    @Override
    public boolean subscribe(String uri, int max) {
        boolean[] taken = {false};
        change(r -> {
            taken[0] = r.subscriptions().contains(uri) || r.subscriptions().size() < max;
            if (!taken[0] || r.subscriptions().contains(uri)) {
                return r;
            }
            Set<String> uris = new LinkedHashSet<>(r.subscriptions());
            uris.add(uri);
            return r.withSubscriptions(uris);
        });
        return taken[0];
    }

    @Override
    public void unsubscribe(String uri) {
        change(r -> {
            Set<String> uris = new LinkedHashSet<>(r.subscriptions());
            uris.remove(uri);
            return r.withSubscriptions(uris);
        });
    }

    @Override
    public boolean isSubscribed(String uri) {
        return record.subscriptions().contains(uri);
    }

    private void change(java.util.function.UnaryOperator<SessionRecord> change) {
        store.change(id, change).ifPresent(r -> record = r);
    }
}
