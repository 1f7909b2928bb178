package dev.jakartamcp.protocol;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RequestStateCodecTest {
    private static final Caller ALICE = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "");
    private static final Caller BOB = new Caller("https://issuer", "bob", Set.of(), Map.of(), null, "");
    private final RequestStateCodec codec = new RequestStateCodec(new byte[32], Duration.ofMinutes(10), Clock.systemUTC());

    private static Exchange exchange(Caller caller, JsonObject params) {
        return Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").caller(caller).params(params).build();
    }

    private static JsonObject call(String extraKey, JsonValue extra) {
        return Json.createObjectBuilder().add("name", "t").add("arguments", Json.createObjectBuilder().add("a", 1).add("b", "x"))
                .add(extraKey, extra).build();
    }

    @Test
    void answersSurviveARoundTripBoundToCallerAndParameters() {
        JsonObject params = call("x", Json.createValue(1));
        Map<String, JsonValue> answers = Map.of("q", Json.createObjectBuilder().add("action", "accept").build());
        Map<String, String> questions = Map.of("q", "digest of the question");
        String state = codec.seal(exchange(ALICE, params), answers, questions);
        assertEquals(new RequestStateCodec.Opened(answers, questions), codec.open(state, exchange(ALICE, params)));

        McpException otherCaller = assertThrows(McpException.class, () -> codec.open(state, exchange(BOB, params)));
        assertEquals("Invalid requestState: issued to another caller", otherCaller.getMessage());
        assertEquals(McpException.Reason.BAD_REQUEST, otherCaller.reason());
        McpException otherParams = assertThrows(McpException.class, () -> codec.open(state, exchange(ALICE, call("x", Json.createValue(2)))));
        assertEquals("Invalid requestState: issued for a request with other parameters", otherParams.getMessage());
        String tampered = state.substring(0, state.indexOf('.') - 2) + "AA" + state.substring(state.indexOf('.'));
        assertEquals("Invalid requestState: integrity check failed", assertThrows(McpException.class,
                () -> codec.open(tampered, exchange(ALICE, params))).getMessage());
    }

    @Test
    void keyOrderAndRoundChangingMembersDoNotMatter() {
        JsonObject first = Json.createObjectBuilder().add("name", "t").add("arguments", Json.createObjectBuilder().add("a", 1).add("b", "x")).build();
        JsonObject reordered = Json.createObjectBuilder().add("arguments", Json.createObjectBuilder().add("b", "x").add("a", 1))
                .add("name", "t").add("inputResponses", JsonValue.EMPTY_JSON_OBJECT).add("_meta", Json.createObjectBuilder().add("k", 1)).build();
        assertEquals(RequestStateCodec.digest(first), RequestStateCodec.digest(reordered));
    }

    @Test
    void theDigestTellsTypesAndStructuresApart() {
        assertNotEquals(RequestStateCodec.digest(call("x", Json.createValue("1"))), RequestStateCodec.digest(call("x", Json.createValue(1))));
        assertNotEquals(RequestStateCodec.digest(call("x", Json.createArrayBuilder().add("ab").build())),
                RequestStateCodec.digest(call("x", Json.createArrayBuilder().add("a").add("b").build())));
        assertNotEquals(RequestStateCodec.digest(call("x", JsonValue.NULL)), RequestStateCodec.digest(call("x", JsonValue.FALSE)));
    }

    /**
     * The digest used to re-encode every nested level as a JSON string, doubling the escaping per level: 60 levels of
     * nested arrays (about 60 bytes) meant some 2^60 bytes of work. Structural digesting is linear; this would hang
     * before the fix.
     */
    @Test
    void deeplyNestedJunkIsDigestedInLinearTime() {
        String digest = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> RequestStateCodec.digest(
                Json.createObjectBuilder().add("name", "t").add("junk", linear(60)).build()));
        assertEquals(43, digest.length());
        JsonArrayBuilder wide = Json.createArrayBuilder();
        for (int i = 0; i < 2000; i++) {
            wide.add(linear(60));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> RequestStateCodec.digest(call("junk", wide.build())));
    }

    /** [[[ … ]]] as one chain. */
    private static JsonValue linear(int depth) {
        JsonValue value = JsonValue.EMPTY_JSON_ARRAY;
        for (int i = 1; i < depth; i++) {
            value = Json.createArrayBuilder().add(value).build();
        }
        return value;
    }

    @Test
    void nestingBeyondTheLimitIsRefusedBeforeAnyHashing() {
        McpException e = assertThrows(McpException.class, () -> RequestStateCodec.digest(
                Json.createObjectBuilder().add("name", "t").add("junk", linear(RequestStateCodec.MAX_DEPTH + 5)).build()));
        assertEquals("Invalid params: nested more than " + RequestStateCodec.MAX_DEPTH + " levels deep", e.getMessage());
    }

    @Test
    void expiredStatesAreRefused() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        RequestStateCodec old = new RequestStateCodec(new byte[32], Duration.ofMinutes(10), past);
        JsonObject params = call("x", Json.createValue(1));
        String state = old.seal(exchange(ALICE, params), Map.of(), Map.of());
        assertEquals("Invalid requestState: expired", assertThrows(McpException.class, () -> codec.open(state, exchange(ALICE, params))).getMessage());
    }

    @Test
    void garbageIsMalformedNotAnInternalError() {
        for (String garbage : new String[]{"", ".", "a.b.c", "!!!.???", "eyJ2Ijoy.AAAA"}) {
            McpException e = assertThrows(McpException.class, () -> codec.open(garbage, exchange(ALICE, JsonValue.EMPTY_JSON_OBJECT)), garbage);
            assertEquals(McpException.Reason.BAD_REQUEST, e.reason());
        }
    }
}
