package dev.jakartamcp.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One entry of the audit trail: a use of a tool, prompt, resource or completion ({@code tools/call},
 * {@code prompts/get}, {@code resources/read}, {@code resources/subscribe}, {@code completion/complete}), or a request
 * that was refused (denied, rate limited, unauthenticated), also before it reached the MCP layer. The server fires it
 * as a CDI event, so an application can {@code @Observes AuditRecord} to ship it where its auditors want it, and writes
 * it as one JSON line to the logger {@code dev.jakartamcp.audit}. Both happen shortly after the request, on a
 * container-managed thread (not the request's: no request scope, no caller identity there), one record after the
 * other in the order the requests were answered.
 *
 * <p>Text values come from requests and tokens: every one is cut to {@code mcp.audit.max-value-length} characters.
 * Arguments are never recorded, only their digest ({@code sha256:} and 64 hex digits, see {@code mcp.audit.*}).
 * Absent values are {@code null}.
 *
 * @param time            when the request arrived
 * @param method          the MCP method ({@code tools/call}); for a request refused before its body was read, the
 *                        HTTP method and path ({@code POST /mcp})
 * @param itemKind        {@code tool}, {@code prompt}, {@code resource}, {@code resource template}, or null
 * @param itemName        the item used, or the name asked for when no such item exists
 * @param resourceUri     the URI of {@code resources/read} and {@code resources/subscribe}
 * @param issuer          the token's {@code iss}; null when there is no verified token
 * @param subject         the token's {@code sub}
 * @param clientId        the token's {@code azp}, else its {@code client_id}
 * @param clientName      {@code clientInfo.name} of the session or of the request's {@code _meta}
 * @param clientVersion   {@code clientInfo.version}
 * @param protocolVersion the MCP revision of the request
 * @param argumentsDigest SHA-256 of the canonical arguments after redaction, or null
 * @param outcome         how it ended
 * @param errorType       the JSON-RPC error code ({@code -32602}), {@code tool_error} for a tool result with
 *                        {@code isError}, or null
 * @param reason          why a request was refused, e.g. {@code insufficient_scope}, {@code expired}, {@code requests}
 * @param duration        from arrival to answer; null for a request refused before it became an MCP request
 * @param sessionId       the {@code Mcp-Session-Id} (2025 revisions)
 * @param requestId       the JSON-RPC request id
 * @param traceId         the W3C trace id of the request (32 hex digits): its span's, else the {@code traceparent} it
 *                        carried, else one of its own
 * @param remoteAddress   the client's address as the server sees it
 */
public record AuditRecord(Instant time, String method, String itemKind, String itemName, String resourceUri,
                          String issuer, String subject, String clientId, String clientName, String clientVersion,
                          String protocolVersion, String argumentsDigest, Outcome outcome, String errorType,
                          String reason, Duration duration, String sessionId, String requestId, String traceId,
                          String remoteAddress) {

    /** How an audited request ended. */
    public enum Outcome {
        /** Answered with a result. */
        OK,
        /** A tool ran and answered with {@code isError: true}. */
        TOOL_ERROR,
        /** The server asked the client for input (multi round-trip requests). */
        INPUT_REQUIRED,
        /** A {@code tools/call} answered with a task (the tasks extension); the task's end is recorded as method {@code task}. */
        TASK_CREATED,
        /**
         * A task was cancelled by its client or expired before it ended; or a call ran past {@code mcp.execution.timeout}
         * (reason {@code timeout}) and was answered as timed out.
         */
        CANCELLED,
        /** The request was malformed or named nothing that exists. */
        INVALID,
        /** The caller may not do this (403). */
        DENIED,
        /** The caller was over a rate limit (429). */
        RATE_LIMITED,
        /** No valid token (401, or 400 for a token sent the wrong way). */
        UNAUTHENTICATED,
        /** The server could not serve it now (503). */
        UNAVAILABLE,
        /** It failed on the server's side. */
        FAILED
    }
}
