package dev.jakartamcp.session;

import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.SessionView;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A legacy (2025 revisions) session: what the initialize handshake settled (bounded, see {@link ClientDescription}),
 * to whom it belongs, and its resource subscriptions (bounded by the caller of {@link #subscribe}).
 */
public final class McpSession implements SessionView {
    private final String id;
    private final ProtocolRevision revision;
    private final ClientDescription client;
    private final String ownerKey;
    private final String quotaKey;
    private final Instant createdAt;
    private Set<String> subscriptions;
    private volatile LogLevel logLevel;
    private volatile Instant lastAccess;
    private volatile boolean initialized;

    McpSession(String id, ProtocolRevision revision, ClientDescription client, String ownerKey, String quotaKey, Instant now) {
        this.id = id;
        this.revision = revision;
        this.client = client;
        this.ownerKey = ownerKey;
        this.quotaKey = quotaKey;
        this.createdAt = now;
        this.lastAccess = now;
    }

    @Override
    public String id() {
        return id;
    }

    public ProtocolRevision revision() {
        return revision;
    }

    public JsonObject clientCapabilities() {
        return client.capabilities();
    }

    public JsonObject clientInfo() {
        return client.clientInfo();
    }

    /** The issuer and subject of the caller that created the session; only that caller may use it. */
    public String ownerKey() {
        return ownerKey;
    }

    /** What per-caller session limits count against (see {@code Caller.quotaKey()}). */
    public String quotaKey() {
        return quotaKey;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastAccess() {
        return lastAccess;
    }

    void touch(Instant now) {
        lastAccess = now;
    }

    public boolean initialized() {
        return initialized;
    }

    public void markInitialized() {
        initialized = true;
    }

    @Override
    public Optional<LogLevel> logLevel() {
        return Optional.ofNullable(logLevel);
    }

    @Override
    public void logLevel(LogLevel level) {
        this.logLevel = level;
    }

    @Override
    public synchronized boolean subscribe(String uri, int max) {
        if (subscriptions == null) {
            subscriptions = new LinkedHashSet<>();
        }
        if (subscriptions.contains(uri)) {
            return true;
        }
        if (subscriptions.size() >= max) {
            return false;
        }
        subscriptions.add(uri);
        return true;
    }

    @Override
    public synchronized void unsubscribe(String uri) {
        if (subscriptions != null) {
            subscriptions.remove(uri);
        }
    }

    @Override
    public synchronized boolean isSubscribed(String uri) {
        return subscriptions != null && subscriptions.contains(uri);
    }
}
