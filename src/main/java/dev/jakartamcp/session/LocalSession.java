package dev.jakartamcp.session;

import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** A session held in this server's memory ({@link InMemorySessionStore}). */
final class LocalSession implements McpSession {
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

    LocalSession(String id, ProtocolRevision revision, ClientDescription client, String ownerKey, String quotaKey, Instant now) {
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

    @Override
    public ProtocolRevision revision() {
        return revision;
    }

    @Override
    public JsonObject clientCapabilities() {
        return client.capabilities();
    }

    @Override
    public JsonObject clientInfo() {
        return client.clientInfo();
    }

    @Override
    public String ownerKey() {
        return ownerKey;
    }

    @Override
    public String quotaKey() {
        return quotaKey;
    }

    @Override
    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public Instant lastAccess() {
        return lastAccess;
    }

    void touch(Instant now) {
        lastAccess = now;
    }

    @Override
    public boolean initialized() {
        return initialized;
    }

    @Override
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
