package dev.jakartamcp.protocol;

/** JSON-RPC and MCP error codes. */
public final class ErrorCode {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** Resource not found, 2025-11-25 and earlier. */
    public static final int RESOURCE_NOT_FOUND = -32002;
    public static final int HEADER_MISMATCH = -32020;
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    /**
     * The caller's token lacks a permission the request needs (HTTP 403 insufficient_scope). MCP defines no code for
     * this; it lies outside the JSON-RPC reserved range, as the 2026-07-28 error code policy asks of new codes.
     */
    public static final int FORBIDDEN = -31403;
    /** The caller exceeded a rate limit (HTTP 429), outside the reserved range like {@link #FORBIDDEN}. */
    public static final int RATE_LIMITED = -31429;
    /** The server is at one of its capacity limits (HTTP 503). */
    public static final int OVER_CAPACITY = -31503;
    /** A call ran longer than the server allows ({@code mcp.execution.timeout}) and was cancelled, as HTTP's 504. */
    public static final int TIMED_OUT = -31504;
    /**
     * A call was cancelled while it ran because the operator revoked the token it was made with
     * ({@code mcp.auth.revoked-subjects}, {@code mcp.auth.revoked-token-ids}); as HTTP's 401, which its next request gets.
     */
    public static final int REVOKED = -31401;

    private ErrorCode() {
    }
}
