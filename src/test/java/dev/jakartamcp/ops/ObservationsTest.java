package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Connection;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.SessionEnd;
import dev.jakartamcp.session.SessionEnded;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObservationsTest {
    static final String META_TRACE = "00-11111111111111111111111111111111-2222222222222222-01";
    static final String HEADER_TRACE = "00-33333333333333333333333333333333-4444444444444444-01";

    static Exchange exchange(String method, JsonObject params, Map<String, String> headers) {
        return exchange(method, params, headers, Caller.anonymous("127.0.0.1"), Connection.of(52814, "HTTP/1.1"));
    }

    static Exchange exchange(String method, JsonObject params, Map<String, String> headers, Caller caller, Connection connection) {
        return Exchange.builder(ProtocolRevision.LATEST, method).requestId(Json.createValue("r-1")).params(params)
                .clientInfo(Json.createObjectBuilder().add("name", "cli").add("version", "9").build())
                .caller(caller).connection(connection).traceHeaders(headers).build();
    }

    static JsonObject params(String name, String traceparent) {
        var meta = Json.createObjectBuilder();
        if (traceparent != null) {
            meta.add("traceparent", traceparent);
        }
        return Json.createObjectBuilder().add("name", name).add("arguments", Json.createObjectBuilder().add("q", 1))
                .add("_meta", meta).build();
    }

    /**
     * A deadline that passes before the work begins audits the request with an observation made for it then; the work's
     * own, begun later, is in the same trace (before, each made a trace id of its own when the request continued none).
     */
    @Test
    void anObservationMadeBeforeTheWorksOwnHandsOverItsTraceId() {
        Exchange exchange = exchange("tools/call", params("get_channels", null), Map.of());
        Observation early = exchange.observation();
        String atDeadline = Observations.traceIdOf(early);
        Observation own = Observation.detached(exchange);
        exchange.observe(own);
        assertEquals(atDeadline, Observations.traceIdOf(own));
        assertEquals(atDeadline, Observations.record(own).traceId());

        Exchange another = exchange("tools/call", params("get_channels", null), Map.of());
        Observation first = another.observation();
        Observation second = Observation.detached(another);
        another.observe(second);
        assertEquals(Observations.traceIdOf(second), Observations.traceIdOf(first), "the early one's id, made when it is handed over");
        assertFalse(Observations.traceIdOf(second).equals(atDeadline), "each request a trace of its own");
    }

    @Test
    void theRecordHasWhatThePipelineLearnt() {
        Exchange exchange = exchange("tools/call", params("nope", META_TRACE), Map.of("traceparent", HEADER_TRACE));
        Observation o = Observation.detached(exchange);
        o.audited();
        o.requested("nope");
        o.failed(McpException.invalidParams("Unknown tool: nope"));
        OperationRecord r = Observations.record(o);
        assertEquals("tools/call", r.method());
        assertEquals("nope", r.itemName());
        assertFalse(r.resolved(), "an unknown name is never a metric attribute");
        assertNull(r.knownItemName());
        assertEquals(Outcome.INVALID, r.outcome());
        assertEquals("-32602", r.errorType());
        assertEquals("11111111111111111111111111111111", r.traceId(), "_meta wins over the header");
        assertEquals("r-1", r.requestId());
        assertEquals("cli", r.clientName());
        assertEquals("9", r.clientVersion());
        assertNull(r.arguments(), "no item found: which arguments are secret is unknown, so none is digested");
        assertTrue(r.audited());
        assertTrue(r.duration().compareTo(Duration.ZERO) >= 0);
    }

    /**
     * The arguments of a request whose item was found are digested without its secret ones; those of one whose item was
     * not found (switched off since the client listed it) are not digested at all. Before, they were, with only
     * mcp.audit.redact's names left out, so the value of a switched-off tool's secret argument reached the digest.
     */
    @Test
    void onlyTheArgumentsOfAFoundItemAreDigestedForItsSecretsAreKnownOnlyThen() {
        dev.jakartamcp.pipeline.McpItem login = new dev.jakartamcp.pipeline.McpItem() {
            @Override
            public dev.jakartamcp.pipeline.ItemKind kind() {
                return dev.jakartamcp.pipeline.ItemKind.TOOL;
            }

            @Override
            public String name() {
                return "login";
            }

            @Override
            public dev.jakartamcp.api.Access access() {
                return dev.jakartamcp.api.Access.permitAll();
            }

            @Override
            public JsonObject descriptor() {
                return JsonObject.EMPTY_JSON_OBJECT;
            }

            @Override
            public String source() {
                return "registered login";
            }

            @Override
            public java.util.Set<String> secretArguments() {
                return java.util.Set.of("passphrase");
            }
        };
        JsonObject params = Json.createObjectBuilder().add("name", "login")
                .add("arguments", Json.createObjectBuilder().add("user", "bob").add("passphrase", "4711")).build();
        Observation found = Observation.detached(exchange("tools/call", params, Map.of()));
        found.audited();
        found.requested("login");
        found.item(login);
        OperationRecord r = Observations.record(found);
        assertEquals(params.getJsonObject("arguments"), r.arguments());
        assertEquals(java.util.Set.of("passphrase"), r.secretArguments());

        Observation switchedOff = Observation.detached(exchange("tools/call", params, Map.of()));
        switchedOff.audited();
        switchedOff.requested("login");
        switchedOff.failed(McpException.invalidParams("Unknown tool: login"));
        assertNull(Observations.record(switchedOff).arguments(), "not digested: its secret passphrase would be");
    }

    record Prompt(String name) implements dev.jakartamcp.pipeline.McpItem {
        @Override
        public ItemKind kind() {
            return ItemKind.PROMPT;
        }

        @Override
        public dev.jakartamcp.api.Access access() {
            return dev.jakartamcp.api.Access.permitAll();
        }

        @Override
        public JsonObject descriptor() {
            return JsonObject.EMPTY_JSON_OBJECT;
        }

        @Override
        public String source() {
            return "registered " + name;
        }
    }

    /**
     * A completion's digest is of the argument it asked about, whatever else its params hold. Before, an
     * {@code arguments} beside it (which the completion ignores) was digested instead: a decoy in the audit trail.
     */
    @Test
    void aCompletionsDigestIsOfItsArgumentEvenBesideAnArgumentsDecoy() {
        JsonObject params = Json.createObjectBuilder()
                .add("ref", Json.createObjectBuilder().add("type", "ref/prompt").add("name", "travel"))
                .add("argument", Json.createObjectBuilder().add("name", "city").add("value", "Par"))
                .add("arguments", Json.createObjectBuilder().add("x", 1)).build();
        Observation completion = Observation.detached(exchange("completion/complete", params, Map.of()));
        completion.audited();
        completion.requested("travel");
        completion.item(new Prompt("travel"));
        assertEquals(params.getJsonObject("argument"), Observations.record(completion).arguments());
    }

    /**
     * A call answered at its deadline whose code returns later, successfully: its record says what the client got
     * (-31504, cancelled) for the metric, the span and the audit trail, without the reason the deadline's own record
     * has and counted in mcp.server.timed_out.
     */
    @Test
    void aCallAnsweredEarlyIsRecordedAsItWasAnsweredAndNotAuditedAgain() {
        Observation o = Observation.detached(exchange("tools/call", params("slow", null), Map.of()));
        o.audited();
        o.requested("slow");
        o.outcome(Outcome.OK); // what the pipeline saw when the code returned
        o.answeredEarly(new McpException(ErrorCode.TIMED_OUT, "Request timed out"), System.nanoTime());
        OperationRecord r = Observations.record(o);
        assertEquals(Outcome.CANCELLED, r.outcome());
        assertNull(r.reason(), "no reason: the deadline's own record has it and was counted in mcp.server.timed_out");
        assertEquals("-31504", r.errorType());
        assertEquals(ErrorCode.TIMED_OUT, r.errorCode());
        assertTrue(r.audited(), "audited: the record naming the tool, its arguments and session");
        assertTrue(Observations.isServerError(r.errorCode()), "the span's status is ERROR");
    }

    @Test
    void aCallAnsweredEarlyLastsUntilItsAnswerNotUntilItsCodeReturns() throws InterruptedException {
        Exchange exchange = exchange("tools/call", params("slow", null), Map.of());
        Observation o = Observation.detached(exchange);
        exchange.answeredEarly(new McpException(ErrorCode.TIMED_OUT, "Request timed out")); // at its deadline
        Thread.sleep(300); // the tool's code returns later
        o.answeredEarly(exchange.earlyAnswer().orElseThrow(), exchange.earlyAnswerNanos());
        OperationRecord r = Observations.record(o);
        assertTrue(r.duration().toMillis() < 300, "measured to the answer: " + r.duration());
    }

    @Test
    void theTraceIdComesFromTheHeaderElseIsTheRequestsOwn() {
        Observation fromHeader = Observation.detached(exchange("tools/list", params("x", null), Map.of("traceparent", HEADER_TRACE)));
        assertEquals("33333333333333333333333333333333", Observations.record(fromHeader).traceId());
        Observation none = Observation.detached(exchange("tools/list", params("x", "garbage"), Map.of()));
        String own = Observations.record(none).traceId();
        assertTrue(own.matches("[0-9a-f]{32}"), own);
        assertEquals(own, Observations.record(none).traceId(), "one per request");
    }

    @Test
    void outcomesFollowTheErrorUnlessThePipelineSaidOtherwise() {
        Observation o = Observation.detached(exchange("tools/call", params("x", null), Map.of()));
        o.failed(McpException.forbidden("no", Set.of("a"), Json.createObjectBuilder().add("error", "insufficient_scope").build()));
        assertEquals(Outcome.DENIED, o.outcome());
        assertEquals("insufficient_scope", o.reason());
        o.failed(new McpException(ErrorCode.INTERNAL_ERROR, "boom"));
        assertEquals(Outcome.FAILED, o.outcome());
        o.outcome(Outcome.TOOL_ERROR);
        assertEquals(Outcome.TOOL_ERROR, o.outcome());
    }

    @Test
    void aRefusedRequestIsAuditedWhateverItsMethod() {
        Observation full = Observation.detached(exchange("initialize", params("x", null), Map.of()));
        full.failed(McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: mcp.session.max", Duration.ofSeconds(1)));
        assertEquals(Outcome.UNAVAILABLE, Observations.record(full).outcome());
        assertTrue(Observations.record(full).audited(), "refused for a full server");
        Observation limited = Observation.detached(exchange("tasks/get", params("x", null), Map.of()));
        limited.failed(McpException.rateLimited("Too Many Requests", Duration.ofSeconds(1)));
        assertTrue(Observations.record(limited).audited(), "refused for a limit");
        Observation invalid = Observation.detached(exchange("tools/list", params("x", null), Map.of()));
        invalid.failed(new McpException(ErrorCode.INVALID_PARAMS, "bad cursor"));
        assertFalse(Observations.record(invalid).audited(), "a malformed request is no refusal");
        assertFalse(Observations.record(Observation.detached(exchange("ping", params("x", null), Map.of()))).audited());
    }

    @Test
    void onlyServerErrorsMakeASpanAnError() {
        for (int clientError : new int[]{-32700, -32600, -32601, -32602, -32002}) {
            assertFalse(Observations.isServerError(clientError), String.valueOf(clientError));
        }
        for (int serverError : new int[]{-32603, -32000, -32099, -32020, -31403, -31429, -31503}) {
            assertTrue(Observations.isServerError(serverError), String.valueOf(serverError));
        }
    }

    @Test
    void metaTraceValuesAreBounded() {
        JsonObject params = Json.createObjectBuilder().add("_meta", Json.createObjectBuilder()
                .add("traceparent", META_TRACE).add("tracestate", "x".repeat(Observations.MAX_TRACE_VALUE + 1))
                .add("baggage", 42).add("other", "y")).build();
        assertEquals(Map.of("traceparent", META_TRACE), Observations.metaCarrier(params));
    }

    @Test
    void metricAttributesAreBounded() {
        OperationRecord unknownMethod = new OperationRecord(null, "x/" + "y".repeat(100), true, null, null, false, null, null,
                null, null, null, "2026-07-28", Outcome.INVALID, -32601, "Method not found", null, Duration.ZERO, null, null, null, null, Set.of(), false);
        assertEquals("_OTHER", McpMetrics.operationAttributes(unknownMethod).get("mcp.method.name"));
        OperationRecord prompt = new OperationRecord(null, "prompts/get", true, ItemKind.PROMPT, "greet", true, null, null,
                null, null, null, "2026-07-28", Outcome.OK, null, null, null, Duration.ZERO, null, null, null, null, Set.of(), true);
        Map<String, String> attributes = McpMetrics.operationAttributes(prompt);
        assertEquals("greet", attributes.get("gen_ai.prompt.name"));
        assertFalse(attributes.containsKey("gen_ai.operation.name"), "execute_tool is for tool calls only");
        assertFalse(attributes.containsKey("error.type"));
    }

    @Test
    void theSpanHasTheClientsPortBesideItsAddress() {
        Map<String, Object> span = Observations.spanAttributes(Observations.record(Observation.detached(
                exchange("tools/list", params("x", null), Map.of()))));
        assertEquals("127.0.0.1", span.get("client.address"));
        assertEquals(52814L, span.get("client.port"), "an int attribute");
        Map<String, Object> noAddress = Observations.spanAttributes(Observations.record(Observation.detached(
                exchange("tools/list", params("x", null), Map.of(), Caller.ANONYMOUS, Connection.of(52814, "HTTP/1.1")))));
        assertFalse(noAddress.containsKey("client.address"));
        assertFalse(noAddress.containsKey("client.port"), "only where client.address is set");
        Map<String, Object> noPort = Observations.spanAttributes(Observations.record(Observation.detached(
                exchange("tools/list", params("x", null), Map.of(), Caller.anonymous("127.0.0.1"), Connection.of(-1, "HTTP/1.1")))));
        assertEquals("127.0.0.1", noPort.get("client.address"));
        assertFalse(noPort.containsKey("client.port"), "the container knew none");
        assertFalse(McpMetrics.operationAttributes(Observations.record(Observation.detached(
                exchange("tools/list", params("x", null), Map.of())))).containsKey("client.port"), "no client.* on the metric");
    }

    @Test
    void theHttpVersionAndTransportOfTheConnectionAreAttributesOfSpanAndMetric() {
        Map<String, String> http11 = McpMetrics.operationAttributes(Observations.record(Observation.detached(
                exchange("tools/list", params("x", null), Map.of()))));
        assertEquals("http", http11.get("network.protocol.name"));
        assertEquals("1.1", http11.get("network.protocol.version"));
        assertEquals("tcp", http11.get("network.transport"));
        Map<String, Object> http2 = Observations.spanAttributes(Observations.record(Observation.detached(
                exchange("tools/list", params("x", null), Map.of(), Caller.anonymous("::1"), Connection.of(443, "HTTP/2.0")))));
        assertEquals("2", http2.get("network.protocol.version"));
        assertEquals("tcp", http2.get("network.transport"));
        Map<String, String> http3 = McpMetrics.operationAttributes(Observations.record(Observation.detached(
                exchange("tools/list", params("x", null), Map.of(), Caller.ANONYMOUS, Connection.of(443, "HTTP/3")))));
        assertEquals("3", http3.get("network.protocol.version"));
        assertEquals("quic", http3.get("network.transport"));
        Map<String, String> unknown = McpMetrics.operationAttributes(Observations.record(Observation.detached(
                exchange("tools/list", params("x", null), Map.of(), Caller.ANONYMOUS, Connection.of(443, "SPDY/3.1")))));
        assertFalse(unknown.containsKey("network.protocol.version"), "only versions of a bounded set");
        assertEquals("tcp", unknown.get("network.transport"));
    }

    @Test
    void aConnectionKeepsOnlyAPortAndAKnownHttpVersion() {
        assertEquals(new Connection(8443, "1.0"), Connection.of(8443, "http/1.0"));
        assertEquals(Connection.UNKNOWN, Connection.of(0, null));
        assertEquals(Connection.UNKNOWN, Connection.of(70000, "HTTP/1.1 " + "x".repeat(100)));
        assertNull(new Connection(1, "1.1; drop").httpVersion());
    }

    @Test
    void aSessionThatEndedInErrorHasItsErrorTypeOnTheSessionMetric() {
        List<String> recorded = new ArrayList<>();
        Observations observations = new Observations();
        observations.metrics = new McpMetrics() {
            @Override
            void sessionEnded(String protocolVersion, String errorType, double seconds) {
                recorded.add(protocolVersion + " " + errorType + " " + seconds);
            }
        };
        observations.sessionEnded(new SessionEnded("s1", ProtocolRevision.V2025_11_25, Duration.ofSeconds(3), SessionEnd.IDLE_TIMEOUT));
        observations.sessionEnded(new SessionEnded("s2", ProtocolRevision.V2025_06_18, Duration.ofSeconds(2), SessionEnd.DELETED));
        observations.sessionEnded(new SessionEnded("s3", ProtocolRevision.V2025_11_25, Duration.ofSeconds(1), SessionEnd.OPERATOR));
        observations.sessionEnded(SessionEnded.elsewhere("s4"));
        assertEquals(List.of("2025-11-25 timeout 3.0", "2025-06-18 null 2.0", "2025-11-25 ended_by_operator 1.0"), recorded,
                "an end another node announced was counted there");

        assertEquals(Map.of("mcp.protocol.version", "2025-11-25", "error.type", "evicted", "network.protocol.name", "http",
                "network.transport", "tcp"), McpMetrics.sessionAttributes("2025-11-25", "evicted"));
        assertFalse(McpMetrics.sessionAttributes("2025-11-25", null).containsKey("error.type"), "only for an end in error");
    }
}
