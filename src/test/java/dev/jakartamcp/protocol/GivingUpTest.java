package dev.jakartamcp.protocol;

import dev.jakartamcp.api.InputRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A question to the client that the server stops waiting for — no answer in time, or the call that asked was
 * cancelled — is given up on the channel it went out on, which tells the client (basic/lifecycle: the sender SHOULD
 * issue a cancellation notification); an answered one is not.
 */
class GivingUpTest {
    /** A 2025 request's channel whose questions are answered only when the test says so. */
    private static class Silent implements ExchangeChannel {
        final List<CompletableFuture<JsonObject>> asked = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<JsonObject>> givenUp = new CopyOnWriteArrayList<>();

        @Override
        public void notify(JsonObject notification) {
        }

        @Override
        public CompletableFuture<JsonObject> request(String method, JsonObject params) {
            CompletableFuture<JsonObject> answer = new CompletableFuture<>();
            asked.add(answer);
            return answer;
        }

        @Override
        public void gaveUp(CompletableFuture<JsonObject> answer) {
            givenUp.add(answer);
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    private static Exchange exchange(Silent channel, Duration timeout) {
        return Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").channel(channel).clientRequestTimeout(timeout)
                .clientCapabilities(Json.createObjectBuilder().add("roots", Json.createObjectBuilder()).build()).build();
    }

    /**
     * A task's work asks two questions at once and the second cannot be sent (the grid did not answer): the first,
     * sent already, is cancelled (its task withdraws it) instead of staying an outstanding question for good.
     */
    @Test
    void aQuestionSentBeforeOneThatCouldNotBeIsCancelled() {
        Silent failing = new Silent() {
            @Override
            public CompletableFuture<JsonObject> request(String method, JsonObject params) {
                if (!asked.isEmpty()) {
                    throw McpException.overCapacity(-31503, "the data grid did not answer", Duration.ofSeconds(5), "grid");
                }
                return super.request(method, params);
            }
        };
        Exchange task = Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call")
                .clientCapabilities(Json.createObjectBuilder().add("roots", Json.createObjectBuilder())
                        .add("elicitation", Json.createObjectBuilder()).build()).build()
                .detach(failing, Duration.ofMinutes(1));
        java.util.Map<String, InputRequest> questions = new java.util.LinkedHashMap<>();
        questions.put("a", InputRequest.roots());
        questions.put("b", InputRequest.elicitation("Why?", Json.createObjectBuilder().add("type", "object").build()));
        McpException e = assertThrows(McpException.class, () -> task.ask(questions));
        assertEquals(-31503, e.code());
        assertEquals(1, failing.asked.size());
        assertTrue(failing.asked.get(0).isCancelled(), "the question sent first is no longer waited for");
    }

    @Test
    void anAnswerNotGivenInTimeIsGivenUp() {
        Silent channel = new Silent();
        McpException e = assertThrows(McpException.class, () -> exchange(channel, Duration.ofMillis(50)).ask(java.util.Map.of("roots", InputRequest.roots())));
        assertTrue(e.getMessage().startsWith("The client did not answer roots/list within"), e.getMessage());
        assertEquals(channel.asked, channel.givenUp);
        assertTrue(channel.asked.get(0).isCancelled());
    }

    @Test
    void aCancelledCallGivesUpItsQuestion() throws Exception {
        Silent channel = new Silent();
        Exchange exchange = exchange(channel, Duration.ofMinutes(1));
        CompletableFuture<Void> asking = CompletableFuture.runAsync(() -> assertThrows(McpException.class, () -> exchange.ask(java.util.Map.of("roots", InputRequest.roots()))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (channel.asked.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        exchange.cancel();
        asking.get(5, TimeUnit.SECONDS);
        assertEquals(channel.asked, channel.givenUp);
    }

    @Test
    void anAnsweredQuestionIsNotGivenUp() {
        Silent channel = new Silent() {
            @Override
            public CompletableFuture<JsonObject> request(String method, JsonObject params) {
                CompletableFuture<JsonObject> answer = super.request(method, params);
                answer.complete(Json.createObjectBuilder().add("result", Json.createObjectBuilder().add("roots", Json.createArrayBuilder())).build());
                return answer;
            }
        };
        exchange(channel, Duration.ofMinutes(1)).ask(java.util.Map.of("roots", InputRequest.roots()));
        assertEquals(List.of(), channel.givenUp);
    }
}
