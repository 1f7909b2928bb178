package dev.jakartamcp.tasks;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.Texts;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the store keeps of one task: immutable, every change makes a new state, so that a store can replace it
 * atomically (on one server or in a data grid). Terminal states never change again; the first of completion, failure
 * and cancellation wins.
 *
 * @param ownerKey       issuer and subject of the caller who created it ({@code Caller.bindingKey()}): only that caller
 *                       sees, updates or cancels it
 * @param quotaKey       what per-caller limits count it against ({@code Caller.quotaKey()})
 * @param expiresAt      when the task and its result are dropped: creation plus {@code mcp.tasks.ttl}
 * @param inputRequests  questions to the client not yet answered, by key (non-empty exactly in {@code input_required})
 * @param inputResponses answers that arrived by {@code tasks/update} and that the running work has not taken yet
 */
public record TaskState(String taskId, String ownerKey, String quotaKey, String toolName, TaskStatus status,
                        String statusMessage, Instant createdAt, Instant lastUpdatedAt, Instant expiresAt,
                        Duration pollInterval, JsonObject result, JsonObject error,
                        Map<String, JsonObject> inputRequests, Map<String, JsonObject> inputResponses) {
    /** Longer status messages are cut: a message is for people, and the store keeps it as long as the task. */
    static final int MAX_STATUS_MESSAGE = 1000;
    static final String RUNNER_STOPPED = "The server node that ran this task stopped before it finished; call the tool again";

    public TaskState {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        statusMessage = Texts.cut(statusMessage, MAX_STATUS_MESSAGE);
        inputRequests = Collections.unmodifiableMap(new LinkedHashMap<>(inputRequests));
        inputResponses = Collections.unmodifiableMap(new LinkedHashMap<>(inputResponses));
    }

    /** A new task in {@code working}, living {@code ttl} from {@code now}. */
    public static TaskState start(String taskId, String ownerKey, String quotaKey, String toolName, Instant now,
                                  Duration ttl, Duration pollInterval) {
        Instant created = now.truncatedTo(ChronoUnit.MILLIS);
        return new TaskState(taskId, ownerKey, quotaKey, toolName, TaskStatus.WORKING, null, created, created,
                created.plus(ttl), pollInterval, null, null, Map.of(), Map.of());
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public Duration ttl() {
        return Duration.between(createdAt, expiresAt);
    }

    /** A status message for the task while it runs; ignored once it ended. */
    public TaskState withStatusMessage(String message, Instant now) {
        if (status.isTerminal() || Objects.equals(message, statusMessage)) {
            return this;
        }
        return new TaskState(taskId, ownerKey, quotaKey, toolName, status, message, createdAt, stamp(now), expiresAt,
                pollInterval, result, error, inputRequests, inputResponses);
    }

    /** The running work asks the client {@code request} under {@code key}: the task is {@code input_required}. */
    public TaskState asking(String key, JsonObject request, Instant now) {
        if (status.isTerminal()) {
            return this;
        }
        Map<String, JsonObject> requests = new LinkedHashMap<>(inputRequests);
        requests.put(key, request);
        return new TaskState(taskId, ownerKey, quotaKey, toolName, TaskStatus.INPUT_REQUIRED, statusMessage, createdAt,
                stamp(now), expiresAt, pollInterval, result, error, requests, inputResponses);
    }

    /**
     * The client's answers from {@code tasks/update}. Answers to questions not outstanding (never asked, answered
     * already) are ignored; once every question is answered the task is {@code working} again.
     */
    public TaskState answered(Map<String, JsonObject> responses, Instant now) {
        if (status != TaskStatus.INPUT_REQUIRED || Collections.disjoint(responses.keySet(), inputRequests.keySet())) {
            return this;
        }
        Map<String, JsonObject> requests = new LinkedHashMap<>(inputRequests);
        Map<String, JsonObject> answers = new LinkedHashMap<>(inputResponses);
        responses.forEach((key, answer) -> {
            if (requests.remove(key) != null) {
                answers.put(key, answer);
            }
        });
        TaskStatus next = requests.isEmpty() ? TaskStatus.WORKING : TaskStatus.INPUT_REQUIRED;
        return new TaskState(taskId, ownerKey, quotaKey, toolName, next, statusMessage, createdAt, stamp(now), expiresAt,
                pollInterval, result, error, requests, answers);
    }

    /**
     * The running work no longer waits for the answers to {@code keys} (it gave up on them: another answer of the same
     * round failed, or its wait ended): they are no longer outstanding, so no longer shown in {@code inputRequests},
     * and an answer already given to them is dropped; with no question left the task is {@code working} again.
     */
    public TaskState withdrawn(Set<String> keys, Instant now) {
        if (status.isTerminal() || (Collections.disjoint(keys, inputRequests.keySet()) && Collections.disjoint(keys, inputResponses.keySet()))) {
            return this;
        }
        Map<String, JsonObject> requests = new LinkedHashMap<>(inputRequests);
        requests.keySet().removeAll(keys);
        Map<String, JsonObject> answers = new LinkedHashMap<>(inputResponses);
        answers.keySet().removeAll(keys);
        TaskStatus next = status == TaskStatus.INPUT_REQUIRED && requests.isEmpty() ? TaskStatus.WORKING : status;
        return new TaskState(taskId, ownerKey, quotaKey, toolName, next, statusMessage, createdAt, stamp(now), expiresAt,
                pollInterval, result, error, requests, answers);
    }

    /** The running work took these answers. */
    public TaskState consumed(Set<String> keys) {
        if (Collections.disjoint(keys, inputResponses.keySet())) {
            return this;
        }
        Map<String, JsonObject> answers = new LinkedHashMap<>(inputResponses);
        answers.keySet().removeAll(keys);
        return new TaskState(taskId, ownerKey, quotaKey, toolName, status, statusMessage, createdAt, lastUpdatedAt,
                expiresAt, pollInterval, result, error, inputRequests, answers);
    }

    public TaskState completed(JsonObject toolResult, Instant now) {
        return end(TaskStatus.COMPLETED, statusMessage, toolResult, null, now);
    }

    /** Failed with a JSON-RPC error ({@code code}, {@code message}, optional {@code data}). */
    public TaskState failed(JsonObject jsonRpcError, Instant now) {
        return end(TaskStatus.FAILED, jsonRpcError.getString("message", null), null, jsonRpcError, now);
    }

    /**
     * Failed because the server running its work stopped first (it left the cluster, or its application stopped after
     * the drain's grace): -32603, the client may call the tool again.
     */
    public TaskState runnerStopped(Instant now) {
        return failed(JsonFactory.createObjectBuilder().add("code", ErrorCode.INTERNAL_ERROR)
                .add("message", RUNNER_STOPPED).build(), now);
    }

    public TaskState cancelled(String message, Instant now) {
        return end(TaskStatus.CANCELLED, message, null, null, now);
    }

    private TaskState end(TaskStatus terminal, String message, JsonObject toolResult, JsonObject jsonRpcError, Instant now) {
        if (status.isTerminal()) {
            return this;
        }
        return new TaskState(taskId, ownerKey, quotaKey, toolName, terminal, message, createdAt, stamp(now), expiresAt,
                pollInterval, toolResult, jsonRpcError, Map.of(), Map.of());
    }

    private Instant stamp(Instant now) {
        Instant t = now.truncatedTo(ChronoUnit.MILLIS);
        return t.isBefore(lastUpdatedAt) ? lastUpdatedAt : t;
    }

    /** The {@code Task} fields every answer about the task carries. */
    public JsonObjectBuilder task() {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("taskId", taskId).add("status", status.wire());
        if (statusMessage != null) {
            b.add("statusMessage", statusMessage);
        }
        return b.add("createdAt", createdAt.toString())
                .add("lastUpdatedAt", lastUpdatedAt.toString())
                .add("ttlMs", ttl().toMillis())
                .add("pollIntervalMs", Math.max(1, pollInterval.toMillis()));
    }

    /** {@code CreateTaskResult}: the task's fields and {@code resultType: "task"}, nothing of its outcome. */
    public JsonObject createResult() {
        return task().add("resultType", "task").build();
    }

    /** {@code DetailedTask} as {@code tasks/get} answers it: outstanding questions, the result or the error inlined. */
    public JsonObject detailed() {
        JsonObjectBuilder b = task();
        switch (status) {
            case INPUT_REQUIRED -> {
                JsonObjectBuilder requests = JsonFactory.createObjectBuilder();
                inputRequests.forEach(requests::add);
                b.add("inputRequests", requests);
            }
            case COMPLETED -> b.add("result", result);
            case FAILED -> b.add("error", error);
            default -> {
            }
        }
        return b.build();
    }
}
