package dev.jakartamcp.transport;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.ops.Telemetry;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.HeaderValues;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.protocol.LiveFallback;
import dev.jakartamcp.protocol.McpDispatcher;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.schema.JsonNumbers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Revision 2026-07-28 and later: stateless requests that carry their version, client capabilities and log level in
 * {@code _meta}, mirrored HTTP headers checked against the body, and multi round-trip requests.
 */
@ApplicationScoped
public class ModernExchanges {
    @Inject
    McpDispatcher dispatcher;

    @Inject
    StreamTimers timers;

    @Inject
    McpSettings settings;

    @Inject
    Subscriptions subscriptions;

    @Inject
    HttpErrors errors;

    @Inject
    CallExecution calls;

    @Inject
    Observations observations;

    /**
     * True when the POST speaks a modern revision (or an unknown one without a session), so this class answers it. A
     * modern {@code MCP-Protocol-Version} header claims it whatever the body's {@code _meta} says: an intermediary trusts
     * the request's {@code Mcp-*} headers because of that header, so they are checked against the body here, and a
     * body naming another version is a mismatch (streamable-http, Server Validation), never a way past the checks.
     */
    boolean claims(IncomingPost post) {
        String header = post.header(LegacyExchanges.VERSION_HEADER);
        if (ProtocolRevision.namesModern(header)) {
            return true;
        }
        if (post.message() instanceof JsonObject message) {
            String metaVersion = IncomingPost.metaString(message, Exchange.META_PROTOCOL_VERSION);
            if (metaVersion != null) {
                return ProtocolRevision.fromWire(metaVersion).map(ProtocolRevision::isModern).orElse(true);
            }
            if ("initialize".equals(message.get("method") instanceof JsonString s ? s.getString() : null)) {
                return false;
            }
        }
        // a legacy header is the legacy side's; an unknown one is refused here, unless a session says whose it is
        return header != null && ProtocolRevision.fromWire(header).isEmpty() && post.header(LegacyExchanges.SESSION_HEADER) == null;
    }

    /**
     * Whether {@code method} (the {@code Mcp-Method} header as sent, or the body's) only reads or steers work that
     * already runs: a draining server still takes it while work runs (see {@code McpServlet}). The header lets it past
     * the drain's first check; the body, read later, must name such a method too.
     */
    boolean followsWork(String method) {
        return method != null && dispatcher.followsWork(method.strip());
    }

    /** {@link #followsWork(String)} for the request {@code post} carries, which this class answers. */
    boolean followsWork(IncomingPost post) {
        return claims(post) && post.message() instanceof JsonObject message && message.containsKey("id")
                && message.get("method") instanceof JsonString method && followsWork(method.getString());
    }

    void handle(IncomingPost post) {
        String unsupported = unsupportedVersion(post);
        if (!(post.message() instanceof JsonObject message)) {
            if (unsupported != null) {
                refuseVersion(post, null, unsupported);
            } else {
                post.fail(400, null, ErrorCode.INVALID_REQUEST, "Invalid Request: JSON-RPC batches are not supported in this protocol version", null);
            }
            return;
        }
        LegacyExchanges.Message kind = LegacyExchanges.Message.classify(message);
        JsonValue id = LegacyExchanges.idOf(message);
        if (kind == LegacyExchanges.Message.INVALID) {
            post.fail(400, id, ErrorCode.INVALID_REQUEST,
                    JsonRpc.invalidRequest(message, "Invalid Request: not a JSON-RPC 2.0 request or notification"), null);
            return;
        }
        if (unsupported != null) {
            refuseVersion(post, id, unsupported);
            return;
        }
        if (kind == LegacyExchanges.Message.RESPONSE) {
            post.fail(400, id, ErrorCode.INVALID_REQUEST, "Invalid Request: clients send no JSON-RPC responses in this protocol version", null);
            return;
        }
        if (kind == LegacyExchanges.Message.NOTIFICATION) {
            // nothing to do for one in this revision, but observed as the conventions ask, as in the 2025 ones
            observations.end(observations.begin(Exchange.builder(ProtocolRevision.LATEST, message.getString("method"))
                    .params(message.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT)
                    .caller(post.caller()).connection(post.connection()).traceHeaders(post.traceHeaders()).build()));
            new ResponseStream(post.response(), post.sink(), false, ProtocolRevision.LATEST, null, timers).accepted();
            return;
        }
        String method = message.getString("method");
        JsonValue rawParams = message.get("params");
        if (rawParams != null && !(rawParams instanceof JsonObject)) {
            post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: params must be an object", null);
            return;
        }
        JsonObject params = rawParams == null ? JsonValue.EMPTY_JSON_OBJECT : (JsonObject) rawParams;
        JsonValue rawMeta = params.get("_meta");
        if (rawMeta != null && !(rawMeta instanceof JsonObject)) {
            post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: _meta must be an object", null);
            return;
        }
        JsonObject meta = rawMeta == null ? JsonValue.EMPTY_JSON_OBJECT : (JsonObject) rawMeta;

        String metaVersion = meta.get(Exchange.META_PROTOCOL_VERSION) instanceof JsonString s ? s.getString() : null;
        String headerVersion = post.header(LegacyExchanges.VERSION_HEADER);
        if (metaVersion == null) {
            post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: _meta." + Exchange.META_PROTOCOL_VERSION + " is required", null);
            return;
        }
        if (!(meta.get(Exchange.META_CLIENT_CAPABILITIES) instanceof JsonObject capabilities)) {
            post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: _meta." + Exchange.META_CLIENT_CAPABILITIES + " is required and must be an object", null);
            return;
        }
        // author code reads them (McpContext.clientCapabilities()), so they get the bound of every client value
        String hugeNumber = JsonNumbers.problem(capabilities);
        if (hugeNumber != null) {
            post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: _meta." + Exchange.META_CLIENT_CAPABILITIES + ": " + hugeNumber, null);
            return;
        }
        if (headerVersion == null) {
            headerMismatch(post, params, id, method, "the MCP-Protocol-Version header is required");
            return;
        }
        if (!headerVersion.equals(metaVersion)) {
            headerMismatch(post, params, id, method, "MCP-Protocol-Version header value '" + HttpChecks.sanitize(headerVersion)
                    + "' does not match body value '" + HttpChecks.sanitize(metaVersion) + "'");
            return;
        }
        // header and _meta agree, and unsupportedVersion found that version supported
        ProtocolRevision revision = ProtocolRevision.fromWire(metaVersion).orElseThrow();
        String methodHeader = trimmed(post.header("Mcp-Method"));
        if (methodHeader == null) {
            headerMismatch(post, params, id, method, "the Mcp-Method header is required");
            return;
        }
        if (!methodHeader.equals(method)) {
            headerMismatch(post, params, id, method, "Mcp-Method header value '" + HttpChecks.sanitize(methodHeader) + "' does not match body value '" + HttpChecks.sanitize(method) + "'");
            return;
        }
        Optional<String> nameParam = dispatcher.nameHeaderParam(method);
        if (nameParam.isPresent()) {
            String bodyName = params.get(nameParam.get()) instanceof JsonString s ? s.getString() : null;
            String nameHeader = trimmed(post.header("Mcp-Name"));
            if (nameHeader == null) {
                headerMismatch(post, params, id, method, "the Mcp-Name header is required for " + method);
                return;
            }
            Optional<String> decoded = HeaderValues.decode(nameHeader);
            if (decoded.isEmpty()) {
                headerMismatch(post, params, id, method, "the Mcp-Name header is not valid");
                return;
            }
            if (bodyName != null && !decoded.get().equals(bodyName)) {
                headerMismatch(post, params, id, method, "Mcp-Name header value '" + HttpChecks.sanitize(decoded.get()) + "' does not match body value '" + HttpChecks.sanitize(bodyName) + "'");
                return;
            }
        }
        LogLevel logLevel = null;
        JsonValue rawLevel = meta.get(Exchange.META_LOG_LEVEL);
        if (rawLevel != null) {
            Optional<LogLevel> parsed = rawLevel instanceof JsonString s ? LogLevel.fromWire(s.getString()) : Optional.empty();
            if (parsed.isEmpty()) {
                post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: unknown log level " + HttpChecks.sanitize(rawLevel.toString()), null);
                return;
            }
            logLevel = parsed.get();
        }
        if (LegacyExchanges.neitherObjectNorAbsent(meta.get(Exchange.META_CLIENT_INFO))) {
            post.fail(400, id, ErrorCode.INVALID_PARAMS, "Invalid params: _meta." + Exchange.META_CLIENT_INFO + " must be an object", null);
            return;
        }
        JsonObject clientInfo = meta.get(Exchange.META_CLIENT_INFO) instanceof JsonObject c ? c : null;

        // what the request is, whatever answers it
        Exchange.Builder builder = Exchange.builder(revision, method)
                .requestId(id)
                .params(params)
                .clientCapabilities(capabilities)
                .clientInfo(clientInfo)
                .caller(post.caller())
                .connection(post.connection())
                .traceHeaders(post.traceHeaders());
        if (method.equals("subscriptions/listen")) {
            // observed until it is acknowledged or refused: the conventions' "until the result or ack is sent"
            Observation observation = observations.begin(builder.build());
            try (Telemetry.Scope scope = observation.makeCurrent()) {
                subscriptions.open(post, id, params, observation);
            } finally {
                observations.end(observation);
            }
            return;
        }
        ResponseStream stream = new ResponseStream(post.response(), post.sink(), post.accept().sse(), revision, null, timers)
                .jsonAccepted(post.accept().json());
        builder.requestLogLevel(logLevel)
                .channel(stream)
                // broken while running: the default holds, logged once (readiness reports it), where every message failed
                // with a 500 though only a tool asking its client something waits this long
                .clientRequestTimeout(LiveFallback.read(settings::clientRequestTimeout, McpSettings.DEFAULT_CLIENT_REQUEST_TIMEOUT))
                .paramHeaders(paramHeaders(post));
        Exchange exchange = builder.build();
        // closing the response stream cancels the request in this revision
        stream.onClientGone(exchange::cancel);
        post.sink().whenCompleted(exchange::cancel);
        try {
            calls.run(post, method, () -> dispatcher.dispatch(exchange), outcome -> {
                if (exchange.isCancelled()) {
                    stream.respond(JsonRpc.error(id, ErrorCode.INTERNAL_ERROR, "Request cancelled", null), 200);
                } else if (outcome.error() != null) {
                    errors.respond(stream, id, outcome.error(), post.request());
                } else {
                    stream.respond(JsonRpc.result(id, outcome.result()), 200);
                }
            }, () -> { }, exchange, stream::probeClient);
        } catch (McpException refused) {
            errors.respond(stream, id, refused, post.request());
        }
    }

    /**
     * The protocol version the request names when this server does not speak it, else null. The version decides by
     * which rules the rest of the request is read, so it is checked before anything those rules require (a
     * {@code _meta} version, client capabilities, the other headers), for every kind of message: the {@code _meta}
     * version, or the header when {@code _meta} names none. A header that disagrees with {@code _meta} is left to the
     * header check (a mismatch, whichever of the two this server speaks).
     */
    static String unsupportedVersion(IncomingPost post) {
        String header = post.header(LegacyExchanges.VERSION_HEADER);
        String meta = post.message() instanceof JsonObject message ? IncomingPost.metaString(message, Exchange.META_PROTOCOL_VERSION) : null;
        if (header != null && meta != null && !header.equals(meta)) {
            return null;
        }
        String named = meta != null ? meta : header;
        return named == null || ProtocolRevision.fromWire(named).filter(ProtocolRevision::isModern).isPresent() ? null : named;
    }

    private static void refuseVersion(IncomingPost post, JsonValue id, String version) {
        post.fail(400, id, ErrorCode.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version: " + HttpChecks.sanitize(version),
                Errors.unsupportedVersionData(version));
    }

    private static Map<String, String> paramHeaders(IncomingPost post) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : java.util.Collections.list(post.request().getHeaderNames())) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("mcp-param-")) {
                headers.put(lower.substring("mcp-param-".length()), post.request().getHeader(name));
            }
        }
        return headers;
    }

    /**
     * Refuses a request whose headers disagree with its body (SEP-2243): audited and counted, as the refusal an operator
     * most needs to see is of a request an intermediary routed or checked by headers that say something else.
     */
    private void headerMismatch(IncomingPost post, JsonObject params, JsonValue id, String method, String detail) {
        // under the trace the request continues: its _meta's (SEP-414), else its header's
        observations.refusedInTrace(post.caller(), method, AuditRecord.Outcome.INVALID, "header_mismatch",
                Observations.incomingTraceId(params, post.traceHeaders()));
        post.fail(400, id, ErrorCode.HEADER_MISMATCH, "Header mismatch: " + detail, null);
    }

    /** HTTP strips optional whitespace around field values; so do we, for servers that keep it. */
    private static String trimmed(String value) {
        return value == null ? null : value.strip();
    }



}
