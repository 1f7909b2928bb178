package dev.jakartamcp.protocol;

import jakarta.json.JsonValue;

import java.util.Map;

/**
 * A failure that becomes a JSON-RPC error response. {@code httpStatus} is what the HTTP transport answers with;
 * most JSON-RPC errors travel with 200, transport-level ones (bad headers, unsupported version) with 4xx.
 */
public class McpException extends RuntimeException {
    private final int code;
    private final JsonValue data;
    private final int httpStatus;
    private final Map<String, String> httpHeaders;

    public McpException(int code, String message) {
        this(code, message, null, 200);
    }

    public McpException(int code, String message, JsonValue data, int httpStatus) {
        this(code, message, data, httpStatus, Map.of());
    }

    public McpException(int code, String message, JsonValue data, int httpStatus, Map<String, String> httpHeaders) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
        this.httpStatus = httpStatus;
        this.httpHeaders = Map.copyOf(httpHeaders);
    }

    /** Headers the HTTP transport adds to the error response (e.g. a WWW-Authenticate challenge). */
    public Map<String, String> httpHeaders() {
        return httpHeaders;
    }

    public int code() {
        return code;
    }

    public JsonValue data() {
        return data;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static McpException invalidParams(String message) {
        return new McpException(ErrorCode.INVALID_PARAMS, message);
    }

    public static McpException methodNotFound(String method) {
        return new McpException(ErrorCode.METHOD_NOT_FOUND, "Method not found: " + method);
    }

}
