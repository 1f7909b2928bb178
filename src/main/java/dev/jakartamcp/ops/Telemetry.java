package dev.jakartamcp.ops;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Traces, and a copy of the metrics, through the OpenTelemetry API of MicroProfile Telemetry where the server provides
 * it (Payara Micro/Server 6 and 7, Liberty with {@code mpTelemetry-2.0}); nothing otherwise. Whether anything leaves
 * the server is the server's OpenTelemetry configuration ({@code otel.sdk.disabled=false}, exporter, endpoint): with
 * the SDK off the API is a no-op. The WAR never bundles OpenTelemetry; the class that uses it
 * ({@link OpenTelemetryBackend}) is only loaded when the API is there.
 *
 * <p>The backend is chosen by the first request's span, on a request thread: Payara ties an application's
 * OpenTelemetry SDK to the application running on the current thread.
 */
@ApplicationScoped
public class Telemetry {
    private static final Logger LOG = Logger.getLogger(Telemetry.class.getName());
    static final String API_CLASS = "io.opentelemetry.api.OpenTelemetry";
    static final String BACKEND_CLASS = "dev.jakartamcp.ops.OpenTelemetryBackend";

    private volatile Backend backend;

    /** A request's span: W3C ids, the scope that makes it current, and its end with the request's attributes. */
    public interface RequestSpan {
        RequestSpan NONE = new RequestSpan() {
        };

        /** 32 hex digits, or null when there is no valid span. */
        default String traceId() {
            return null;
        }

        default Scope makeCurrent() {
            return Scope.NONE;
        }

        /**
         * This span's context as the configured propagators write it ({@code traceparent}, {@code tracestate},
         * {@code baggage}): what a request the server sends for it carries in {@code params._meta}; empty without one.
         */
        default Map<String, String> propagation() {
            return Map.of();
        }

        /**
         * @param name        the final span name ({@code tools/call get_channels})
         * @param attributes  attribute values: String, Long or Boolean
         * @param error       whether the span's status is ERROR
         * @param description the status description (the JSON-RPC error message), or null
         * @param at          when the request was answered, for one answered before its handler returned (its deadline); null: now
         */
        default void end(String name, Map<String, Object> attributes, boolean error, String description, java.time.Instant at) {
        }
    }

    /** A span made current; closing it restores the previous one. */
    public interface Scope extends AutoCloseable {
        Scope NONE = () -> {
        };

        @Override
        void close();
    }

    /** What a telemetry implementation does; {@link OpenTelemetryBackend} is the only real one. */
    interface Backend {
        /**
         * Starts the server span of a request. Its parent is the context in {@code params._meta} if there is one (the
         * conventions' rule), else the current context (the server's own HTTP span, where it makes one), else the one
         * in the HTTP headers (servers that trace no servlet requests). The current context and a header context of
         * another trace, when they are not the parent, become links.
         */
        RequestSpan startSpan(String name, Map<String, String> metaCarrier, Map<String, String> headerCarrier);

        void recordOperation(double seconds, Map<String, String> attributes);

        void recordSession(double seconds, Map<String, String> attributes);

        /** Counters and gauges the backend reads when it exports, from {@link McpMetrics}. */
        void observe(McpMetrics metrics, LongSupplier sessions, LongSupplier streams);

        /** The application stops: what {@link #observe} registered is unregistered. */
        default void close() {
        }
    }

    private static final Backend NO_BACKEND = new Backend() {
        @Override
        public RequestSpan startSpan(String name, Map<String, String> metaCarrier, Map<String, String> headerCarrier) {
            return RequestSpan.NONE;
        }

        @Override
        public void recordOperation(double seconds, Map<String, String> attributes) {
        }

        @Override
        public void recordSession(double seconds, Map<String, String> attributes) {
        }

        @Override
        public void observe(McpMetrics metrics, LongSupplier sessions, LongSupplier streams) {
        }
    };

    private McpMetrics metrics;
    private LongSupplier sessions;
    private LongSupplier streams;

    /**
     * The metrics the backend exports besides our own endpoint; called once by {@link McpMetrics}, before or after the
     * backend was chosen.
     */
    synchronized void export(McpMetrics metrics, LongSupplier sessions, LongSupplier streams) {
        this.metrics = metrics;
        this.sessions = sessions;
        this.streams = streams;
        if (backend != null) {
            observeMetrics(backend);
        }
    }

    Backend backend() {
        Backend current = backend;
        if (current == null) {
            synchronized (this) {
                current = backend;
                if (current == null) {
                    current = create();
                    backend = current;
                    if (metrics != null) {
                        observeMetrics(current);
                    }
                }
            }
        }
        return current;
    }

    private void observeMetrics(Backend target) {
        try {
            target.observe(metrics, sessions, streams);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "OpenTelemetry metrics could not be registered; traces go on", e);
        }
    }

    /**
     * The backend once a request chose it, else none. Recording a metric never chooses it: that may happen on a thread
     * without the application (a data grid's event thread ending an expired session), where the server's
     * OpenTelemetry cannot be found, and the choice would stand for good. A value recorded before the node's first
     * request goes to the metrics endpoint only.
     */
    Backend chosen() {
        Backend current = backend;
        return current == null ? NO_BACKEND : current;
    }

    @PreDestroy
    void close() {
        Backend current = backend;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "OpenTelemetry metrics could not be unregistered", e);
            }
        }
    }

    /** Whether requests are traced through OpenTelemetry (the API is there; the SDK may still be switched off). */
    public boolean openTelemetry() {
        return backend() != NO_BACKEND;
    }

    private static Backend create() {
        ClassLoader loader = Telemetry.class.getClassLoader();
        try {
            Class.forName(API_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.info("No OpenTelemetry API on this server (MicroProfile Telemetry): MCP requests are not traced; metrics are at /mcp-metrics");
            return NO_BACKEND;
        }
        try {
            Backend otel = (Backend) Class.forName(BACKEND_CLASS, true, loader).getConstructor().newInstance();
            LOG.info("MCP requests are traced through the server's OpenTelemetry (MicroProfile Telemetry)");
            return otel;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "The server's OpenTelemetry could not be used: MCP requests are not traced", e);
            return NO_BACKEND;
        }
    }
}
