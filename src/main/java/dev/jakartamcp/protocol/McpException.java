package dev.jakartamcp.protocol;

import jakarta.json.JsonValue;

/**
 * A failure that becomes a JSON-RPC error response. {@code httpStatus} is what the HTTP transport answers with;
 * most JSON-RPC errors travel with 200, transport-level ones (bad headers, unsupported version) with 4xx.
 */
public class McpException extends RuntimeException {
    private final int code;
    private final JsonValue data;
    private final int httpStatus;

    public McpException(int code, String message) {
        this(code, message, null, 200);
    }

    public McpException(int code, String message, JsonValue data, int httpStatus) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
        this.httpStatus = httpStatus;
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

    public McpException withHttpStatus(int status) {
        return new McpException(code, getMessage(), data, status);
    }
}
