package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.protocol.Connection;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.security.JwksKeySource;
import dev.jakartamcp.security.ResourceServer;
import dev.jakartamcp.session.SessionStore;
import dev.jakartamcp.transport.OpenStreams;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The server's metrics, by the OpenTelemetry semantic conventions for MCP where they name one
 * ({@code mcp.server.operation.duration}, {@code mcp.server.session.duration}: histograms in seconds with the
 * conventions' buckets and attributes) and ours beside them: authorization failures by reason, rate-limited requests
 * by limit, requests refused because the server was full by limit, calls timed out by method, active sessions and streams, JWKS fetches by outcome. Kept here, served as Prometheus text by
 * {@link MetricsServlet} the same way on every server, and handed to the server's OpenTelemetry ({@link Telemetry})
 * where it has one. Every attribute value comes from a bounded set (known methods, deployed items, error codes); the
 * series per metric are capped by {@code mcp.metrics.max-series} besides.
 */
@ApplicationScoped
public class McpMetrics {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(McpMetrics.class.getName());
    public static final String OPERATION_DURATION = "mcp.server.operation.duration";
    public static final String SESSION_DURATION = "mcp.server.session.duration";
    public static final String SESSIONS_ACTIVE = "mcp.server.session.active";
    public static final String STREAMS_ACTIVE = "mcp.server.stream.active";
    public static final String AUTHORIZATION_FAILURES = "mcp.server.authorization.failures";
    public static final String RATE_LIMITED = "mcp.server.rate_limited";
    public static final String OVER_CAPACITY = "mcp.server.over_capacity";
    /** The limits of {@link #OVER_CAPACITY} (a 503 of a draining server is no capacity problem: it is only audited). */
    private static final Set<String> CAPACITY_LIMITS = Set.of("sessions", "streams", "executions", "item", "tasks", "audit", "grid");
    public static final String TIMED_OUT = "mcp.server.timed_out";
    public static final String JWKS_FETCHES = "mcp.server.jwks.fetches";
    public static final String SLOW_CONSUMERS = "mcp.server.stream.slow_consumers";
    public static final String CONTAINER_LOG_SUPPRESSED = "mcp.server.container_log.suppressed";

    /** {@code mcp.method.name} values of the conventions' registry and of the tasks extension; others are {@code _OTHER}. */
    static final Set<String> KNOWN_METHODS = Set.of("notifications/cancelled", "initialize", "notifications/initialized",
            "notifications/progress", "ping", "resources/list", "resources/templates/list", "resources/read",
            "notifications/resources/list_changed", "resources/subscribe", "resources/unsubscribe",
            "notifications/resources/updated", "prompts/list", "prompts/get", "notifications/prompts/list_changed",
            "tools/list", "tools/call", "notifications/tools/list_changed", "logging/setLevel", "notifications/message",
            "sampling/createMessage", "completion/complete", "roots/list", "notifications/roots/list_changed",
            "elicitation/create", "server/discover", "subscriptions/listen", "notifications/subscriptions/acknowledged",
            "tasks/get", "tasks/list", "tasks/result", "tasks/cancel", "tasks/update", "notifications/tasks/status");
    static final String OTHER = "_OTHER";

    @Inject
    McpSettings settings;

    @Inject
    SessionStore sessions;

    @Inject
    OpenStreams streams;

    @Inject
    ResourceServer resourceServer;

    @Inject
    Telemetry telemetry;

    @Inject
    ContainerLogThrottle containerLog;

    private LabeledSeries<Histogram> operations;
    private LabeledSeries<Histogram> sessionDurations;
    private LabeledCounter authorizationFailures;
    private LabeledCounter rateLimited;
    private LabeledCounter overCapacity;
    private LabeledCounter timedOut;
    private Counter jwksFetches;
    private Counter containerLogSuppressed;
    private LabeledCounter slowConsumers;

    /** A counter as exported: its series and their current values. */
    public interface Counter {
        String name();

        String unit();

        String description();

        void forEach(BiConsumer<Map<String, String>, Long> action);
    }

    @PostConstruct
    void init() {
        int max = settings.metricsMaxSeries();
        operations = new LabeledSeries<>(Histogram::new, max);
        sessionDurations = new LabeledSeries<>(Histogram::new, max);
        authorizationFailures = new LabeledCounter(AUTHORIZATION_FAILURES, "{request}",
                "Requests refused for want of a valid token (401, 400; 503 while no signing key is available) or of a permission (403), by reason.", max);
        rateLimited = new LabeledCounter(RATE_LIMITED, "{request}",
                "Requests refused with 429, by the limit they hit: requests per caller, an item's rate limit, streams per caller, tasks per caller.", max);
        overCapacity = new LabeledCounter(OVER_CAPACITY, "{request}",
                "Requests refused with 503 because the server was full, by the limit: sessions, streams, calls running at once (executions), calls of one item at once (item), tasks, calls refused while the audit trail is stalled (audit).", max);
        timedOut = new LabeledCounter(TIMED_OUT, "{request}",
                "Calls answered as timed out because they ran longer than mcp.execution.timeout (or their item's mcp.<kind>.<name>.timeout), by method.", max);
        jwksFetches = new CountedElsewhere(JWKS_FETCHES, "{fetch}", "HTTP fetches of the authorization server's JWKS, by outcome.",
                this::jwksFetches);
        containerLogSuppressed = new CountedElsewhere(CONTAINER_LOG_SUPPRESSED, "{record}",
                "Records with a stack trace of the server's own loggers (requests it cannot parse) not logged, beyond mcp.container-log.max-per-minute, by logger.",
                this::containerLogSuppressed);
        slowConsumers = new LabeledCounter(SLOW_CONSUMERS, "{stream}",
                "Streams ended because the client did not take what was sent to it (more than mcp.stream.max-buffered-bytes waiting).", max);
        telemetry.export(this, sessions::size, streams::open);
    }

    /** Called by {@link Observations} for every record. */
    void record(OperationRecord record) {
        if (record.operation()) {
            Map<String, String> attributes = operationAttributes(record);
            double seconds = record.duration().toNanos() / 1e9;
            operations.of(attributes).record(seconds);
            telemetry.chosen().recordOperation(seconds, attributes);
        }
        if (record.outcome() == Outcome.DENIED || record.outcome() == Outcome.UNAUTHENTICATED
                || "keys_unavailable".equals(record.reason())) {
            authorizationFailures.increment(Map.of("reason", bounded(record.reason())));
        } else if (record.outcome() == Outcome.RATE_LIMITED) {
            rateLimited.increment(Map.of("limit", bounded(record.reason())));
        } else if (record.outcome() == Outcome.UNAVAILABLE && record.reason() != null && CAPACITY_LIMITS.contains(record.reason())) {
            overCapacity.increment(Map.of("limit", record.reason()));
        } else if (record.outcome() == Outcome.CANCELLED && "timeout".equals(record.reason())) {
            timedOut.increment(Map.of("mcp.method.name", KNOWN_METHODS.contains(record.method()) ? record.method() : OTHER));
        }
    }

    /** A stream was ended as a slow consumer. */
    public void slowConsumerEnded() {
        slowConsumers.increment(Map.of());
    }

    /** A session ended; {@code errorType} is null for an end without error ({@link dev.jakartamcp.session.SessionEnd}). */
    void sessionEnded(String protocolVersion, String errorType, double seconds) {
        Map<String, String> attributes = sessionAttributes(protocolVersion, errorType);
        sessionDurations.of(attributes).record(seconds);
        telemetry.chosen().recordSession(seconds, attributes);
    }

    /**
     * The attributes of {@code mcp.server.session.duration}. No {@code network.protocol.version}: a session's requests
     * may come on connections of different HTTP versions.
     */
    static Map<String, String> sessionAttributes(String protocolVersion, String errorType) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("mcp.protocol.version", protocolVersion);
        if (errorType != null) {
            attributes.put("error.type", errorType);
        }
        attributes.put("network.protocol.name", "http");
        attributes.put("network.transport", "tcp");
        return attributes;
    }

    /** The attributes of {@code mcp.server.operation.duration}, by the conventions (no ids: they are per request). */
    static Map<String, String> operationAttributes(OperationRecord record) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String method = KNOWN_METHODS.contains(record.method()) ? record.method() : OTHER;
        attributes.put("mcp.method.name", method);
        String item = record.knownItemName();
        if (item != null && record.itemKind() == ItemKind.TOOL) {
            attributes.put("gen_ai.tool.name", item);
        } else if (item != null && record.itemKind() == ItemKind.PROMPT) {
            attributes.put("gen_ai.prompt.name", item);
        }
        if (method.equals("tools/call")) {
            attributes.put("gen_ai.operation.name", "execute_tool");
        }
        if (record.protocolVersion() != null) {
            attributes.put("mcp.protocol.version", record.protocolVersion());
        }
        String errorType = record.errorType();
        if (errorType != null) {
            attributes.put("error.type", errorType);
        }
        if (record.errorCode() != null) {
            attributes.put("rpc.response.status_code", String.valueOf(record.errorCode()));
        }
        Connection connection = record.connection() == null ? Connection.UNKNOWN : record.connection();
        attributes.put("network.protocol.name", "http");
        if (connection.httpVersion() != null) {
            attributes.put("network.protocol.version", connection.httpVersion());
        }
        attributes.put("network.transport", connection.transport());
        return attributes;
    }

    private static String bounded(String reason) {
        return reason == null ? OTHER : reason;
    }

    List<Counter> counters() {
        return List.of(authorizationFailures, rateLimited, overCapacity, timedOut, jwksFetches, slowConsumers, containerLogSuppressed);
    }

    /** Everything, as Prometheus text exposition format 0.0.4. */
    public String prometheusText() {
        PrometheusText text = new PrometheusText();
        text.histogram(OPERATION_DURATION, "s", "MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent.", operations);
        text.histogram(SESSION_DURATION, "s", "The duration of the MCP session as observed on the MCP server.", sessionDurations);
        gauge(text, SESSIONS_ACTIVE, "MCP sessions (2025 revisions) the server holds now.", sessions::size);
        gauge(text, STREAMS_ACTIVE, "Long-lived streams (GET streams, subscriptions/listen) open now.", streams::open);
        for (Counter counter : counters()) {
            text.counter(counter);
        }
        return text.toString();
    }

    /** A gauge, left out of this scrape when its value cannot be read (with the cluster on, the data grid did not answer). */
    private static void gauge(PrometheusText text, String name, String help, java.util.function.LongSupplier value) {
        long read;
        try {
            read = value.getAsLong();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.FINE, name + " could not be read for this scrape", e);
            return;
        }
        text.gauge(name, help, read);
    }

    /** A counter we count ourselves. */
    static final class LabeledCounter implements Counter {
        private final String name;
        private final String unit;
        private final String description;
        private final LabeledSeries<LongAdder> series;

        LabeledCounter(String name, String unit, String description, int maxSeries) {
            this.name = name;
            this.unit = unit;
            this.description = description;
            this.series = new LabeledSeries<>(LongAdder::new, maxSeries);
        }

        void increment(Map<String, String> labels) {
            series.of(labels).increment();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String unit() {
            return unit;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public void forEach(BiConsumer<Map<String, String>, Long> action) {
            series.forEach((labels, adder) -> action.accept(labels, adder.sum()));
        }
    }

    /** A counter whose values another part of the server keeps: {@code series} gives each of them with its labels. */
    private record CountedElsewhere(String name, String unit, String description,
                                    Consumer<BiConsumer<Map<String, String>, Long>> series) implements Counter {
        @Override
        public void forEach(BiConsumer<Map<String, String>, Long> action) {
            series.accept(action);
        }
    }

    /** JWKS fetches, as {@link JwksKeySource} counts them. */
    private void jwksFetches(BiConsumer<Map<String, String>, Long> action) {
        Optional<JwksKeySource.Status> status = resourceServer.jwksStatus();
        action.accept(Map.of("outcome", "success"), status.map(JwksKeySource.Status::successes).orElse(0L));
        action.accept(Map.of("outcome", "failure"), status.map(JwksKeySource.Status::failures).orElse(0L));
    }

    /** Records of the server's own loggers left out of the log, as {@link ContainerLogThrottle} counts them. */
    private void containerLogSuppressed(BiConsumer<Map<String, String>, Long> action) {
        containerLog.suppressedByLogger().forEach((logger, count) -> action.accept(Map.of("logger", logger), count));
    }
}
