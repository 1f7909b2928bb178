package dev.jakartamcp.protocol;

import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A failure that becomes a JSON-RPC error response. It says what went wrong ({@link Reason}); the transport decides
 * from that, in one place, which HTTP status and headers carry the error in the client's revision.
 */
public class McpException extends RuntimeException {

    /** What kind of failure this is, which is what the transport needs to choose an HTTP status. */
    public enum Reason {
        /** The request was understood but the operation failed: an ordinary JSON-RPC error. */
        FAILED,
        /** The request cannot be served as sent (a header, version, capability or request state problem). */
        BAD_REQUEST,
        /** No such method in the client's revision. */
        UNKNOWN_METHOD,
        /** The caller may not do this; {@link #requiredScopes()} says which permissions would help, if any. */
        FORBIDDEN,
        /** The caller sends too much; {@link #retryAfter()} says when to try again. */
        RATE_LIMITED,
        /** The server is at a limit of its own; {@link #retryAfter()} says when to try again. */
        OVER_CAPACITY
    }

    private final int code;
    private final JsonValue data;
    private final Reason reason;
    private final Set<String> requiredScopes;
    private final Duration retryAfter;
    private final String limit;

    public McpException(int code, String message) {
        this(code, message, null, Reason.FAILED);
    }

    public McpException(int code, String message, JsonValue data, Reason reason) {
        this(code, message, data, reason, Set.of(), null);
    }

    private McpException(int code, String message, JsonValue data, Reason reason, Set<String> requiredScopes, Duration retryAfter) {
        this(code, message, data, reason, requiredScopes, retryAfter, null);
    }

    private McpException(int code, String message, JsonValue data, Reason reason, Set<String> requiredScopes, Duration retryAfter,
                         String limit) {
        super(message, null, false, false);
        this.limit = limit;
        this.code = code;
        this.data = data;
        this.reason = reason;
        this.requiredScopes = Collections.unmodifiableSet(new LinkedHashSet<>(requiredScopes));
        this.retryAfter = retryAfter;
    }

    public int code() {
        return code;
    }

    public JsonValue data() {
        return data;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#FORBIDDEN}: the permissions any one of which would allow the request, in their declared order; empty when none would. */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    /** For {@link Reason#RATE_LIMITED} and {@link Reason#OVER_CAPACITY}: when the client may try again. */
    public Duration retryAfter() {
        return retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
    }

    /**
     * For {@link Reason#OVER_CAPACITY}: the limit the server is at when the place that throws knows it best (the
     * audit record's reason, {@code mcp.server.over_capacity}'s {@code limit}); null when the place that catches names it.
     */
    public String limit() {
        return limit;
    }

    public static McpException invalidParams(String message) {
        return new McpException(ErrorCode.INVALID_PARAMS, message);
    }

    /** Invalid params that make the whole request unservable (HTTP 400 in modern revisions). */
    public static McpException badParams(String message) {
        return new McpException(ErrorCode.INVALID_PARAMS, message, null, Reason.BAD_REQUEST);
    }

    public static McpException methodNotFound(String method) {
        return new McpException(ErrorCode.METHOD_NOT_FOUND, "Method not found: " + method, null, Reason.UNKNOWN_METHOD);
    }

    public static McpException forbidden(String message, Set<String> requiredScopes, JsonValue data) {
        return new McpException(ErrorCode.FORBIDDEN, message, data, Reason.FORBIDDEN, requiredScopes, null);
    }

    public static McpException rateLimited(String message, Duration retryAfter) {
        return new McpException(ErrorCode.RATE_LIMITED, message, null, Reason.RATE_LIMITED, Set.of(), retryAfter);
    }

    public static McpException overCapacity(int code, String message, Duration retryAfter) {
        return new McpException(code, message, null, Reason.OVER_CAPACITY, Set.of(), retryAfter);
    }

    /** As {@link #overCapacity(int, String, Duration)}, naming the {@link #limit()} it is at. */
    public static McpException overCapacity(int code, String message, Duration retryAfter, String limit) {
        return new McpException(code, message, null, Reason.OVER_CAPACITY, Set.of(), retryAfter, limit);
    }
}
