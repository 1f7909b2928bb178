package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One MCP request while it is being handled: what the dispatcher and the feature pipeline learn about it (the item it
 * resolved to, how it ended) and its span. {@link Observations#end} turns it into the {@link OperationRecord}.
 * A request runs on one thread at a time; the fields are volatile for handlers that hand it on.
 */
public final class Observation {
    private final Exchange exchange;
    private final Instant time;
    private final long startNanos;
    private final Telemetry.RequestSpan span;
    private volatile String requestedName;
    private volatile McpItem item;
    private volatile boolean audited;
    private volatile Outcome outcome;
    private volatile McpException error;
    private volatile String reason;
    /** When the request was answered early ({@link #answeredEarly}); 0 until then. */
    private volatile long endNanos;
    private String localTraceId;

    Observation(Exchange exchange, Instant time, long startNanos, Telemetry.RequestSpan span) {
        this.exchange = exchange;
        this.time = time;
        this.startNanos = startNanos;
        this.span = span;
    }

    /** For an exchange nobody observes (unit tests, work outside a request): collects facts that go nowhere. */
    public static Observation detached(Exchange exchange) {
        return new Observation(exchange, Instant.now(), System.nanoTime(), Telemetry.RequestSpan.NONE);
    }

    /** The name or URI the request asks for, before it is resolved. */
    public void requested(String name) {
        this.requestedName = name;
    }

    /** The item the request resolved to. */
    public void item(McpItem item) {
        this.item = item;
    }

    /** The request is a use of a tool, prompt, resource or completion: it goes into the audit trail. */
    public void audited() {
        this.audited = true;
    }

    public void outcome(Outcome outcome) {
        this.outcome = outcome;
    }

    /** Why the request was refused, e.g. {@code insufficient_scope}; low cardinality, it is a metric attribute. */
    public void reason(String reason) {
        this.reason = reason;
    }

    /** The request is answered with this error. */
    public void failed(McpException error) {
        this.error = error;
    }

    /**
     * The request was answered with {@code error} before its handler returned (its deadline, its caller's token
     * revoked), which {@code CallDeadlines} audited and counted then: its end is recorded as that answer, cancelled,
     * for the metric, the span (error.type, status) and its own audit record (the one naming the item, arguments and
     * session), without the reason that would count it again; its duration ends at {@code answeredNanos}
     * ({@link System#nanoTime()}), when the client was answered, not when the handler returned.
     */
    public void answeredEarly(McpException error, long answeredNanos) {
        this.endNanos = answeredNanos;
        this.error = error;
        this.outcome = Outcome.CANCELLED;
        this.reason = null;
    }

    /** Runs {@code work} with this request's span as the current one (for spans the work itself starts). */
    public Telemetry.Scope makeCurrent() {
        return span.makeCurrent();
    }

    /**
     * This observation replaces {@code before}, made for the same request earlier: the trace id of the request's own
     * is that one's (made now if it had none, so that a record written later with {@code before} has it too).
     */
    public void replaces(Observation before) {
        String traceId = before.localTraceId();
        synchronized (this) {
            localTraceId = traceId;
        }
    }

    /** A trace id of this request's own, for the audit trail, when it neither has a span nor continues a trace. */
    synchronized String localTraceId() {
        if (localTraceId == null) {
            localTraceId = TraceContext.newTraceId();
        }
        return localTraceId;
    }

    Exchange exchange() {
        return exchange;
    }

    /**
     * The request's trace context for a request the server sends its client on the request's behalf (elicitation,
     * sampling, roots): {@code traceparent} and the rest, to go in its {@code params._meta} (the conventions' context
     * propagation); empty without a span.
     */
    public Map<String, String> traceContext() {
        return span().propagation();
    }

    Telemetry.RequestSpan span() {
        return span;
    }

    Instant time() {
        return time;
    }

    Duration elapsed() {
        long end = endNanos;
        // an answer given early may come before this observation began (a batch's deadline right as its next request starts)
        return Duration.ofNanos(Math.max(0, (end != 0 ? end : System.nanoTime()) - startNanos));
    }

    /** Whether the request goes into the audit trail as an MCP operation (a refusal goes there anyway). */
    public boolean isAudited() {
        return audited;
    }

    McpItem item() {
        return item;
    }

    ItemKind itemKind() {
        McpItem resolved = item;
        return resolved == null ? null : resolved.kind();
    }

    String itemName() {
        McpItem resolved = item;
        return resolved != null ? resolved.name() : requestedName;
    }

    McpException error() {
        return error;
    }

    /** Why the request was refused, as given or as its error implies; null when it was not refused. */
    public String reason() {
        String given = reason;
        if (given != null) {
            return given;
        }
        McpException e = error;
        if (e == null) {
            return null;
        }
        return switch (e.reason()) {
            case FORBIDDEN -> e.data() instanceof JsonObject data && data.get("error") instanceof JsonString s ? s.getString() : "forbidden";
            case RATE_LIMITED -> "item";
            case OVER_CAPACITY -> e.limit();
            default -> null;
        };
    }

    /** The outcome the pipeline set, else the one the error implies, else OK. */
    public Outcome outcome() {
        if (outcome != null) {
            return outcome;
        }
        McpException e = error;
        return e == null ? Outcome.OK : outcomeOf(e);
    }

    /** How a request answered with {@code e} ended: the caller's refusal, its mistake, or the server's failure. */
    public static Outcome outcomeOf(McpException e) {
        return switch (e.reason()) {
            case FORBIDDEN -> Outcome.DENIED;
            case RATE_LIMITED -> Outcome.RATE_LIMITED;
            case OVER_CAPACITY -> Outcome.UNAVAILABLE;
            case BAD_REQUEST, UNKNOWN_METHOD -> Outcome.INVALID;
            case FAILED -> e.code() == dev.jakartamcp.protocol.ErrorCode.INTERNAL_ERROR ? Outcome.FAILED : Outcome.INVALID;
        };
    }
}
