package dev.jakartamcp.protocol;

import jakarta.json.JsonObject;

import java.util.Optional;
import java.util.function.Function;

/**
 * One JSON-RPC method a feature serves.
 *
 * @param legacy         served to 2025 revisions (initialize handshake, sessions)
 * @param modern         served to 2026-07-28 and later (stateless)
 * @param cacheable      a modern result carries {@code ttlMs} and {@code cacheScope}
 * @param inputRequired  a modern handler may answer with an {@code InputRequiredResult}
 * @param nameParam      the params member a modern request mirrors into its {@code Mcp-Name} header ("name",
 *                       "uri", "taskId"), or null when the method has none
 * @param followsWork    the method only reads or steers work that already runs, and starts none ({@code tasks/get},
 *                       {@code tasks/update}, {@code tasks/cancel}): a draining server still takes it while work runs,
 *                       so that such work can end within the drain's grace
 * @param audited        every request of the method goes into the audit trail (the uses of items the feature pipeline
 *                       runs): the dispatcher marks it so before it checks anything of the request, so that a request
 *                       refused before its handler runs is audited too
 */
public record McpMethod(String name, boolean legacy, boolean modern, boolean cacheable, boolean inputRequired,
                        Function<Exchange, JsonObject> handler, String nameParam, boolean followsWork, boolean audited) {

    public McpMethod(String name, boolean legacy, boolean modern, boolean cacheable, boolean inputRequired,
                     Function<Exchange, JsonObject> handler) {
        this(name, legacy, modern, cacheable, inputRequired, handler, null, false, false);
    }

    public static McpMethod both(String name, Function<Exchange, JsonObject> handler) {
        return new McpMethod(name, true, true, false, false, handler);
    }

    public static McpMethod legacyOnly(String name, Function<Exchange, JsonObject> handler) {
        return new McpMethod(name, true, false, false, false, handler);
    }

    public static McpMethod modernOnly(String name, Function<Exchange, JsonObject> handler) {
        return new McpMethod(name, false, true, false, false, handler);
    }

    public McpMethod asCacheable() {
        return new McpMethod(name, legacy, modern, true, inputRequired, handler, nameParam, followsWork, audited);
    }

    public McpMethod allowingInputRequired() {
        return new McpMethod(name, legacy, modern, cacheable, true, handler, nameParam, followsWork, audited);
    }

    /** The method's modern requests carry {@code params.<param>} in the {@code Mcp-Name} header too. */
    public McpMethod namedBy(String param) {
        return new McpMethod(name, legacy, modern, cacheable, inputRequired, handler, param, followsWork, audited);
    }

    /** The method only reads or steers running work (see {@code followsWork}). */
    public McpMethod followingWork() {
        return new McpMethod(name, legacy, modern, cacheable, inputRequired, handler, nameParam, true, audited);
    }

    /** Every request of the method is audited (see {@code audited}). */
    public McpMethod asAudited() {
        return new McpMethod(name, legacy, modern, cacheable, inputRequired, handler, nameParam, followsWork, true);
    }

    /** The same method with another handler (a wrapper that checks something first). */
    public McpMethod handledBy(Function<Exchange, JsonObject> other) {
        return new McpMethod(name, legacy, modern, cacheable, inputRequired, other, nameParam, followsWork, audited);
    }

    public Optional<String> nameHeaderParam() {
        return Optional.ofNullable(nameParam);
    }

    public boolean servedTo(ProtocolRevision revision) {
        return revision.isModern() ? modern : legacy;
    }
}
