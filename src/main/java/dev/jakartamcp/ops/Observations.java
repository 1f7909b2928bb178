package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.SessionView;
import dev.jakartamcp.protocol.Texts;
import dev.jakartamcp.session.SessionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place requests are observed. The dispatcher {@link #begin begins} and {@link #end ends} an
 * {@link Observation} around every MCP request (the feature pipeline adds the item and outcome on the way), the
 * transport and the authentication mechanism report requests they {@link #refused refuse} before there is one; each
 * becomes one {@link OperationRecord}, and the metrics ({@link McpMetrics}), the trace ({@link Telemetry}) and the
 * audit trail ({@link AuditTrail}) are all made from that record. A failure in any of them is logged and never reaches
 * the request.
 */
@ApplicationScoped
public class Observations {
    private static final Logger LOG = Logger.getLogger(Observations.class.getName());
    /** Trace context keys read from {@code params._meta} (SEP-414) and from HTTP headers. */
    public static final Set<String> TRACE_KEYS = Set.of("traceparent", "tracestate", "baggage");
    /** Trace context values longer than this are ignored. */
    public static final int MAX_TRACE_VALUE = 8192;
    static final int MAX_SPAN_TEXT = 512;
    /** JSON-RPC codes the conventions say a server does not count as its own errors (the client's mistakes). */
    private static final Set<Integer> CLIENT_ERRORS = Set.of(ErrorCode.PARSE_ERROR, ErrorCode.INVALID_REQUEST,
            ErrorCode.METHOD_NOT_FOUND, ErrorCode.INVALID_PARAMS, ErrorCode.RESOURCE_NOT_FOUND);

    @Inject
    Telemetry telemetry;

    @Inject
    McpMetrics metrics;

    @Inject
    AuditTrail audit;

    /** Starts observing {@code exchange}: its span begins, continuing the trace in its {@code _meta} or HTTP headers. */
    public Observation begin(Exchange exchange) {
        Telemetry.RequestSpan span;
        try {
            span = telemetry.backend().startSpan(spanMethod(exchange.method()), metaCarrier(exchange.params()), exchange.traceHeaders());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "no span for " + exchange.method(), e);
            span = Telemetry.RequestSpan.NONE;
        }
        Observation observation = new Observation(exchange, Instant.now(), System.nanoTime(), span);
        exchange.observe(observation);
        return observation;
    }

    /** The request was answered: its record goes to metrics, trace and audit trail. */
    public void end(Observation observation) {
        OperationRecord record;
        try {
            record = record(observation);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not observe an MCP request", e);
            return;
        }
        try {
            endSpan(observation.span(), record, observation.exchange());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "could not end the span of " + record.method(), e);
        }
        publish(record);
    }

    /**
     * An HTTP request refused outside the MCP layer (the operations API, {@code /mcp-metrics}): audited and counted as
     * {@code what}, with the caller its token made where there is one, else its address.
     */
    public void refused(HttpServletRequest request, String what, Outcome outcome, String reason) {
        Caller caller = request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller c ? c : Caller.anonymous(request.getRemoteAddr());
        refused(caller, what, outcome, reason, request.getHeader("traceparent"));
    }

    /**
     * A request refused before it became an MCP request (the authentication mechanism's 401/400/503, the transport's
     * per-caller limits): audited and counted, not timed as an operation.
     *
     * @param method      what was asked, e.g. {@code POST /mcp}
     * @param reason      a low-cardinality reason: {@code missing_token}, {@code expired}, {@code requests}, …
     * @param traceparent the request's {@code traceparent} header, or null
     */
    public void refused(Caller caller, String method, Outcome outcome, String reason, String traceparent) {
        publish(outsideMcp(caller, method, null, null, outcome, reason, null,
                TraceContext.parse(traceparent).map(TraceContext::traceId).orElseGet(TraceContext::newTraceId)));
    }

    /**
     * A request refused before it became an operation because a limit that names itself was reached (the data grid did
     * not answer within {@code mcp.cluster.grid-timeout}): audited as UNAVAILABLE with that reason; nothing for another
     * refusal, which is audited where it is made.
     */
    public void refusedAtLimit(Caller caller, String method, McpException e, String traceparent) {
        if (e.reason() == McpException.Reason.OVER_CAPACITY && e.limit() != null) {
            refused(caller, method, Outcome.UNAVAILABLE, e.limit(), traceparent);
        }
    }

    /**
     * As {@link #refused(Caller, String, Outcome, String, String)} for a request that was observed already (a call
     * answered at its deadline, or cancelled as its token was revoked): its record carries {@code traceId}, the one
     * of the request's own record ({@link #traceIdOf}), so that both are found under the request's trace; a new one
     * when null.
     */
    public void refusedInTrace(Caller caller, String method, Outcome outcome, String reason, String traceId) {
        publish(outsideMcp(caller, method, null, null, outcome, reason, null, traceId != null ? traceId : TraceContext.newTraceId()));
    }

    /**
     * An operator changed something through the operations API (ended a session, cancelled a task): audited as
     * {@code method} (e.g. {@code DELETE /mcp-admin/sessions}) with the operator as the caller, outcome {@code OK}, the
     * item or session concerned; counted nowhere else.
     */
    public void operatorAction(Caller operator, String method, ItemKind kind, String itemName, String sessionId, String traceparent) {
        publish(outsideMcp(operator, method, kind, itemName, Outcome.OK, null, sessionId,
                TraceContext.parse(traceparent).map(TraceContext::traceId).orElseGet(TraceContext::newTraceId)));
    }

    /** An audited record of something that is not an MCP operation (not timed), traced under {@code traceId}. */
    private static OperationRecord outsideMcp(Caller caller, String method, ItemKind kind, String itemName, Outcome outcome,
                                              String reason, String sessionId, String traceId) {
        return new OperationRecord(Instant.now(), method, false, kind, itemName, false, null, caller, null, null, null, null, outcome,
                null, null, reason, null, sessionId, null, traceId, null, Set.of(), true);
    }

    /**
     * A task of the tasks extension ended (its work returned, it was cancelled, it expired): audited as method
     * {@code task} with the tool's name and why the operator ended it ({@code revoked}, {@code switched_off}; null:
     * the operator did not), counted for nothing else (it is not an MCP request). {@code traceId}: the one of the call
     * that created the task ({@link #traceIdOf}), so that its end is found under that call's trace; a new one when null.
     */
    public void taskEnded(Caller caller, String toolName, String protocolVersion, Outcome outcome, String reason, Duration took,
                          String traceId) {
        publish(new OperationRecord(Instant.now(), "task", false, ItemKind.TOOL, toolName, true, null, caller, null, null, null,
                protocolVersion, outcome, null, null, reason, took, null, null, traceId != null ? traceId : TraceContext.newTraceId(),
                null, Set.of(), true));
    }

    void sessionEnded(@Observes SessionEnded ended) {
        if (ended.revision() == null || ended.lifetime() == null || ended.cause() == null) {
            return;
        }
        try {
            metrics.sessionEnded(ended.revision().wire(), ended.cause().errorType().orElse(null), ended.lifetime().toNanos() / 1e9);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record the end of a session", e);
        }
    }

    private void publish(OperationRecord record) {
        try {
            metrics.record(record);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record metrics of " + record.method(), e);
        }
        try {
            audit.record(record);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not audit " + record.method(), e);
        }
    }

    static OperationRecord record(Observation o) {
        Exchange exchange = o.exchange();
        JsonObject params = exchange.params();
        McpException error = o.error();
        Optional<JsonObject> clientInfo = exchange.clientInfo();
        String traceId = traceIdOf(o);
        return new OperationRecord(o.time(), exchange.method(), true, o.itemKind(), o.itemName(), o.item() != null,
                resourceUri(exchange), exchange.caller(), exchange.connection(), clientInfo.map(c -> text(c, "name")).orElse(null),
                clientInfo.map(c -> text(c, "version")).orElse(null), exchange.revision().wire(), o.outcome(),
                error == null ? null : error.code(), error == null ? null : error.getMessage(), o.reason(), o.elapsed(),
                exchange.session().map(SessionView::id).orElse(null), requestId(exchange.requestId()), traceId,
                // no item found (unknown, switched off, or its arguments unreadable before it was recorded): which of
                // the arguments are secret is unknown, so none is digested (a switched-off tool's secret was)
                o.item() == null ? null : arguments(exchange.method(), params), o.item() == null ? Set.of() : o.item().secretArguments(),
                o.isAudited() || refusal(o.outcome()));
    }

    /**
     * Whether a request with {@code outcome} was refused (denied, over a limit, the server full), which the audit trail
     * records whatever the method: an {@code initialize} refused for {@code mcp.session.max} as much as a call.
     */
    static boolean refusal(Outcome outcome) {
        return outcome == Outcome.DENIED || outcome == Outcome.RATE_LIMITED || outcome == Outcome.UNAVAILABLE
                || outcome == Outcome.UNAUTHENTICATED;
    }

    /**
     * The trace id of the record of {@code o}'s request: its span's, else the trace it continues, else one of its own
     * (the same every time it is asked).
     */
    public static String traceIdOf(Observation o) {
        String traceId = o.span().traceId();
        if (traceId == null) {
            traceId = incomingTraceId(o.exchange().params(), o.exchange().traceHeaders());
        }
        return traceId != null ? traceId : o.localTraceId();
    }

    /** What the trace continues when no span carries it: {@code _meta.traceparent}, else the HTTP header. */
    public static String incomingTraceId(JsonObject params, Map<String, String> headers) {
        return TraceContext.parse(metaCarrier(params).get("traceparent"))
                .or(() -> TraceContext.parse(headers.get("traceparent")))
                .map(TraceContext::traceId).orElse(null);
    }

    /** {@code traceparent}, {@code tracestate}, {@code baggage} of {@code params._meta}, unprefixed as SEP-414 says. */
    static Map<String, String> metaCarrier(JsonObject params) {
        if (!(params.get("_meta") instanceof JsonObject meta)) {
            return Map.of();
        }
        Map<String, String> carrier = new LinkedHashMap<>();
        for (String key : TRACE_KEYS) {
            if (meta.get(key) instanceof JsonString s && s.getString().length() <= MAX_TRACE_VALUE) {
                carrier.put(key, s.getString());
            }
        }
        return carrier;
    }

    /**
     * What the request's digest is of: a completion's {@code argument}, which the completer was asked about, whatever
     * else its params hold (an {@code arguments} beside it is no argument of it); every other method's {@code arguments}.
     */
    private static JsonValue arguments(String method, JsonObject params) {
        return params.get(method.equals("completion/complete") ? "argument" : "arguments");
    }

    private static String resourceUri(Exchange exchange) {
        return exchange.method().startsWith("resources/") ? text(exchange.params(), "uri") : null;
    }

    private static String text(JsonObject object, String key) {
        return object.get(key) instanceof JsonString s ? s.getString() : null;
    }

    static String requestId(JsonValue id) {
        if (id == null || id == JsonValue.NULL) {
            return null;
        }
        return id instanceof JsonString s ? s.getString() : id.toString();
    }

    static String spanMethod(String method) {
        return McpMetrics.KNOWN_METHODS.contains(method) ? method : McpMetrics.OTHER;
    }

    /** Whether the conventions count {@code code} as a server error (span status ERROR). */
    static boolean isServerError(int code) {
        return !CLIENT_ERRORS.contains(code);
    }

    private static void endSpan(Telemetry.RequestSpan span, OperationRecord r, Exchange exchange) {
        boolean answeredEarly = exchange.earlyAnswer().isPresent();
        String method = spanMethod(r.method());
        String target = r.knownItemName();
        boolean namedTarget = target != null && r.itemKind() != null
                && (r.itemKind() == dev.jakartamcp.pipeline.ItemKind.TOOL || r.itemKind() == dev.jakartamcp.pipeline.ItemKind.PROMPT);
        boolean error = r.errorCode() != null ? isServerError(r.errorCode()) : r.outcome() == Outcome.TOOL_ERROR;
        String description = r.errorMessage() != null ? cut(r.errorMessage()) : error ? "tool_error" : null;
        span.end(namedTarget ? method + " " + target : method, spanAttributes(r), error, description, answeredEarly ? r.time().plus(r.duration()) : null);
    }

    /** The attributes of a request's span: those of its metric and the ones per request (ids, URI, client). */
    static Map<String, Object> spanAttributes(OperationRecord r) {
        Map<String, Object> attributes = new LinkedHashMap<>(McpMetrics.operationAttributes(r));
        if (r.requestId() != null) {
            attributes.put("jsonrpc.request.id", cut(r.requestId()));
        }
        if (r.resourceUri() != null) {
            attributes.put("mcp.resource.uri", cut(r.resourceUri()));
        }
        if (r.sessionId() != null) {
            attributes.put("mcp.session.id", r.sessionId());
        }
        if (r.caller() != null && !r.caller().address().isEmpty()) {
            attributes.put("client.address", r.caller().address());
            if (r.connection() != null && r.connection().clientPort() > 0) {
                attributes.put("client.port", (long) r.connection().clientPort());
            }
        }
        return attributes;
    }

    private static String cut(String value) {
        return Texts.cut(value, MAX_SPAN_TEXT);
    }
}
