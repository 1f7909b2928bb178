package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request answered while a question it sent the client still waits (its deadline passed, its token was revoked)
 * withdraws the question on its stream before the answer: the client would otherwise keep a dialog open whose answer
 * goes nowhere. An answered question is not withdrawn.
 */
class ResponseStreamQuestionsTest {
    private final FakeHttp.Request request = new FakeHttp.Request();
    private final FakeHttp.Response response = new FakeHttp.Response();
    private final StreamTimers timers = new StreamTimers();

    ResponseStreamQuestionsTest() {
        request.response = response;
        request.method("POST").header("Accept", "application/json, text/event-stream");
        timers.settings = FakeHttp.settings(Map.of());
        timers.start();
    }

    @AfterEach
    void stopTimers() {
        timers.stop();
    }

    private ResponseStream stream() {
        LiveSession live = new LiveSession("session-1", StreamLog.NONE, s -> { }, () -> { });
        HttpSink sink = HttpSink.start(request.build(), response.build());
        return new ResponseStream(response.build(), sink, true, ProtocolRevision.V2025_11_25, live, timers).answering(Json.createValue(7));
    }

    @Test
    void aQuestionStillWaitingWhenTheRequestIsAnsweredIsWithdrawnBeforeTheAnswer() {
        ResponseStream stream = stream();
        stream.request("elicitation/create", Json.createObjectBuilder().add("message", "Go on?").build());
        stream.respond(JsonRpc.error(Json.createValue(7), -31504, "Request timed out", null), 200);
        String text = response.text();
        int withdrawn = text.indexOf("notifications/cancelled");
        int answer = text.indexOf("-31504");
        assertTrue(withdrawn >= 0 && answer > withdrawn, "the question withdrawn, then the answer: " + text);
        assertTrue(text.contains("The request ended before the answer came"), text);
    }

    @Test
    void anAnsweredQuestionIsNotWithdrawn() {
        ResponseStream stream = stream();
        CompletableFuture<JsonObject> answer = stream.request("elicitation/create", Json.createObjectBuilder().add("message", "Go on?").build());
        answer.complete(Json.createObjectBuilder().add("action", "accept").build());
        stream.respond(JsonRpc.result(Json.createValue(7), Json.createObjectBuilder().build()), 200);
        assertFalse(response.text().contains("notifications/cancelled"), response.text());
        assertEquals(1, response.text().split("\"result\"", -1).length - 1, response.text());
    }
}
