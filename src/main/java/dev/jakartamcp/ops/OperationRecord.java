package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Connection;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What happened to one MCP request, or to a request refused before it became one: the single fact that metrics,
 * traces and the audit trail are all made from ({@link Observations}).
 *
 * @param method        the MCP method; for a request refused before its body was read, e.g. {@code POST /mcp}
 * @param operation     whether it was an MCP operation (timed in {@code mcp.server.operation.duration}), as opposed to
 *                      a refusal at the HTTP level
 * @param itemKind      the kind of item the request used, once the pipeline resolved it; null otherwise
 * @param itemName      the resolved item's name, else the name asked for (then not a metric attribute), else null
 * @param resolved      whether {@code itemName} names an item that exists (bounded, so usable as a metric attribute)
 * @param resourceUri   the URI of resources/read and resources/subscribe
 * @param connection    the client's port and the HTTP version of an MCP request; null for the others
 * @param clientName    the client's {@code clientInfo.name}, from its session or {@code _meta}
 * @param errorCode     the JSON-RPC error code the request was answered with, or null
 * @param errorMessage  the JSON-RPC error message, or null
 * @param reason        why a request was refused ({@code insufficient_scope}, {@code requests}, {@code expired}, …)
 * @param arguments     the request's arguments, digested only if audited
 * @param secretArguments the names (lower case) of the item's arguments marked secret, left out of the digest
 * @param duration      from arrival to answer; null for a refusal
 * @param audited       whether it belongs in the audit trail
 */
public record OperationRecord(Instant time, String method, boolean operation, ItemKind itemKind, String itemName,
                              boolean resolved, String resourceUri, Caller caller, Connection connection, String clientName, String clientVersion,
                              String protocolVersion, Outcome outcome, Integer errorCode, String errorMessage,
                              String reason, Duration duration, String sessionId, String requestId, String traceId,
                              JsonValue arguments, Set<String> secretArguments, boolean audited) {

    /** {@code error.type}: the JSON-RPC error code as a string, {@code tool_error} for a tool's error result, or null. */
    public String errorType() {
        if (errorCode != null) {
            return String.valueOf(errorCode);
        }
        return outcome == Outcome.TOOL_ERROR ? "tool_error" : null;
    }

    /** The same record without its arguments (their digest made already). */
    public OperationRecord withoutArguments() {
        return new OperationRecord(time, method, operation, itemKind, itemName, resolved, resourceUri, caller, connection,
                clientName, clientVersion, protocolVersion, outcome, errorCode, errorMessage, reason, duration, sessionId, requestId,
                traceId, null, secretArguments, audited);
    }

    /**
     * The same record with every text a caller could have sent passed through {@code cut}: what an audit record waiting
     * to be written keeps of it ({@link AuditTrail}). The error message (not audited; it may repeat a name asked for) is
     * cut too.
     */
    public OperationRecord withTextCut(UnaryOperator<String> cut) {
        return new OperationRecord(time, cut.apply(method), operation, itemKind, cut.apply(itemName), resolved,
                cut.apply(resourceUri), caller, connection, cut.apply(clientName), cut.apply(clientVersion), cut.apply(protocolVersion),
                outcome, errorCode, cut.apply(errorMessage), cut.apply(reason), duration, cut.apply(sessionId),
                cut.apply(requestId), traceId, arguments, secretArguments, audited);
    }

    /** The item's name where it is a known item (a bounded set), for metric attributes and span names. */
    public String knownItemName() {
        return resolved ? itemName : null;
    }
}
