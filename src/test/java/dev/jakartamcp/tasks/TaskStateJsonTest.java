package dev.jakartamcp.tasks;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaskStateJsonTest {
    private final Instant now = Instant.parse("2026-11-30T10:00:00.123Z");

    @Test
    void everyStateSurvivesTheGridsJson() {
        JsonObject question = Json.createObjectBuilder().add("method", "elicitation/create").build();
        JsonObject answer = Json.createObjectBuilder().add("action", "accept").build();
        TaskState working = TaskState.start("id-1", "iss\nsub", "iss\nsub", "report", now, Duration.ofMinutes(5), Duration.ofMillis(1500))
                .withStatusMessage("part 1 of 4 — ünïcödé", now.plusSeconds(1));
        TaskState asking = working.asking("a", question, now.plusSeconds(2)).asking("b", question, now.plusSeconds(2));
        TaskState answered = asking.answered(Map.of("a", answer), now.plusSeconds(3));
        TaskState taken = answered.consumed(Set.of("a"));
        TaskState completed = taken.answered(Map.of("b", answer), now.plusSeconds(4))
                .completed(Json.createObjectBuilder().add("isError", false).build(), now.plusSeconds(5));
        TaskState failed = working.failed(Json.createObjectBuilder().add("code", -32603).add("message", "boom").build(), now.plusSeconds(6));
        TaskState cancelled = working.cancelled("Cancelled by the client", now.plusSeconds(7));
        for (TaskState state : new TaskState[]{working, asking, answered, taken, completed, failed, cancelled}) {
            assertEquals(state, TaskStateJson.read(TaskStateJson.write(state)));
            assertEquals(state.detailed(), TaskStateJson.read(TaskStateJson.write(state)).detailed());
        }
    }
}
