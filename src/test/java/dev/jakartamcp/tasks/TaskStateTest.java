package dev.jakartamcp.tasks;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskStateTest {
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123456Z");

    static TaskState started() {
        return TaskState.start(TaskIds.newId(), "iss\nalice", "iss\nalice", "slow", T0, Duration.ofMinutes(10), Duration.ofSeconds(1));
    }

    static JsonObject question(String text) {
        return Json.createObjectBuilder().add("method", "elicitation/create")
                .add("params", Json.createObjectBuilder().add("message", text)).build();
    }

    static JsonObject accept() {
        return Json.createObjectBuilder().add("action", "accept").build();
    }

    @Test
    void aCreateResultIsTheTaskAndNothingOfItsOutcome() {
        JsonObject created = started().createResult();
        assertEquals("task", created.getString("resultType"));
        assertEquals("working", created.getString("status"));
        assertEquals("2026-11-30T10:00:00.123Z", created.getString("createdAt"));
        assertEquals(created.getString("createdAt"), created.getString("lastUpdatedAt"));
        assertEquals(600_000, created.getJsonNumber("ttlMs").longValueExact());
        assertEquals(1000, created.getInt("pollIntervalMs"));
        for (String absent : new String[]{"result", "error", "inputRequests", "requestState", "ttl", "pollInterval", "task"}) {
            assertFalse(created.containsKey(absent), absent);
        }
    }

    @Test
    void questionsMakeItInputRequiredAndPartialAnswersKeepTheRest() {
        TaskState asked = started().asking("a", question("A?"), T0.plusSeconds(1)).asking("b", question("B?"), T0.plusSeconds(1));
        assertEquals(TaskStatus.INPUT_REQUIRED, asked.status());
        assertEquals(Set.of("a", "b"), asked.detailed().getJsonObject("inputRequests").keySet());

        TaskState half = asked.answered(Map.of("a", accept(), "never-asked", accept()), T0.plusSeconds(2));
        assertEquals(TaskStatus.INPUT_REQUIRED, half.status());
        assertEquals(Set.of("b"), half.inputRequests().keySet());
        assertEquals(Set.of("a"), half.inputResponses().keySet(), "an unknown key is ignored");

        TaskState all = half.answered(Map.of("a", accept(), "b", accept()), T0.plusSeconds(3));
        assertEquals(TaskStatus.WORKING, all.status());
        assertTrue(all.inputRequests().isEmpty());
        assertEquals(Set.of("a", "b"), all.inputResponses().keySet(), "a second answer to 'a' does not replace the first");
        assertFalse(all.detailed().containsKey("inputRequests"));
        assertTrue(all.consumed(Set.of("a", "b")).inputResponses().isEmpty());
    }

    /** The extension's inputRequests hold all outstanding requests, and only those: one the work gave up on leaves. */
    @Test
    void aQuestionTheWorkGaveUpOnIsNoLongerOutstanding() {
        TaskState asked = started().asking("a", question("A?"), T0.plusSeconds(1)).asking("b", question("B?"), T0.plusSeconds(1));
        TaskState half = asked.withdrawn(Set.of("a"), T0.plusSeconds(2));
        assertEquals(TaskStatus.INPUT_REQUIRED, half.status());
        assertEquals(Set.of("b"), half.inputRequests().keySet());
        assertEquals(T0.plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.MILLIS), half.lastUpdatedAt());

        TaskState none = half.withdrawn(Set.of("b"), T0.plusSeconds(3));
        assertEquals(TaskStatus.WORKING, none.status(), "no question left: the work goes on");
        assertTrue(none.inputRequests().isEmpty());
        assertFalse(none.detailed().containsKey("inputRequests"));

        TaskState answeredThenWithdrawn = asked.answered(Map.of("a", accept()), T0.plusSeconds(2)).withdrawn(Set.of("a", "b"), T0.plusSeconds(3));
        assertEquals(TaskStatus.WORKING, answeredThenWithdrawn.status());
        assertTrue(answeredThenWithdrawn.inputResponses().isEmpty(), "an answer nobody will take is not kept");

        assertSame(none, none.withdrawn(Set.of("a"), T0.plusSeconds(4)), "nothing of it left to withdraw");
        TaskState ended = asked.cancelled("cancelled", T0.plusSeconds(4));
        assertSame(ended, ended.withdrawn(Set.of("a"), T0.plusSeconds(5)));
    }

    @Test
    void answersToATaskNotWaitingChangeNothing() {
        TaskState working = started();
        assertSame(working, working.answered(Map.of("x", accept()), T0));
    }

    @Test
    void theFirstTerminalStateWins() {
        JsonObject result = Json.createObjectBuilder().add("content", Json.createArrayBuilder()).add("isError", false).build();
        TaskState cancelled = started().cancelled("cancelled by the client", T0.plusSeconds(5));
        assertEquals(TaskStatus.CANCELLED, cancelled.status());
        assertSame(cancelled, cancelled.completed(result, T0.plusSeconds(6)));
        assertSame(cancelled, cancelled.withStatusMessage("late progress", T0.plusSeconds(6)));
        assertSame(cancelled, cancelled.asking("late", question("?"), T0.plusSeconds(6)));

        TaskState completed = started().completed(result, T0.plusSeconds(1));
        assertEquals(result, completed.detailed().getJsonObject("result"));
        assertSame(completed, completed.cancelled("too late", T0.plusSeconds(2)));
    }

    @Test
    void aFailedTaskCarriesItsJsonRpcErrorAndNoResult() {
        JsonObject error = Json.createObjectBuilder().add("code", -32603).add("message", "backend down").build();
        JsonObject detailed = started().failed(error, T0.plusSeconds(1)).detailed();
        assertEquals("failed", detailed.getString("status"));
        assertEquals(error, detailed.getJsonObject("error"));
        assertEquals("backend down", detailed.getString("statusMessage"));
        assertFalse(detailed.containsKey("result"));
    }

    @Test
    void lastUpdatedNeverGoesBackAndLongMessagesAreCut() {
        TaskState t = started().withStatusMessage("x".repeat(5000), T0.minusSeconds(30));
        assertEquals(T0.toEpochMilli(), Instant.parse(t.detailed().getString("lastUpdatedAt")).toEpochMilli());
        assertEquals(TaskState.MAX_STATUS_MESSAGE, t.statusMessage().length());
        assertTrue(t.statusMessage().endsWith("…"));
    }

    @Test
    void aTaskExpiresItsTtlAfterCreation() {
        TaskState t = started();
        assertFalse(t.isExpired(T0.plus(Duration.ofMinutes(10)).minusMillis(1)));
        assertTrue(t.isExpired(T0.plus(Duration.ofMinutes(10))));
    }
}
