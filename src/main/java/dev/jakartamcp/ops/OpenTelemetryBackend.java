package dev.jakartamcp.ops;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link Telemetry.Backend} on the OpenTelemetry API the server provides (MicroProfile Telemetry's
 * {@code OpenTelemetry} bean). Only loaded by {@link Telemetry} after it found the API, so that the WAR deploys on
 * servers without it. Uses nothing newer than API 1.29 (Payara 6 and 7); the bucket advice of newer APIs is applied
 * when present.
 */
final class OpenTelemetryBackend implements Telemetry.Backend {
    private static final Logger LOG = Logger.getLogger(OpenTelemetryBackend.class.getName());
    static final String SCOPE = "dev.jakartamcp";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final OpenTelemetry otel;
    private final Tracer tracer;
    private final Meter meter;
    private final DoubleHistogram operationDuration;
    private final DoubleHistogram sessionDuration;

    /** The handles of the asynchronous instruments {@link #observe} registered, closed by {@link #close}. */
    private final List<Object> callbacks = new java.util.concurrent.CopyOnWriteArrayList<>();

    public OpenTelemetryBackend() {
        this(server());
    }

    OpenTelemetryBackend(OpenTelemetry otel) {
        this.otel = otel;
        tracer = otel.getTracer(SCOPE);
        meter = otel.getMeter(SCOPE);
        operationDuration = histogram(McpMetrics.OPERATION_DURATION, "MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent.");
        sessionDuration = histogram(McpMetrics.SESSION_DURATION, "The duration of the MCP session as observed on the MCP server.");
    }

    private static OpenTelemetry server() {
        Instance<OpenTelemetry> bean = CDI.current().select(OpenTelemetry.class);
        return bean.isResolvable() ? bean.get() : GlobalOpenTelemetry.get();
    }

    private DoubleHistogram histogram(String name, String description) {
        DoubleHistogramBuilder builder = meter.histogramBuilder(name).setUnit("s").setDescription(description);
        try {
            Method advice = builder.getClass().getMethod("setExplicitBucketBoundariesAdvice", List.class);
            advice.setAccessible(true);
            advice.invoke(builder, Histogram.BOUNDARIES_SECONDS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // API before 1.32: the SDK's default buckets (an operator can set a View)
        }
        return builder.build();
    }

    @Override
    public Telemetry.RequestSpan startSpan(String name, Map<String, String> metaCarrier, Map<String, String> headerCarrier) {
        TextMapPropagator configured = otel.getPropagators().getTextMapPropagator();
        Context meta = extract(configured, metaCarrier);
        Context header = extract(configured, headerCarrier);
        Context ambient = Context.current();
        SpanContext metaSpan = Span.fromContext(meta).getSpanContext();
        SpanContext headerSpan = Span.fromContext(header).getSpanContext();
        SpanContext ambientSpan = Span.fromContext(ambient).getSpanContext();
        Context parent = metaSpan.isValid() ? meta : ambientSpan.isValid() ? ambient : header;
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setParent(parent);
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        if (ambientSpan.isValid() && !ambientSpan.equals(parentSpan)) {
            builder.addLink(ambientSpan);
        }
        if (headerSpan.isValid() && !headerSpan.getTraceId().equals(parentSpan.getTraceId())
                && !headerSpan.getTraceId().equals(ambientSpan.getTraceId())) {
            builder.addLink(headerSpan);
        }
        // the baggage the parent came with (params._meta's, as the conventions have it, or the header's) is made current
        // with the span, so that it reaches what the request's code calls out to; the server's own is current already
        Baggage baggage = parent == ambient ? null : Baggage.fromContextOrNull(parent);
        return new OtelSpan(builder.startSpan(), baggage == null || baggage.isEmpty() ? null : baggage, configured);
    }

    /**
     * The context in {@code carrier} by the configured propagators; by W3C Trace Context when they find none (the
     * server's SDK switched off leaves no-op propagators, yet the trace id belongs in the audit record).
     */
    private static Context extract(TextMapPropagator configured, Map<String, String> carrier) {
        if (carrier.isEmpty()) {
            return Context.root();
        }
        Context context = configured.extract(Context.root(), carrier, GETTER);
        if (Span.fromContext(context).getSpanContext().isValid()) {
            return context;
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GETTER);
    }

    @Override
    public void recordOperation(double seconds, Map<String, String> attributes) {
        operationDuration.record(seconds, attributes(attributes));
    }

    @Override
    public void recordSession(double seconds, Map<String, String> attributes) {
        sessionDuration.record(seconds, attributes(attributes));
    }

    @Override
    public void observe(McpMetrics metrics, LongSupplier sessions, LongSupplier streams) {
        callbacks.add(meter.upDownCounterBuilder(McpMetrics.SESSIONS_ACTIVE).setUnit("{session}")
                .setDescription("MCP sessions (2025 revisions) the server holds now.")
                .buildWithCallback(m -> m.record(sessions.getAsLong())));
        callbacks.add(meter.upDownCounterBuilder(McpMetrics.STREAMS_ACTIVE).setUnit("{stream}")
                .setDescription("Long-lived streams (GET streams, subscriptions/listen) open now.")
                .buildWithCallback(m -> m.record(streams.getAsLong())));
        for (McpMetrics.Counter counter : metrics.counters()) {
            callbacks.add(meter.counterBuilder(counter.name()).setUnit(counter.unit()).setDescription(counter.description())
                    .buildWithCallback(m -> counter.forEach((labels, value) -> m.record(value, attributes(labels)))));
        }
    }

    /**
     * Unregisters the callbacks: an SDK that outlives the application (Liberty's runtime-wide one) would otherwise read
     * this deployment's counters at every export after a redeploy, added to the next deployment's, and keep its classes.
     */
    @Override
    public void close() {
        for (Object callback : callbacks) {
            if (callback instanceof AutoCloseable closeable) { // since API 1.19; before, nothing to close
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "An OpenTelemetry callback was not closed", e);
                }
            }
        }
        callbacks.clear();
    }

    private static Attributes attributes(Map<String, String> values) {
        AttributesBuilder builder = Attributes.builder();
        values.forEach(builder::put);
        return builder.build();
    }

    private static final class OtelSpan implements Telemetry.RequestSpan {
        private final Span span;
        /** Made current with the span; null: none of its own. */
        private final Baggage baggage;
        private final TextMapPropagator propagator;

        OtelSpan(Span span, Baggage baggage, TextMapPropagator propagator) {
            this.span = span;
            this.baggage = baggage;
            this.propagator = propagator;
        }

        @Override
        public Map<String, String> propagation() {
            if (!span.getSpanContext().isValid()) {
                return Map.of();
            }
            Context context = Context.root().with(span);
            if (baggage != null) {
                context = context.with(baggage);
            }
            Map<String, String> carrier = new java.util.LinkedHashMap<>();
            propagator.inject(context, carrier, Map::put);
            if (carrier.isEmpty()) { // no-op propagators (the SDK switched off): the trace still reaches the client
                W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
            }
            return carrier;
        }

        @Override
        public String traceId() {
            SpanContext context = span.getSpanContext();
            return context.isValid() ? context.getTraceId() : null;
        }

        @Override
        public Telemetry.Scope makeCurrent() {
            Context current = Context.current().with(span);
            io.opentelemetry.context.Scope scope = (baggage == null ? current : current.with(baggage)).makeCurrent();
            return scope::close;
        }

        @Override
        public void end(String name, Map<String, Object> attributes, boolean error, String description, java.time.Instant at) {
            span.updateName(name);
            attributes.forEach((key, value) -> {
                if (value instanceof Long l) {
                    span.setAttribute(key, l);
                } else if (value instanceof Boolean b) {
                    span.setAttribute(key, b);
                } else if (value != null) {
                    span.setAttribute(key, value.toString());
                }
            });
            if (error) {
                span.setStatus(StatusCode.ERROR, description == null ? "" : description);
            }
            if (at == null) {
                span.end();
            } else {
                span.end(at);
            }
        }
    }
}
