package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.OtlpReceiver.ExportedSpan;
import jakarta.json.Json;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A span per MCP request through the server's own OpenTelemetry (MicroProfile Telemetry), exported over OTLP/HTTP to
 * a receiver in the test JVM: named as the conventions say ({@code tools/call get_channels}), kind SERVER, child of the
 * {@code traceparent} in {@code params._meta} (2026-07-28) with the HTTP request's trace as a link, or in the trace of
 * the HTTP {@code traceparent} header (2025 sessions): its child on Payara, which traces no servlet requests, and the
 * child of Liberty's own HTTP server span, itself the header's child, on Liberty. With the conventions' attributes.
 * The deployment switches the server's SDK on through its own MicroProfile Config ({@code otel.*}), as an operator
 * would.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class TracingIT extends EndpointIT {
    private static OtlpReceiver receiver;

    @Deployment(testable = false)
    static WebArchive deployment() {
        try {
            receiver = new OtlpReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return McpDeployments.product(Map.of(
                "otel.sdk.disabled", "false",
                "otel.service.name", "jakarta-mcp-it",
                "otel.traces.exporter", "otlp",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.exporter.otlp.endpoint", receiver.endpoint(),
                "otel.bsp.schedule.delay", "100"));
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    ExportedSpan awaitSpan(String traceId) throws InterruptedException {
        return receiver.await(s -> s.traceId().equals(traceId) && s.scope().equals("dev.jakartamcp"), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no span of trace " + traceId + " exported; got " + receiver.spans()));
    }

    /** {@code span}'s parent is {@code parentId}, or an exported span of the server (its HTTP span) whose parent it is. */
    static void assertDescendsFrom(ExportedSpan span, String parentId) throws InterruptedException {
        if (span.parentSpanId().equals(parentId)) {
            return;
        }
        ExportedSpan between = receiver.await(s -> s.spanId().equals(span.parentSpanId()), Duration.ofSeconds(10))
                .orElseThrow(() -> new AssertionError("the parent of " + span + " is neither " + parentId + " nor exported"));
        System.out.println("[the server's own span between] " + between);
        assertEquals(parentId, between.parentSpanId(), () -> "the span between is no child of the client's: " + between);
    }

    @Test
    void aToolCallContinuesTheTraceInItsMeta() throws Exception {
        String traceId = hex(16);
        String parentId = hex(8);
        String headerTrace = hex(16);
        String headerParent = hex(8);
        ModernCall call = mcp().modern("tools/call").param("name", "get_channels")
                .param("arguments", Json.createObjectBuilder().add("location", "Tokyo").build())
                .meta("traceparent", "00-" + traceId + "-" + parentId + "-01")
                .header("traceparent", "00-" + headerTrace + "-" + headerParent + "-01");
        call.send().result();

        ExportedSpan span = awaitSpan(traceId);
        System.out.println("[span of a 2026-07-28 tools/call with _meta.traceparent] " + span);
        assertEquals("tools/call get_channels", span.name());
        assertEquals(2, span.kind(), "SERVER");
        assertEquals(parentId, span.parentSpanId(), "the parent is the client's span in _meta");
        assertEquals(16, span.spanId().length());
        assertEquals("tools/call", span.attributes().get("mcp.method.name"));
        assertEquals("get_channels", span.attributes().get("gen_ai.tool.name"));
        assertEquals("execute_tool", span.attributes().get("gen_ai.operation.name"));
        assertEquals("2026-07-28", span.attributes().get("mcp.protocol.version"));
        assertEquals(call.id().toString(), span.attributes().get("jsonrpc.request.id"));
        assertEquals("http", span.attributes().get("network.protocol.name"));
        assertEquals("1.1", span.attributes().get("network.protocol.version"), "the tests' client speaks HTTP/1.1");
        assertEquals("tcp", span.attributes().get("network.transport"));
        assertEquals("127.0.0.1", span.attributes().get("client.address"));
        assertTrue(span.attributes().get("client.port") instanceof Long port && port > 0 && port <= 65535,
                "client.port, an int, beside client.address: " + span);
        assertTrue(span.linkedTraceIds().contains(headerTrace), "the HTTP request's trace is a link: " + span);
        assertEquals(0, span.statusCode(), "UNSET");
    }

    @Test
    void aSessionRequestContinuesTheTraceInItsHeaders() throws Exception {
        LegacySession session = mcp().initialize(McpHttpClient.V2025_11_25);
        String traceId = hex(16);
        String parentId = hex(8);
        String body = session.request(Json.createValue(7), "tools/call", Json.createObjectBuilder().add("name", "no_such_tool")
                .add("arguments", Json.createObjectBuilder()).build());
        session.post(body).header("traceparent", "00-" + traceId + "-" + parentId + "-01").send();

        ExportedSpan span = awaitSpan(traceId);
        System.out.println("[span of a 2025-11-25 tools/call with a traceparent header] " + span);
        assertEquals("tools/call", span.name(), "no such tool: no target in the name");
        assertDescendsFrom(span, parentId);
        assertEquals(session.id(), span.attributes().get("mcp.session.id"));
        assertEquals("2025-11-25", span.attributes().get("mcp.protocol.version"));
        assertEquals("-32602", span.attributes().get("error.type"));
        assertEquals("-32602", span.attributes().get("rpc.response.status_code"));
        assertEquals("7", span.attributes().get("jsonrpc.request.id"));
        assertEquals(0, span.statusCode(), "invalid params are the client's error, not the server's");
        session.delete().send();
    }
}
