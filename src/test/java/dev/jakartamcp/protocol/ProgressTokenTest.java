package dev.jakartamcp.protocol;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTokenTest {
    private static JsonObject withToken(JsonValue token) {
        return Json.createObjectBuilder().add("name", "t").add("_meta", Json.createObjectBuilder().add("progressToken", token)).build();
    }

    private static McpException refused(JsonValue token) {
        return assertThrows(McpException.class, () -> Exchange.checkProgressToken(withToken(token)));
    }

    @Test
    void stringsNumbersAndNullAreTokens() {
        assertDoesNotThrow(() -> Exchange.checkProgressToken(withToken(Json.createValue("p-1"))));
        assertDoesNotThrow(() -> Exchange.checkProgressToken(withToken(Json.createValue(42))));
        assertDoesNotThrow(() -> Exchange.checkProgressToken(withToken(Json.createValue(1.5))));
        assertDoesNotThrow(() -> Exchange.checkProgressToken(withToken(JsonValue.NULL)));
        assertDoesNotThrow(() -> Exchange.checkProgressToken(withToken(Json.createValue("x".repeat(Exchange.PROGRESS_TOKEN_MAX_LENGTH)))));
    }

    @Test
    void noTokenNoMetaAndNoParamsAreLeftAlone() {
        assertDoesNotThrow(() -> Exchange.checkProgressToken(null));
        assertDoesNotThrow(() -> Exchange.checkProgressToken(JsonValue.EMPTY_JSON_OBJECT));
        assertDoesNotThrow(() -> Exchange.checkProgressToken(Json.createObjectBuilder().add("_meta", JsonValue.EMPTY_JSON_OBJECT).build()));
        assertDoesNotThrow(() -> Exchange.checkProgressToken(Json.createObjectBuilder().add("_meta", "not an object").build()));
    }

    @Test
    void containersAndBooleansAreInvalidParams() {
        McpException array = refused(Json.createArrayBuilder().add(1).add(1).build());
        assertEquals(ErrorCode.INVALID_PARAMS, array.code());
        assertEquals("Invalid params: _meta.progressToken must be a string or a number, not array", array.getMessage());
        assertEquals("Invalid params: _meta.progressToken must be a string or a number, not object",
                refused(Json.createObjectBuilder().add("a", 1).build()).getMessage());
        assertEquals(ErrorCode.INVALID_PARAMS, refused(JsonValue.TRUE).code());
    }

    @Test
    void aStringLongerThanTheBoundIsInvalidParams() {
        McpException e = refused(Json.createValue("x".repeat(Exchange.PROGRESS_TOKEN_MAX_LENGTH + 1)));
        assertEquals(ErrorCode.INVALID_PARAMS, e.code());
        assertTrue(e.getMessage().contains("longer than 1024 characters"), e.getMessage());
    }

    @Test
    void progressIsOnlySentForATokenThatIsThere() {
        Exchange withNull = Exchange.builder(ProtocolRevision.LATEST, "tools/call").params(withToken(JsonValue.NULL)).build();
        assertEquals(Optional.empty(), withNull.progressToken());
        Exchange metaNoObject = Exchange.builder(ProtocolRevision.LATEST, "tools/call")
                .params(Json.createObjectBuilder().add("_meta", 5).build()).build();
        assertEquals(Optional.empty(), metaNoObject.progressToken());
        Exchange withString = Exchange.builder(ProtocolRevision.LATEST, "tools/call").params(withToken(Json.createValue("p"))).build();
        assertEquals(Optional.of(Json.createValue("p")), withString.progressToken());
    }

    /**
     * A token refused before the handler runs is audited for a method whose requests are (a tools/call of an existing
     * tool was not, while one of an unknown tool, refused by the pipeline, was); for another method it is not.
     */
    @Test
    void aTokenRefusedForAnAuditedMethodIsAudited() {
        java.util.List<dev.jakartamcp.ops.Observation> ended = new java.util.ArrayList<>();
        McpDispatcher dispatcher = DispatcherFixture.dispatcher(McpMethod.both("tools/call",
                exchange -> org.junit.jupiter.api.Assertions.fail("nothing of the request runs")).asAudited(), ended::add);
        Exchange call = Exchange.builder(ProtocolRevision.LATEST_LEGACY, "tools/call").params(withToken(JsonValue.EMPTY_JSON_OBJECT)).build();
        assertEquals(ErrorCode.INVALID_PARAMS, assertThrows(McpException.class, () -> dispatcher.dispatch(call)).code());
        assertTrue(ended.get(0).isAudited(), "audited as every tools/call is");
        assertEquals(dev.jakartamcp.api.AuditRecord.Outcome.INVALID, ended.get(0).outcome());

        McpDispatcher listing = DispatcherFixture.dispatcher(McpMethod.both("tools/list",
                exchange -> org.junit.jupiter.api.Assertions.fail("nothing of the request runs")), ended::add);
        Exchange list = Exchange.builder(ProtocolRevision.LATEST_LEGACY, "tools/list").params(withToken(JsonValue.TRUE)).build();
        assertThrows(McpException.class, () -> listing.dispatch(list));
        assertFalse(ended.get(1).isAudited());
    }

    @Test
    void onlyIncreasingFiniteProgressIsSent() {
        java.util.List<JsonObject> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExchangeChannel channel = notifying(notification -> sent.add(notification.getJsonObject("params")));
        Exchange exchange = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").params(withToken(Json.createValue("p-1")))
                .channel(channel).build();
        exchange.progress(1, 10.0, null);
        exchange.progress(1, 10.0, "the same again");
        exchange.progress(0.5, 10.0, "back");
        exchange.progress(Double.NaN, null, null);
        exchange.progress(Double.POSITIVE_INFINITY, null, null);
        exchange.progress(3, Double.NaN, null);
        exchange.progress(2, null, "on");
        assertEquals(java.util.List.of("{\"progressToken\":\"p-1\",\"progress\":1.0,\"total\":10.0}",
                "{\"progressToken\":\"p-1\",\"progress\":2.0,\"message\":\"on\"}"), sent.stream().map(JsonObject::toString).toList());
    }

    /**
     * Two threads of one tool reporting at once: the value compared last is the value sent last. Here the first
     * notification is held in the channel while a second thread reports a greater value, which must wait for it
     * (before, it went out first, and the wire carried 2 then 1).
     */
    @Test
    void progressFromTwoThreadsIsSentInTheOrderItWasChecked() throws Exception {
        java.util.List<Double> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExchangeChannel channel = notifying(notification -> {
            double progress = notification.getJsonObject("params").getJsonNumber("progress").doubleValue();
            if (progress == 1) {
                holding.countDown();
                try {
                    release.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sent.add(progress);
        });
        Exchange exchange = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").params(withToken(Json.createValue("p-1")))
                .channel(channel).build();
        Thread first = new Thread(() -> exchange.progress(1, null, null));
        first.start();
        assertTrue(holding.await(5, java.util.concurrent.TimeUnit.SECONDS));
        Thread second = new Thread(() -> exchange.progress(2, null, null));
        second.start();
        second.join(300); // ends here only if it did not wait for the first
        release.countDown();
        first.join(5000);
        second.join(5000);
        assertEquals(java.util.List.of(1.0, 2.0), sent);
    }

    /** An open channel that hands each notification to {@code sink} and asks the client nothing. */
    private static ExchangeChannel notifying(java.util.function.Consumer<JsonObject> sink) {
        return new ExchangeChannel() {
            @Override
            public void notify(JsonObject notification) {
                sink.accept(notification);
            }

            @Override
            public java.util.concurrent.CompletableFuture<JsonObject> request(String method, JsonObject params) {
                throw new UnsupportedOperationException(method);
            }

            @Override
            public boolean isOpen() {
                return true;
            }
        };
    }
}
