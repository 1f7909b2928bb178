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
}
