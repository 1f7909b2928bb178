package dev.jakartamcp.ops;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The context a request runs in, on the OpenTelemetry API with the W3C propagators (no SDK: spans propagate only). */
class OpenTelemetryBackendTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private final OpenTelemetryBackend backend = new OpenTelemetryBackend(OpenTelemetry.propagating(ContextPropagators.create(
            TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()))));

    /** The conventions: context, baggage included, is propagated in params._meta and extracted by the receiver. */
    @Test
    void theBaggageOfParamsMetaIsCurrentWhileTheRequestRuns() {
        Telemetry.RequestSpan span = backend.startSpan("tools/call get_channels",
                Map.of("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01", "baggage", "tenant=acme"), Map.of());
        try (Telemetry.Scope scope = span.makeCurrent()) {
            assertEquals("acme", Baggage.current().getEntryValue("tenant"));
            assertEquals(TRACE, Span.current().getSpanContext().getTraceId());
        }
        assertNull(Baggage.current().getEntryValue("tenant"), "not after the request");
    }

    /**
     * A question a 2025 tool asks its client (elicitation, sampling, roots) carries the request's trace context in its
     * params._meta, as the conventions propagate it, the author's own _meta kept: the client's handling of it started
     * a trace of its own.
     */
    @Test
    void aQuestionToTheClientCarriesTheRequestsTraceContext() {
        Telemetry.RequestSpan span = backend.startSpan("tools/call delete",
                Map.of("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01", "baggage", "tenant=acme"), Map.of());
        assertEquals("00-" + TRACE + "-b7ad6b7169203331-01", span.propagation().get("traceparent"));
        assertEquals("tenant=acme", span.propagation().get("baggage"));

        java.util.List<jakarta.json.JsonObject> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.jakartamcp.protocol.Exchange exchange = dev.jakartamcp.protocol.Exchange.builder(dev.jakartamcp.protocol.ProtocolRevision.V2025_11_25,
                "tools/call").clientCapabilities(jakarta.json.Json.createObjectBuilder().add("elicitation", jakarta.json.Json.createObjectBuilder()).build())
                .channel(new dev.jakartamcp.protocol.ExchangeChannel() {
                    @Override
                    public void notify(jakarta.json.JsonObject notification) {
                    }

                    @Override
                    public java.util.concurrent.CompletableFuture<jakarta.json.JsonObject> request(String method, jakarta.json.JsonObject params) {
                        sent.add(params);
                        return java.util.concurrent.CompletableFuture.completedFuture(jakarta.json.Json.createObjectBuilder().add("action", "decline").build());
                    }

                    @Override
                    public boolean isOpen() {
                        return true;
                    }
                }).build();
        exchange.observe(new Observation(exchange, java.time.Instant.now(), System.nanoTime(), span));
        jakarta.json.JsonObject schema = jakarta.json.Json.createObjectBuilder().add("type", "object").build();
        exchange.ask(Map.of("confirm", dev.jakartamcp.api.InputRequest.elicitation("Delete a.txt?", schema)));
        jakarta.json.JsonObject meta = sent.get(0).getJsonObject("_meta");
        assertEquals("00-" + TRACE + "-b7ad6b7169203331-01", meta.getString("traceparent"), sent.toString());
        assertEquals("tenant=acme", meta.getString("baggage"));
        assertEquals("Delete a.txt?", sent.get(0).getString("message"));
    }

    @Test
    void withoutBaggageInTheRequestTheCurrentOneStays() {
        Baggage server = Baggage.builder().put("node", "a").build();
        try (io.opentelemetry.context.Scope outer = server.makeCurrent()) {
            Telemetry.RequestSpan span = backend.startSpan("tools/list",
                    Map.of("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01"), Map.of());
            try (Telemetry.Scope scope = span.makeCurrent()) {
                assertEquals("a", Baggage.current().getEntryValue("node"));
                assertEquals(TRACE, Span.current().getSpanContext().getTraceId());
            }
        }
    }

    /**
     * The instruments read at each export are unregistered when the application stops: an SDK that outlives it (Liberty's
     * runtime-wide one) went on reading the old deployment's counters after a redeploy, added to the new one's.
     */
    @Test
    void theCallbacksAreClosedWhenTheApplicationStops() {
        java.util.List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        OpenTelemetryBackend backend = new OpenTelemetryBackend(recording(OpenTelemetry.class, closed));
        McpMetrics metrics = new McpMetrics() {
            @Override
            java.util.List<Counter> counters() {
                return java.util.List.of(counter("mcp.a"), counter("mcp.b"));
            }
        };
        backend.observe(metrics, () -> 0, () -> 0);
        assertEquals(java.util.List.of(), closed);
        backend.close();
        assertEquals(4, closed.size(), "the two gauges and the two counters: " + closed);
        backend.close();
        assertEquals(4, closed.size(), "once");
    }

    private static McpMetrics.Counter counter(String name) {
        return new McpMetrics.Counter() {
            public String name() { return name; }
            public String unit() { return "{request}"; }
            public String description() { return name; }
            public void forEach(java.util.function.BiConsumer<Map<String, String>, Long> action) { }
        };
    }

    /** An implementation of {@code type} whose methods answer further such implementations; each close is recorded. */
    @SuppressWarnings("unchecked")
    private static <T> T recording(Class<T> type, java.util.List<String> closed) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                closed.add(type.getSimpleName());
                return null;
            }
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("hashCode") ? 0 : method.getName().equals("equals") ? proxy == args[0] : type.getName();
            }
            Class<?> answer = method.getReturnType();
            return answer.isInterface() ? recording(answer, closed) : null;
        });
    }
}
