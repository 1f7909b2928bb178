package dev.jakartamcp.protocol;

import jakarta.json.JsonObject;

import java.util.function.Function;

/**
 * One JSON-RPC method a feature serves.
 *
 * @param legacy         served to 2025 revisions (initialize handshake, sessions)
 * @param modern         served to 2026-07-28 and later (stateless)
 * @param cacheable      a modern result carries {@code ttlMs} and {@code cacheScope}
 * @param inputRequired  a modern handler may answer with an {@code InputRequiredResult}
 */
public record McpMethod(String name, boolean legacy, boolean modern, boolean cacheable, boolean inputRequired,
                        Function<Exchange, JsonObject> handler) {

    public static McpMethod both(String name, Function<Exchange, JsonObject> handler) {
        return new McpMethod(name, true, true, false, false, handler);
    }

    public static McpMethod legacyOnly(String name, Function<Exchange, JsonObject> handler) {
        return new McpMethod(name, true, false, false, false, handler);
    }

    public McpMethod asCacheable() {
        return new McpMethod(name, legacy, modern, true, inputRequired, handler);
    }

    public McpMethod allowingInputRequired() {
        return new McpMethod(name, legacy, modern, cacheable, true, handler);
    }

    public boolean servedTo(ProtocolRevision revision) {
        return revision.isModern() ? modern : legacy;
    }
}
