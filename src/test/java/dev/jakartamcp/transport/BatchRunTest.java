package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a 2025-03-26 batch is answered when it cannot finish: every request gets one response, matched by its id. */
class BatchRunTest {
    private static final JsonArray BATCH = Json.createReader(new StringReader("""
            [{"jsonrpc":"2.0","id":"a","method":"ping"},
             {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}},
             {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"slow"}},
             {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}},
             {"jsonrpc":"2.0","id":8,"method":"tools/list"}]""")).readArray();
    private static final McpException TIMED_OUT = new McpException(ErrorCode.TIMED_OUT, "Request timed out");
    private static final JsonObject PONG = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", "a")
            .add("result", JsonValue.EMPTY_JSON_OBJECT).build();

    private static String error(String id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":" + ErrorCode.TIMED_OUT + ",\"message\":\"Request timed out\"}}";
    }

    @Test
    void atItsDeadlineTheAnswersSoFarAndTheErrorForEveryRequestAfterThem() {
        LegacyExchanges.BatchRun run = new LegacyExchanges.BatchRun();
        run.handled(PONG);
        run.handled(null); // the notification
        JsonArray answered = run.answeredBy(TIMED_OUT, BATCH); // while the call of id 7 runs
        assertEquals(3, answered.size(), answered::toString);
        assertEquals(PONG, answered.get(0));
        assertEquals(error("7"), answered.get(1).toString());
        assertEquals(error("8"), answered.get(2).toString());

        run.handled(Json.createObjectBuilder().add("id", 7).build()); // the cancelled call ends after all
        assertEquals(answered, run.answeredBy(TIMED_OUT, BATCH), "nothing handled after the answer counts");
    }

    /**
     * From the moment its early answer is being written, no request of the batch starts: one that would start while a
     * slow client reads that answer is cancelled at once, and the batch's loop sees it as cancelled.
     */
    @Test
    void whileItsEarlyAnswerIsWrittenNoRequestStartsAndTheRunningOneIsCancelledAfter() {
        LegacyExchanges.BatchRun run = new LegacyExchanges.BatchRun();
        dev.jakartamcp.protocol.Exchange running = run.starting(dev.jakartamcp.protocol.Exchange
                .builder(dev.jakartamcp.protocol.ProtocolRevision.V2025_03_26, "tools/call").build());
        run.answering(TIMED_OUT);
        assertTrue(run.cancelled(), "the batch's loop starts nothing more");
        assertFalse(running.isCancelled(), "the running request is cancelled once the answer is written, not before");
        run.answeredEarly(TIMED_OUT);
        assertTrue(running.isCancelled());

        LegacyExchanges.BatchRun racing = new LegacyExchanges.BatchRun();
        racing.answering(TIMED_OUT);
        dev.jakartamcp.protocol.Exchange next = racing.starting(dev.jakartamcp.protocol.Exchange
                .builder(dev.jakartamcp.protocol.ProtocolRevision.V2025_03_26, "tools/call").build());
        assertTrue(next.isCancelled(), "a request past the loop's check as the answer began is cancelled as it starts");
    }

    @Test
    void aBatchThatFinishesIsAnsweredWithItsAnswers() {
        LegacyExchanges.BatchRun run = new LegacyExchanges.BatchRun();
        run.handled(PONG);
        run.handled(null);
        assertEquals(Json.createArrayBuilder().add(PONG).build(), run.answers());
    }
}
