package dev.jakartamcp.session;

import dev.jakartamcp.api.LogLevel;

import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.SessionView;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A legacy (2025 revisions) session: what the initialize handshake settled, and to whom it belongs. */
public final class McpSession implements SessionView {
    private final String id;
    private final ProtocolRevision revision;
    private final JsonObject clientCapabilities;
    private final JsonObject clientInfo;
    private final String ownerKey;
    private final Instant createdAt;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile LogLevel logLevel;
    private volatile Instant lastAccess;
    private volatile boolean initialized;

    McpSession(String id, ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, String ownerKey, Instant now) {
        this.id = id;
        this.revision = revision;
        this.clientCapabilities = clientCapabilities;
        this.clientInfo = clientInfo;
        this.ownerKey = ownerKey;
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
        return clientCapabilities;
    }

    public JsonObject clientInfo() {
        return clientInfo;
    }

    /** The issuer and subject of the caller that created the session; only that caller may use it. */
    public String ownerKey() {
        return ownerKey;
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
    public Set<String> subscriptions() {
        return subscriptions;
    }
}
