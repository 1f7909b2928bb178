package dev.jakartamcp.tasks;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tasks/get, tasks/update and tasks/cancel: who may see a task, and when. */
class TasksExtensionTest {
    private static final Caller ALICE = new Caller("https://issuer.example", "alice", Set.of("deployer"), Map.of(),
            Instant.now().plusSeconds(300), "127.0.0.1");
    private static final Caller MALLORY = new Caller("https://issuer.example", "mallory", Set.of("deployer"), Map.of(),
            Instant.now().plusSeconds(300), "127.0.0.1");
    private static final String NOT_FOUND = "Failed to retrieve task: Task not found";

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    /** The tools each subject may use now; the tests take them away as an operator's override would. */
    private final Set<String> usable = ConcurrentHashMap.newKeySet();
    private final TasksExtension extension = new TasksExtension();

    TasksExtensionTest() {
        extension.store = store;
        extension.tools = new ToolAccess() {
            @Override
            public boolean mayUse(dev.jakartamcp.protocol.Caller caller, String tool) {
                return usable.contains(caller.subject() + ":" + tool);
            }

            @Override
            public boolean isOn(String tool) {
                return true;
            }
        };
    }

    @Test
    void revokingTheToolHidesItsTaskFromItsCreatorExceptForCancelling() {
        usable.add("alice:deploy");
        String id = askingTask("alice", "deploy");
        assertEquals("input_required", call("tasks/get", id, ALICE).getString("status"));

        usable.remove("alice:deploy"); // an operator changed the tool's roles, or switched it off
        assertNotFound(() -> call("tasks/get", id, ALICE));
        assertNotFound(() -> call("tasks/update", id, ALICE));
        assertEquals("input_required", store.find(id).orElseThrow().status().wire(), "the answer was not taken");
        assertNotFound(() -> call("tasks/get", "unknown-" + id, ALICE)); // the same answer as for an unknown task

        usable.add("alice:deploy"); // access given back
        assertEquals("input_required", call("tasks/get", id, ALICE).getString("status"));
        usable.remove("alice:deploy");
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, call("tasks/cancel", id, ALICE), "cancelling only stops the work");
        assertEquals("cancelled", store.find(id).orElseThrow().status().wire());
    }

    /** Its methods start no work: a draining server still takes them while work runs (McpServlet). */
    @Test
    void everyMethodOfTheExtensionFollowsRunningWork() {
        assertEquals(java.util.List.of("tasks/get", "tasks/update", "tasks/cancel"),
                extension.methods().stream().filter(McpMethod::followsWork).map(McpMethod::name).toList());
    }

    /** Counted in mcp.server.authorization.failures with a reason it documents, not _OTHER. */
    @Test
    void aTaskItsCreatorMayNoLongerSeeIsDeniedAsForbidden() {
        usable.add("alice:deploy");
        String id = askingTask("alice", "deploy");
        usable.remove("alice:deploy");
        McpMethod m = extension.methods().stream().filter(x -> x.name().equals("tasks/get")).findFirst().orElseThrow();
        Exchange get = Exchange.builder(ProtocolRevision.V2026_07_28, "tasks/get")
                .params(Json.createObjectBuilder().add("taskId", id).build()).caller(ALICE).build();
        assertThrows(McpException.class, () -> m.handler().apply(get));
        assertEquals(dev.jakartamcp.api.AuditRecord.Outcome.DENIED, get.observation().outcome());
        assertEquals("forbidden", get.observation().reason());
    }

    /** A task the operator's switch ended is shown to its creator as cancelled, with why; to nobody else. */
    @Test
    void aTaskEndedBecauseItsToolWasSwitchedOffStaysVisibleToItsCreatorAsCancelled() {
        usable.add("alice:deploy");
        usable.add("mallory:deploy");
        String id = askingTask("alice", "deploy");
        usable.remove("alice:deploy"); // switched off
        store.update(id, s -> s.cancelled(TaskRunner.SWITCHED_OFF, Instant.now()));

        JsonObject task = call("tasks/get", id, ALICE);
        assertEquals("cancelled", task.getString("status"));
        assertEquals(TaskRunner.SWITCHED_OFF, task.getString("statusMessage"));
        assertNotFound(() -> call("tasks/update", id, ALICE));
        assertNotFound(() -> call("tasks/get", id, MALLORY));

        String cancelledByClient = askingTask("alice", "deploy");
        store.update(cancelledByClient, s -> s.cancelled("Cancelled by the client", Instant.now()));
        assertNotFound(() -> call("tasks/get", cancelledByClient, ALICE)); // only the switch's end is shown
    }

    @Test
    void anotherCallerNeverSeesTheTaskEvenWithAccessToTheTool() {
        usable.add("alice:deploy");
        usable.add("mallory:deploy");
        String id = askingTask("alice", "deploy");
        assertNotFound(() -> call("tasks/get", id, MALLORY));
        assertNotFound(() -> call("tasks/update", id, MALLORY));
        assertNotFound(() -> call("tasks/cancel", id, MALLORY));
        assertEquals("input_required", call("tasks/get", id, ALICE).getString("status"));
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, call("tasks/update", id, ALICE));
        assertEquals("working", call("tasks/get", id, ALICE).getString("status"), "the creator's answer was taken");
    }

    /** A task of {@code tool} created by {@code subject}, waiting for an answer under key "confirm". */
    private String askingTask(String subject, String tool) {
        String id = TaskIds.newId();
        Caller creator = subject.equals("alice") ? ALICE : MALLORY;
        store.create(TaskState.start(id, creator.bindingKey(), creator.quotaKey(), tool, Instant.now(), Duration.ofMinutes(5),
                Duration.ofSeconds(1)), new TaskStore.Limits(10, 10));
        store.update(id, s -> s.asking("confirm", Json.createObjectBuilder().add("method", "elicitation/create").build(), Instant.now()));
        return id;
    }

    private JsonObject call(String method, String taskId, Caller caller) {
        McpMethod m = extension.methods().stream().filter(x -> x.name().equals(method)).findFirst().orElseThrow();
        JsonObject params = Json.createObjectBuilder().add("taskId", taskId)
                .add("inputResponses", Json.createObjectBuilder().add("confirm", Json.createObjectBuilder().add("action", "accept")))
                .build();
        return m.handler().apply(Exchange.builder(ProtocolRevision.V2026_07_28, method).params(params).caller(caller).build());
    }

    private static void assertNotFound(org.junit.jupiter.api.function.Executable call) {
        McpException e = assertThrows(McpException.class, call);
        assertEquals(ErrorCode.INVALID_PARAMS, e.code());
        assertEquals(NOT_FOUND, e.getMessage());
    }
}
