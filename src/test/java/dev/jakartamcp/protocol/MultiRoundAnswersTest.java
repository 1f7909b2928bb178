package dev.jakartamcp.protocol;

import dev.jakartamcp.api.InputRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi round-trip requests (2026-07-28) through {@link RequestStates}: an answer counts for the question it answers,
 * not for whatever a handler asks under the same key in a later round.
 */
class MultiRoundAnswersTest {
    private static final JsonObject SCHEMA = Json.createObjectBuilder().add("type", "object").build();
    private static final JsonObject ACCEPT = Json.createObjectBuilder().add("action", "accept")
            .add("content", Json.createObjectBuilder().add("confirm", true)).build();
    private static final JsonObject CAPABILITIES = Json.createObjectBuilder().add("elicitation", Json.createObjectBuilder()).build();

    private final RequestStates states = new RequestStates();

    MultiRoundAnswersTest() {
        Map<String, String> config = Map.of("mcp.request-state.secret", "a secret of the test, long enough to seal with");
        states.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
    }

    /**
     * On a cluster the key is the grid's shared secret, read at the first use: a grid that does not answer then
     * refuses that request with its own 503 (-31503) and the next one reads again. Read as the bean was made, the
     * failure reached the client as an internal error on every call until the grid answered.
     */
    @Test
    void aSharedSecretTheGridDidNotGiveRefusesTheRequestWithItsOwnErrorAndIsAskedAgain() {
        RequestStates clustered = new RequestStates();
        clustered.settings = new McpSettings(key -> Optional.empty());
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        clustered.shared = name -> {
            if (asked.incrementAndGet() == 1) {
                throw McpException.overCapacity(-31503, "the data grid did not answer", java.time.Duration.ofSeconds(5), "grid");
            }
            return Optional.of("a secret the cluster shares, long enough".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
        Exchange round1 = round(null, null);
        assertThrows(InputRequiredSignal.class, () -> round1.ask(confirm("a.txt")));
        McpException refused = assertThrows(McpException.class, () -> clustered.seal(round1));
        assertEquals(-31503, refused.code());
        String state = clustered.seal(round1);
        assertEquals(2, asked.get());
        clustered.seal(round1);
        assertEquals(2, asked.get(), "read once it was given");
        assertTrue(state.length() > 20, state);
    }

    private static Map<String, InputRequest> confirm(String file) {
        return Map.of("confirm", InputRequest.elicitation("Delete " + file + "?", SCHEMA));
    }

    @Test
    void anAnswerInTheRetryIsNotTakenForAnotherQuestionUnderItsKey() {
        Exchange round1 = round(null, null);
        assertThrows(InputRequiredSignal.class, () -> round1.ask(confirm("a.txt")));
        String state = states.seal(round1);

        // the user confirmed deleting a.txt; by the retry the handler asks about b.txt under the same key
        Exchange round2 = round(state, Json.createObjectBuilder().add("confirm", ACCEPT).build());
        assertThrows(InputRequiredSignal.class, () -> round2.ask(confirm("b.txt")),
                "the confirmation of a.txt was taken for b.txt");
        assertEquals("Delete b.txt?", round2.pendingInputRequests().get("confirm").getJsonObject("params").getString("message"));

        Exchange same = round(state, Json.createObjectBuilder().add("confirm", ACCEPT).build());
        assertEquals(ACCEPT, same.ask(confirm("a.txt")).get("confirm"), "the question it answers gets it");
    }

    @Test
    void anAnswerSealedInTheStateIsNotTakenForAnotherQuestionInALaterRound() {
        Exchange round1 = round(null, null);
        assertThrows(InputRequiredSignal.class, () -> round1.ask(confirm("a.txt")));
        Exchange round2 = round(states.seal(round1), Json.createObjectBuilder().add("confirm", ACCEPT).build());
        assertEquals(ACCEPT, round2.ask(confirm("a.txt")).get("confirm"));
        assertThrows(InputRequiredSignal.class, () -> round2.ask(Map.of("reason", InputRequest.elicitation("Why?", SCHEMA))));
        String state2 = states.seal(round2);

        Exchange round3 = round(state2, Json.createObjectBuilder().add("reason", ACCEPT).build());
        assertThrows(InputRequiredSignal.class, () -> round3.ask(confirm("b.txt")),
                "the sealed confirmation of a.txt was taken for b.txt");
        Exchange again = round(state2, Json.createObjectBuilder().add("reason", ACCEPT).build());
        assertEquals(ACCEPT, again.ask(confirm("a.txt")).get("confirm"));
        assertEquals(ACCEPT, again.ask(Map.of("reason", InputRequest.elicitation("Why?", SCHEMA))).get("reason"));
    }

    @Test
    void anAnswerToAQuestionTheServerDidNotAskIsNotTaken() {
        Exchange unasked = round(null, Json.createObjectBuilder().add("confirm", ACCEPT).build());
        assertThrows(InputRequiredSignal.class, () -> unasked.ask(confirm("a.txt")), "no requestState: nothing was asked");
        String state = states.seal(unasked);
        Exchange otherKey = round(state, Json.createObjectBuilder().add("other", ACCEPT).add("confirm", ACCEPT).build());
        assertEquals(ACCEPT, otherKey.ask(confirm("a.txt")).get("confirm"));
        assertThrows(InputRequiredSignal.class, () -> otherKey.ask(Map.of("other", InputRequest.elicitation("Other?", SCHEMA))));
        assertTrue(otherKey.pendingInputRequests().containsKey("other"));
    }

    /** One round of a tools/call: the retry's requestState and inputResponses (left out when null), opened. */
    private Exchange round(String state, JsonObject responses) {
        JsonObjectBuilder params = Json.createObjectBuilder().add("name", "cleanup").add("arguments", Json.createObjectBuilder());
        if (state != null) {
            params.add("requestState", state);
        }
        if (responses != null) {
            params.add("inputResponses", responses);
        }
        Exchange exchange = Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").params(params.build())
                .clientCapabilities(CAPABILITIES).build();
        states.resume(exchange);
        return exchange;
    }
}
