package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import dev.jakartamcp.it.fixture.TransportFixtureTools;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jakartamcp.it.McpHttpClient.META_CLIENT_CAPABILITIES;
import static dev.jakartamcp.it.McpHttpClient.META_CLIENT_INFO;
import static dev.jakartamcp.it.McpHttpClient.META_LOG_LEVEL;
import static dev.jakartamcp.it.McpHttpClient.META_PROTOCOL_VERSION;
import static dev.jakartamcp.it.McpHttpClient.META_SERVER_INFO;
import static dev.jakartamcp.it.McpHttpClient.META_SUBSCRIPTION_ID;
import static dev.jakartamcp.it.McpHttpClient.SUPPORTED;
import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.V2026_07_28;
import static dev.jakartamcp.it.McpHttpClient.arr;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamable HTTP as revision 2026-07-28 defines it (stateless), against the product WAR with the conformance fixture
 * on every server: the {@code _meta} / header validation ladder and its status codes, method-not-found as 404,
 * {@code resultType} and cache hints, SSE answers for progress, multi round-trip requests, {@code subscriptions/listen},
 * and the absence of sessions, GET and DELETE.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class ModernTransportIT extends EndpointIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.withConformanceFixture(Map.of()).addPackage(TransportFixtureTools.class.getPackage());
    }


    @AfterEach
    void serverStillWorks() {
        ModernCall discover = mcp().modern("server/discover");
        assertTrue(discover.send().result(discover.id()).containsKey("supportedVersions"));
    }

    private static void assertComplete(JsonObject result) {
        assertEquals("complete", result.getString("resultType", null), "resultType: " + result);
    }

    private static void assertCacheHints(JsonObject result) {
        assertTrue(result.get("ttlMs") instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0, "ttlMs: " + result);
        assertTrue(Set.of("public", "private").contains(result.getString("cacheScope", "")), "cacheScope: " + result);
    }

    private static String text(JsonObject toolResult) {
        return toolResult.getJsonArray("content").getJsonObject(0).getString("text");
    }

    // ------------------------------------------------------------------ server/discover

    @Test
    void discoverDescribesTheServer() {
        ModernCall discover = mcp().modern("server/discover");
        Reply reply = discover.send();
        JsonObject result = reply.result(discover.id());
        assertTrue(reply.isJson());
        assertEquals(arr(SUPPORTED.toArray()), result.getJsonArray("supportedVersions"));
        JsonObject capabilities = result.getJsonObject("capabilities");
        assertTrue(capabilities.get("tools") instanceof JsonObject, capabilities.toString());
        assertTrue(capabilities.get("prompts") instanceof JsonObject, capabilities.toString());
        assertTrue(capabilities.get("resources") instanceof JsonObject, capabilities.toString());
        assertComplete(result);
        assertCacheHints(result);
        JsonObject serverInfo = result.getJsonObject("_meta").getJsonObject(META_SERVER_INFO);
        assertFalse(serverInfo.getString("name").isBlank());
        assertFalse(serverInfo.getString("version").isBlank());
        assertTrue(reply.header("Mcp-Session-Id").isEmpty(), "2026-07-28 mints no session");
    }

    @Test
    void clientInfoIsOptional() {
        ModernCall discover = mcp().modern("server/discover").withoutMeta(META_CLIENT_INFO).capabilities(obj());
        assertComplete(discover.send().result(discover.id()));
    }

    // ------------------------------------------------------------------ the validation ladder

    @Test
    void missingMetaProtocolVersionOrCapabilitiesIs400InvalidParamsWithTheIdEchoed() {
        ModernCall noMeta = mcp().modern("server/discover").noMeta();
        noMeta.send().assertError(400, -32602, noMeta.id());

        ModernCall noParams = mcp().modern("tools/list").noParams().id(Json.createValue("no-params"));
        noParams.send().assertError(400, -32602, noParams.id());

        ModernCall noVersion = mcp().modern("server/discover").withoutMeta(META_PROTOCOL_VERSION);
        noVersion.send().assertError(400, -32602, noVersion.id());

        ModernCall noCapabilities = mcp().modern("server/discover").withoutMeta(META_CLIENT_CAPABILITIES).id(Json.createValue("caps"));
        noCapabilities.send().assertError(400, -32602, noCapabilities.id());

        ModernCall capabilitiesNotObject = mcp().modern("server/discover").meta(META_CLIENT_CAPABILITIES, "all");
        capabilitiesNotObject.send().assertError(400, -32602, capabilitiesNotObject.id());
    }

    @Test
    void aHeaderThatDisagreesWithMetaIsHeaderMismatch() {
        // checked before version support: header 2026-07-28, _meta v999.0.0 is a mismatch, not an unsupported version
        ModernCall mismatch = mcp().modern("server/discover").meta(META_PROTOCOL_VERSION, "v999.0.0");
        mismatch.send().assertError(400, -32020, mismatch.id());

        ModernCall legacyHeader = mcp().modern("tools/list").header("MCP-Protocol-Version", V2025_11_25);
        legacyHeader.send().assertError(400, -32020, legacyHeader.id());

        ModernCall noHeader = mcp().modern("tools/list").header("MCP-Protocol-Version", null);
        noHeader.send().assertError(400, -32020, noHeader.id());
    }

    /**
     * A gateway trusts the Mcp-* headers of a request whose version header is 2026-07-28: a body naming a 2025 version
     * must not take it where they are not checked (with a live 2025 session, that was the legacy side, which answered).
     */
    @Test
    void aBodyNamingA2025VersionUnderA2026HeaderIsHeaderMismatchWithASessionToo() {
        String session = mcp().initialize(V2025_11_25).id();
        ModernCall inSession = mcp().modern("tools/call").param("name", "test_simple_text").param("arguments", obj())
                .header("Mcp-Name", "another_tool").meta(META_PROTOCOL_VERSION, V2025_11_25).header("Mcp-Session-Id", session);
        JsonObject error = inSession.send().assertError(400, -32020, inSession.id());
        assertEquals("Header mismatch: MCP-Protocol-Version header value '2026-07-28' does not match body value '2025-11-25'",
                error.getString("message"), error::toString);
        ModernCall noSession = mcp().modern("tools/list").meta(META_PROTOCOL_VERSION, V2025_11_25);
        noSession.send().assertError(400, -32020, noSession.id());
    }

    @Test
    void anUnsupportedVersionIs400WithTheSupportedVersions() {
        ModernCall call = mcp().modern("server/discover").meta(META_PROTOCOL_VERSION, "v999.0.0").header("MCP-Protocol-Version", "v999.0.0");
        JsonObject error = call.send().assertError(400, -32022, call.id());
        JsonObject data = error.getJsonObject("data");
        assertEquals(arr(SUPPORTED.toArray()), data.getJsonArray("supported"));
        assertEquals("v999.0.0", data.getString("requested"));
    }

    @Test
    void mcpMethodMustBePresentAndMatchTheBodyExactly() {
        ModernCall missing = mcp().modern("tools/list").header("Mcp-Method", null);
        missing.send().assertError(400, -32020, missing.id());

        ModernCall mismatched = mcp().modern("tools/list").header("Mcp-Method", "prompts/list");
        mismatched.send().assertError(400, -32020, mismatched.id());

        ModernCall wrongCase = mcp().modern("tools/list").header("Mcp-Method", "TOOLS/LIST");
        wrongCase.send().assertError(400, -32020, wrongCase.id());

        // header names are case-insensitive
        ModernCall lower = mcp().modern("tools/list").header("Mcp-Method", null).header("mcp-method", "tools/list");
        assertComplete(lower.send().result(lower.id()));
        ModernCall upper = mcp().modern("tools/list").header("Mcp-Method", null).header("MCP-METHOD", "tools/list");
        assertComplete(upper.send().result(upper.id()));
    }

    @Test
    void mcpNameMustBePresentAndMatchTheBody() {
        ModernCall missing = mcp().modern("tools/call").param("name", "test_simple_text").param("arguments", obj()).header("Mcp-Name", null);
        missing.send().assertError(400, -32020, missing.id());

        ModernCall mismatched = mcp().modern("tools/call").param("name", "test_simple_text").param("arguments", obj())
                .header("Mcp-Name", "wrong_tool_name");
        mismatched.send().assertError(400, -32020, mismatched.id());

        ModernCall prompt = mcp().modern("prompts/get").param("name", "test_simple_prompt").header("Mcp-Name", null);
        prompt.send().assertError(400, -32020, prompt.id());

        ModernCall resource = mcp().modern("resources/read").param("uri", "test://static-text").header("Mcp-Name", "test://static-binary");
        resource.send().assertError(400, -32020, resource.id());

        ModernCall badBase64 = mcp().modern("tools/call").param("name", "test_simple_text").param("arguments", obj())
                .header("Mcp-Name", "=?base64?!!!not-base64!!!?=");
        badBase64.send().assertError(400, -32020, badBase64.id());
    }

    @Test
    void mcpNameInTheBase64SentinelFormIsDecodedBeforeComparing() {
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("test_simple_text".getBytes(StandardCharsets.UTF_8)) + "?=";
        ModernCall call = mcp().modern("tools/call").param("name", "test_simple_text").param("arguments", obj()).header("Mcp-Name", encoded);
        JsonObject result = call.send().result(call.id());
        assertComplete(result);
        assertFalse(text(result).isBlank());

        String uri = "test://static-text";
        ModernCall read = mcp().modern("resources/read").param("uri", uri)
                .header("Mcp-Name", "=?base64?" + Base64.getEncoder().encodeToString(uri.getBytes(StandardCharsets.UTF_8)) + "?=");
        assertEquals(uri, read.send().result(read.id()).getJsonArray("contents").getJsonObject(0).getString("uri"));
    }

    @Test
    void mcpParamHeadersAreCheckedAgainstTheArgumentsTheyMirror() {
        ModernCall plain = mcp().modern("tools/call").param("name", "test_x_mcp_header").param("arguments", obj("region", "us-west1"))
                .header("Mcp-Param-Region", "us-west1");
        assertEquals("region=us-west1", text(plain.send().result(plain.id())));

        ModernCall encoded = mcp().modern("tools/call").param("name", "test_x_mcp_header").param("arguments", obj("region", "Hello, 世界"))
                .header("Mcp-Param-Region", "=?base64?" + Base64.getEncoder().encodeToString("Hello, 世界".getBytes(StandardCharsets.UTF_8)) + "?=");
        assertEquals("region=Hello, 世界", text(encoded.send().result(encoded.id())));

        ModernCall absent = mcp().modern("tools/call").param("name", "test_x_mcp_header").param("arguments", obj("level", 3));
        assertEquals("region=(none)", text(absent.send().result(absent.id())), "no value, no header expected");

        ModernCall unmatched = mcp().modern("tools/call").param("name", "test_x_mcp_header").param("arguments", obj("level", 3))
                .header("Mcp-Param-Region", "us-west1");
        unmatched.send().assertError(400, -32020, unmatched.id()); // a header an intermediary may route on, for no value

        ModernCall missing = mcp().modern("tools/call").param("name", "test_x_mcp_header").param("arguments", obj("region", "eu"));
        missing.send().assertError(400, -32020, missing.id());

        ModernCall mismatched = mcp().modern("tools/call").param("name", "test_x_mcp_header").param("arguments", obj("region", "eu"))
                .header("Mcp-Param-Region", "us");
        mismatched.send().assertError(400, -32020, mismatched.id());

        ModernCall badPadding = mcp().modern("tools/call").param("name", "test_x_mcp_header").param("arguments", obj("region", "Hello"))
                .header("Mcp-Param-Region", "=?base64?SGVsbG8?=");
        badPadding.send().assertError(400, -32020, badPadding.id());
    }

    @Test
    void anAnnotatedToolsHeaderArgumentsAreListedAndChecked() {
        ModernCall list = mcp().modern("tools/list");
        JsonObject routed = list.send().result(list.id()).getJsonArray("tools").getValuesAs(JsonObject.class).stream()
                .filter(t -> t.getString("name").equals("test_routed")).findFirst().orElseThrow();
        JsonObject properties = routed.getJsonObject("inputSchema").getJsonObject("properties");
        assertEquals("Tenant", properties.getJsonObject("tenant").getString("x-mcp-header"));
        assertEquals(9007199254740991L, properties.getJsonObject("tenant").getJsonNumber("maximum").longValue());
        assertEquals("Region", properties.getJsonObject("region").getString("x-mcp-header"));

        ModernCall both = mcp().modern("tools/call").param("name", "test_routed").param("arguments", obj("tenant", 42, "region", "eu"))
                .header("Mcp-Param-Tenant", "42").header("Mcp-Param-Region", "eu");
        assertEquals("tenant=42 region=eu", text(both.send().result(both.id())));
        ModernCall tenantOnly = mcp().modern("tools/call").param("name", "test_routed").param("arguments", obj("tenant", 7))
                .header("Mcp-Param-Tenant", "7");
        assertEquals("tenant=7 region=(none)", text(tenantOnly.send().result(tenantOnly.id())));

        ModernCall otherTenant = mcp().modern("tools/call").param("name", "test_routed").param("arguments", obj("tenant", 42))
                .header("Mcp-Param-Tenant", "43");
        otherTenant.send().assertError(400, -32020, otherTenant.id());
        ModernCall unsafe = mcp().modern("tools/call").param("name", "test_routed").param("arguments", obj("tenant", 9007199254740992L))
                .header("Mcp-Param-Tenant", "9007199254740992");
        unsafe.send().assertError(200, -32602, unsafe.id());
    }

    @Test
    void unknownAndRemovedMethodsAre404MethodNotFound() {
        for (String method : List.of("unknown/method", "initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe")) {
            ModernCall call = mcp().modern(method);
            if (method.startsWith("resources/")) {
                call.param("uri", "test://watched-resource");
            }
            if (method.equals("logging/setLevel")) {
                call.param("level", "info");
            }
            call.send().assertError(404, -32601, call.id());
        }
    }

    // ------------------------------------------------------------------ results

    @Test
    void everyResultCarriesResultTypeAndCacheableOnesCarryCacheHints() {
        Map<String, Object[]> cacheable = Map.of(
                "server/discover", new Object[]{},
                "tools/list", new Object[]{},
                "prompts/list", new Object[]{},
                "resources/list", new Object[]{},
                "resources/templates/list", new Object[]{},
                "resources/read", new Object[]{"uri", "test://static-text"});
        cacheable.forEach((method, params) -> {
            ModernCall call = mcp().modern(method);
            for (int i = 0; i < params.length; i += 2) {
                call.param((String) params[i], params[i + 1]);
            }
            JsonObject result = call.send().result(call.id());
            assertComplete(result);
            assertCacheHints(result);
        });

        ModernCall tool = mcp().modern("tools/call").param("name", "test_simple_text").param("arguments", obj());
        assertComplete(tool.send().result(tool.id()));
        ModernCall toolError = mcp().modern("tools/call").param("name", "test_error_handling").param("arguments", obj());
        JsonObject errorResult = toolError.send().result(toolError.id());
        assertComplete(errorResult);
        assertEquals(JsonValue.TRUE, errorResult.get("isError"));
        ModernCall prompt = mcp().modern("prompts/get").param("name", "test_simple_prompt");
        assertComplete(prompt.send().result(prompt.id()));
        ModernCall complete = mcp().modern("completion/complete")
                .param("ref", obj("type", "ref/prompt", "name", "test_prompt_with_arguments"))
                .param("argument", obj("name", "arg1", "value", "te"));
        JsonObject completion = complete.send().result(complete.id());
        assertComplete(completion);
        assertTrue(completion.getJsonObject("completion").get("values") instanceof JsonArray);
    }

    @Test
    void aMissingResourceIsInvalidParamsWithItsUri() {
        String uri = "test://nonexistent-resource-for-conformance-testing";
        ModernCall call = mcp().modern("resources/read").param("uri", uri);
        JsonObject error = call.send().assertError(200, -32602, call.id());
        assertEquals(uri, error.getJsonObject("data").getString("uri"));
    }

    @Test
    void invalidToolArgumentsAreAToolErrorAndAnUnknownToolIsInvalidParams() {
        ModernCall wrongType = mcp().modern("tools/call").param("name", "test_sampling").param("arguments", obj("prompt", 42));
        JsonObject wrongTypeResult = wrongType.send().result(wrongType.id());
        assertEquals(JsonValue.TRUE, wrongTypeResult.get("isError"), wrongTypeResult.toString());
        assertComplete(wrongTypeResult);

        ModernCall missing = mcp().modern("tools/call").param("name", "test_elicitation").param("arguments", obj());
        JsonObject result = missing.send().result(missing.id());
        assertEquals(JsonValue.TRUE, result.get("isError"), result.toString());
        assertComplete(result);

        ModernCall unreadable = mcp().modern("tools/call").param("name", "record_program")
                .param("arguments", obj("channel", "ETV", "start", "not-a-date-time"));
        JsonObject unreadableResult = unreadable.send().result(unreadable.id());
        assertEquals(JsonValue.TRUE, unreadableResult.get("isError"), unreadableResult.toString());
        assertComplete(unreadableResult);

        ModernCall unknown = mcp().modern("tools/call").param("name", "no_such_tool").param("arguments", obj());
        unknown.send().assertError(200, -32602, unknown.id());
    }

    // ------------------------------------------------------------------ streams

    @Test
    void aProgressTokenThatIsNoStringOrNumberOrTooLongIsInvalidParams() {
        ModernCall array = mcp().modern("tools/call").param("name", "test_tool_with_progress").param("arguments", obj())
                .meta("progressToken", Json.createArrayBuilder().add(1).add(2).build());
        JsonObject error = array.send().assertError(200, -32602, array.id());
        assertEquals("Invalid params: _meta.progressToken must be a string or a number, not array", error.getString("message"));
        ModernCall tooLong = mcp().modern("tools/call").param("name", "test_tool_with_progress").param("arguments", obj())
                .meta("progressToken", "p".repeat(1025));
        tooLong.send().assertError(200, -32602, tooLong.id());
    }

    @Test
    void progressTurnsTheAnswerIntoAnSseStreamWithNotificationsBeforeTheResult() {
        ModernCall call = mcp().modern("tools/call").param("name", "test_tool_with_progress").param("arguments", obj())
                .meta("progressToken", "progress-test-1");
        try (Streamed answer = call.open()) {
            assertEquals(200, answer.status());
            assertTrue(answer.isSse(), answer.contentType());
            assertEquals("no", answer.headers().firstValue("X-Accel-Buffering").orElse(""));
            assertTrue(answer.headers().firstValue("Mcp-Session-Id").isEmpty());
            SseStream events = answer.events();
            List<JsonObject> before = new ArrayList<>();
            JsonObject response = events.awaitResponse(call.id(), WAIT, before);
            assertComplete(response.getJsonObject("result"));
            assertTrue(before.size() >= 3, "at least three progress notifications: " + before);
            double last = -1;
            for (JsonObject n : before) {
                assertEquals("notifications/progress", n.getString("method"), "only notifications before the result: " + n);
                assertFalse(n.containsKey("id"), "no server-to-client requests in 2026-07-28: " + n);
                assertEquals("progress-test-1", n.getJsonObject("params").getString("progressToken"));
                double p = n.getJsonObject("params").getJsonNumber("progress").doubleValue();
                assertTrue(p >= last);
                last = p;
            }
            assertTrue(events.awaitEnd(WAIT).isEmpty(), "the stream ends with the response");
        }

        ModernCall plain = mcp().modern("tools/call").param("name", "test_tool_with_progress").param("arguments", obj());
        Reply reply = plain.send();
        assertTrue(reply.isJson(), "without a progress token the answer is plain JSON: " + reply.contentType());
        assertComplete(reply.result(plain.id()));
    }

    @Test
    void closingTheResponseStreamCancelsTheRequest() throws InterruptedException {
        String label = "modern-close-" + System.nanoTime();
        ModernCall call = mcp().modern("tools/call").param("name", "test_slow").param("arguments", obj("label", label))
                .meta("progressToken", "slow");
        try (Streamed answer = call.open()) {
            assertEquals("notifications/progress", answer.events().nextMessage(WAIT).getString("method"), "the tool is running");
        }
        SlowCallStatus.await(mcp(), label, "cancelled", WAIT, "the server stopped the request when its stream closed");
    }

    @Test
    void logMessagesAreSentOnlyWhenTheRequestAsksForALevel() {
        ModernCall silent = mcp().modern("tools/call").param("name", "test_logging_tool").param("arguments", obj());
        Reply quiet = silent.send();
        assertTrue(quiet.isJson(), "no logLevel, no log notifications, so plain JSON: " + quiet.body());
        assertComplete(quiet.result(silent.id()));

        ModernCall verbose = mcp().modern("tools/call").param("name", "test_logging_tool").param("arguments", obj())
                .meta(META_LOG_LEVEL, "info");
        Reply logged = verbose.send();
        assertTrue(logged.isSse(), logged.contentType());
        List<JsonObject> messages = logged.events().stream().map(SseEvent::json).filter(m -> m != null).toList();
        assertEquals("notifications/message", messages.get(0).getString("method"));
        assertEquals("info", messages.get(0).getJsonObject("params").getString("level"));
        assertEquals(verbose.id(), messages.get(messages.size() - 1).get("id"));

        ModernCall tooHigh = mcp().modern("tools/call").param("name", "test_logging_tool").param("arguments", obj())
                .meta(META_LOG_LEVEL, "error");
        assertTrue(tooHigh.send().isJson(), "an info message is below an error threshold");

        ModernCall bogus = mcp().modern("tools/call").param("name", "test_logging_tool").param("arguments", obj())
                .meta(META_LOG_LEVEL, "loud");
        bogus.send().assertError(400, -32602, bogus.id());
    }

    // ------------------------------------------------------------------ multi round-trip requests

    @Test
    void anElicitationRoundTripCompletesWithTheAnswer() {
        ModernCall first = mcp().modern("tools/call").param("name", "test_input_required_result_elicitation").param("arguments", obj());
        Reply r1 = first.send();
        assertTrue(r1.isJson());
        JsonObject incomplete = r1.result(first.id());
        assertEquals("input_required", incomplete.getString("resultType"));
        assertFalse(incomplete.getJsonObject("_meta").getJsonObject(META_SERVER_INFO).getString("name").isBlank(),
                "an input_required result names the server as every result does");
        JsonObject request = incomplete.getJsonObject("inputRequests").getJsonObject("user_name");
        assertEquals("elicitation/create", request.getString("method"));
        assertEquals("object", request.getJsonObject("params").getJsonObject("requestedSchema").getString("type"));
        assertFalse(request.getJsonObject("params").getString("message").isBlank());

        ModernCall second = mcp().modern("tools/call").param("name", "test_input_required_result_elicitation").param("arguments", obj())
                .param("inputResponses", obj("user_name", obj("action", "accept", "content", obj("name", "Alice"))));
        if (incomplete.get("requestState") instanceof JsonString state) {
            second.param("requestState", state);
        }
        JsonObject done = second.send().result(second.id());
        assertComplete(done);
        assertEquals("Hello, Alice!", text(done));
    }

    @Test
    void aMultiRoundRequestCarriesChangingSignedStateAndRejectsTampering() {
        String tool = "test_input_required_result_multi_round";
        ModernCall r1 = mcp().modern("tools/call").param("name", tool).param("arguments", obj());
        JsonObject round1 = r1.send().result(r1.id());
        assertEquals("input_required", round1.getString("resultType"));
        assertTrue(round1.getJsonObject("inputRequests").containsKey("step1"));
        String state1 = round1.getString("requestState");

        ModernCall r2 = mcp().modern("tools/call").param("name", tool).param("arguments", obj()).param("requestState", state1)
                .param("inputResponses", obj("step1", obj("action", "accept", "content", obj("name", "Alice"))));
        JsonObject round2 = r2.send().result(r2.id());
        assertEquals("input_required", round2.getString("resultType"));
        assertTrue(round2.getJsonObject("inputRequests").containsKey("step2"));
        String state2 = round2.getString("requestState");
        assertNotEquals(state1, state2, "the state changes between rounds");

        ModernCall tampered = mcp().modern("tools/call").param("name", tool).param("arguments", obj()).param("requestState", state2 + "-TAMPERED")
                .param("inputResponses", obj("step2", obj("action", "accept", "content", obj("color", "blue"))));
        tampered.send().assertError(400, -32602, tampered.id());

        // a state issued for one request is not accepted on another
        ModernCall elsewhere = mcp().modern("tools/call").param("name", "test_input_required_result_tampered_state").param("arguments", obj())
                .param("requestState", state2).param("inputResponses", obj("confirm", obj("action", "accept", "content", obj("ok", true))));
        elsewhere.send().assertError(400, -32602, elsewhere.id());

        ModernCall r3 = mcp().modern("tools/call").param("name", tool).param("arguments", obj()).param("requestState", state2)
                .param("inputResponses", obj("step2", obj("action", "accept", "content", obj("color", "blue"))));
        JsonObject done = r3.send().result(r3.id());
        assertComplete(done);
        assertEquals("Alice likes blue", text(done));
    }

    @Test
    void inputRequestsAreCompleteSamplingElicitationAndRootsRequests() {
        String tool = "test_input_required_result_multiple_inputs";
        ModernCall first = mcp().modern("tools/call").param("name", tool).param("arguments", obj());
        JsonObject incomplete = first.send().result(first.id());
        assertEquals("input_required", incomplete.getString("resultType"));
        JsonObject requests = incomplete.getJsonObject("inputRequests");
        JsonObject elicit = requests.getJsonObject("user_name");
        assertEquals("elicitation/create", elicit.getString("method"));
        assertEquals("object", elicit.getJsonObject("params").getJsonObject("requestedSchema").getString("type"));
        JsonObject sample = requests.getJsonObject("greeting");
        assertEquals("sampling/createMessage", sample.getString("method"));
        assertEquals(50, sample.getJsonObject("params").getInt("maxTokens"));
        assertEquals("user", sample.getJsonObject("params").getJsonArray("messages").getJsonObject(0).getString("role"));
        assertEquals("roots/list", requests.getJsonObject("client_roots").getString("method"));
        String state = incomplete.getString("requestState");
        assertFalse(state.isBlank());

        ModernCall second = mcp().modern("tools/call").param("name", tool).param("arguments", obj()).param("requestState", state)
                .param("inputResponses", obj(
                        "user_name", obj("action", "accept", "content", obj("name", "Alice")),
                        "greeting", obj("role", "assistant", "content", obj("type", "text", "text", "Hello"), "model", "test-model", "stopReason", "endTurn"),
                        "client_roots", obj("roots", arr(obj("uri", "file:///test/root", "name", "Test Root")))));
        JsonObject done = second.send().result(second.id());
        assertComplete(done);
        assertNotEquals(JsonValue.TRUE, done.get("isError"));
    }

    @Test
    void aRequestNeedingAnUndeclaredClientCapabilityIs400MissingCapability() {
        ModernCall sampling = mcp().modern("tools/call").param("name", "test_missing_capability").param("arguments", obj()).capabilities(obj());
        JsonObject error = sampling.send().assertError(400, -32021, sampling.id());
        assertEquals(obj(), error.getJsonObject("data").getJsonObject("requiredCapabilities").getJsonObject("sampling"));

        ModernCall elicitation = mcp().modern("tools/call").param("name", "test_input_required_result_elicitation").param("arguments", obj())
                .capabilities(obj("sampling", obj()));
        JsonObject error2 = elicitation.send().assertError(400, -32021, elicitation.id());
        assertTrue(error2.getJsonObject("data").getJsonObject("requiredCapabilities").containsKey("elicitation"));

        ModernCall declared = mcp().modern("tools/call").param("name", "test_missing_capability").param("arguments", obj())
                .capabilities(obj("sampling", obj()));
        assertEquals("input_required", declared.send().result(declared.id()).getString("resultType"));
    }

    // ------------------------------------------------------------------ subscriptions/listen

    private Streamed listen(ModernCall call) {
        Streamed stream = call.open();
        assertEquals(200, stream.status());
        assertTrue(stream.isSse(), stream.contentType());
        return stream;
    }

    private void trigger(String tool) {
        ModernCall call = mcp().modern("tools/call").param("name", tool).param("arguments", obj());
        assertComplete(call.send().result(call.id()));
    }

    @Test
    void listenIsAcknowledgedFirstThenDeliversWhatItAskedForOnly() {
        ModernCall toolsCall = mcp().modern("subscriptions/listen").id(Json.createValue("listen-tools"))
                .param("notifications", obj("toolsListChanged", true));
        ModernCall promptsCall = mcp().modern("subscriptions/listen").id(Json.createValue(4242))
                .param("notifications", obj("promptsListChanged", true));
        try (Streamed tools = listen(toolsCall); Streamed prompts = listen(promptsCall)) {
            JsonObject ack = tools.events().nextMessage(WAIT);
            assertEquals("notifications/subscriptions/acknowledged", ack.getString("method"));
            assertFalse(ack.containsKey("id"));
            assertEquals(toolsCall.id(), ack.getJsonObject("params").getJsonObject("_meta").get(META_SUBSCRIPTION_ID));
            assertEquals(JsonValue.TRUE, ack.getJsonObject("params").getJsonObject("notifications").get("toolsListChanged"));
            JsonObject promptsAck = prompts.events().nextMessage(WAIT);
            assertEquals("notifications/subscriptions/acknowledged", promptsAck.getString("method"));
            assertEquals(promptsCall.id(), promptsAck.getJsonObject("params").getJsonObject("_meta").get(META_SUBSCRIPTION_ID));

            trigger("test_trigger_tool_change");
            JsonObject changed = tools.events().nextMessage(WAIT);
            assertEquals("notifications/tools/list_changed", changed.getString("method"));
            assertEquals(toolsCall.id(), changed.getJsonObject("params").getJsonObject("_meta").get(META_SUBSCRIPTION_ID));
            prompts.events().assertNoMessage(Duration.ofMillis(800));

            trigger("test_trigger_prompt_change");
            JsonObject promptChanged = prompts.events().nextMessage(WAIT);
            assertEquals("notifications/prompts/list_changed", promptChanged.getString("method"));
            assertEquals(promptsCall.id(), promptChanged.getJsonObject("params").getJsonObject("_meta").get(META_SUBSCRIPTION_ID));
            tools.events().assertNoMessage(Duration.ofMillis(500));
        }
    }

    @Test
    void listenDeliversUpdatesOfTheResourcesItNamesOnly() {
        String watched = "test://watched-resource";
        ModernCall watchingCall = mcp().modern("subscriptions/listen").param("notifications", obj("resourceSubscriptions", arr(watched)));
        ModernCall otherCall = mcp().modern("subscriptions/listen").param("notifications", obj("resourceSubscriptions", arr("test://static-text")));
        try (Streamed watching = listen(watchingCall); Streamed other = listen(otherCall)) {
            JsonObject ack = watching.events().nextMessage(WAIT);
            assertEquals("notifications/subscriptions/acknowledged", ack.getString("method"));
            assertEquals(arr(watched), ack.getJsonObject("params").getJsonObject("notifications").getJsonArray("resourceSubscriptions"));
            assertEquals("notifications/subscriptions/acknowledged", other.events().nextMessage(WAIT).getString("method"));

            ModernCall touch = mcp().modern("tools/call").param("name", "test_touch_resource").param("arguments", obj("uri", watched));
            assertComplete(touch.send().result(touch.id()));
            JsonObject updated = watching.events().nextMessage(WAIT);
            assertEquals("notifications/resources/updated", updated.getString("method"));
            assertEquals(watched, updated.getJsonObject("params").getString("uri"));
            assertEquals(watchingCall.id(), updated.getJsonObject("params").getJsonObject("_meta").get(META_SUBSCRIPTION_ID));
            other.events().assertNoMessage(Duration.ofMillis(500));
        }
    }

    @Test
    void listenNeedsAnEventStreamClient() {
        ModernCall call = mcp().modern("subscriptions/listen").param("notifications", obj("toolsListChanged", true)).accept("application/json");
        call.send().assertError(406, -32600, call.id());
    }

    @Test
    void closingAListenStreamLeavesTheServerWorking() {
        for (int i = 0; i < 3; i++) {
            ModernCall call = mcp().modern("subscriptions/listen").param("notifications", obj("toolsListChanged", true));
            try (Streamed stream = listen(call)) {
                assertEquals("notifications/subscriptions/acknowledged", stream.events().nextMessage(WAIT).getString("method"));
            }
        }
        // deliveries to the closed streams must not disturb anything
        trigger("test_trigger_tool_change");
        trigger("test_trigger_tool_change");
        ModernCall call = mcp().modern("subscriptions/listen").param("notifications", obj("toolsListChanged", true));
        try (Streamed stream = listen(call)) {
            assertEquals("notifications/subscriptions/acknowledged", stream.events().nextMessage(WAIT).getString("method"));
            trigger("test_trigger_tool_change");
            assertEquals("notifications/tools/list_changed", stream.events().nextMessage(WAIT).getString("method"));
        }
        ModernCall list = mcp().modern("tools/list");
        assertComplete(list.send().result(list.id()));
    }

    // ------------------------------------------------------------------ no sessions, no GET, no DELETE

    @Test
    void getAndDeleteAre405() {
        Reply get = mcp().get().header("MCP-Protocol-Version", V2026_07_28).send();
        get.assertError(405, -32600, null);
        assertTrue(get.header("Allow").orElse("").contains("POST"), "Allow: " + get.header("Allow"));
        Reply delete = mcp().delete().header("MCP-Protocol-Version", V2026_07_28).header("Mcp-Session-Id", "whatever").send();
        delete.assertError(405, -32600, null);
        assertTrue(delete.header("Allow").orElse("").contains("POST"));
    }

    @Test
    void aSessionIdHeaderIsIgnoredAndNoneIsMinted() {
        ModernCall call = mcp().modern("tools/list").header("Mcp-Session-Id", "stale-session-from-2025").header("Last-Event-ID", "abc_3");
        Reply reply = call.send();
        assertComplete(reply.result(call.id()));
        assertTrue(reply.header("Mcp-Session-Id").isEmpty());

        String legacySession = mcp().initialize(V2025_11_25).id();
        ModernCall withLive = mcp().modern("server/discover").header("Mcp-Session-Id", legacySession);
        Reply live = withLive.send();
        assertComplete(live.result(withLive.id()));
        assertTrue(live.header("Mcp-Session-Id").isEmpty());
    }

    @Test
    void notificationsAre202AndResponsesAndBatchesAreInvalid() {
        mcp().post(obj("jsonrpc", "2.0", "method", "notifications/cancelled", "params", obj("requestId", 1)).toString())
                .header("MCP-Protocol-Version", V2026_07_28).header("Mcp-Method", "notifications/cancelled").send().assertAccepted();

        mcp().post(obj("jsonrpc", "2.0", "id", 5, "result", obj()).toString()).header("MCP-Protocol-Version", V2026_07_28)
                .send().assertError(400, -32600, Json.createValue(5));

        ModernCall one = mcp().modern("tools/list");
        mcp().post(arr(one.body(), mcp().modern("prompts/list").body()).toString()).header("MCP-Protocol-Version", V2026_07_28)
                .header("Mcp-Method", "tools/list").send().assertError(400, -32600, null);
    }
}
