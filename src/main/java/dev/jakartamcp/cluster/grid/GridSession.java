package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.McpSession;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** A session read from the grid for one request; what the request changes is written through to the grid at once. */
final class GridSession implements McpSession {
    private final GridSessionStore store;
    private final String id;
    private volatile SessionRecord record;

    GridSession(GridSessionStore store, String id, SessionRecord record) {
        this.store = store;
        this.id = id;
        this.record = record;
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
