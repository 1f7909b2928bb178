package dev.jakartamcp.tasks;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpExtension;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tasks extension, {@code io.modelcontextprotocol/tasks} (SEP-2663), defined for protocol 2026-07-28: a
 * {@code tools/call} of a tool with task support may be answered with a task, which the client polls with
 * {@code tasks/get}, answers with {@code tasks/update} and cancels with {@code tasks/cancel}. Tasks are created by
 * the tools feature through the pipeline ({@link TaskRunner}); this class serves the three methods.
 *
 * <p>A task belongs to the caller who created it (issuer and subject): for anyone else it does not exist, and every
 * method answers exactly as for an unknown id (-32602). Its creator sees it only while it may still use the task's tool
 * ({@link ToolAccess}, asked on every request): once an operator switches the tool off or changes its roles so that
 * they no longer admit the caller, {@code tasks/get} and {@code tasks/update} answer as for an unknown id too;
 * {@code tasks/cancel}, which only stops the work, stays allowed to the creator. The 2025-11-25 experimental tasks (requestor-driven,
 * {@code tasks/result}, {@code tasks/list}) are not wire compatible with the extension and are not offered; in 2025
 * revisions the extension is neither advertised nor served, as SEP-2663 requires.
 */
@ApplicationScoped
public class TasksExtension implements McpExtension {
    public static final String ID = "io.modelcontextprotocol/tasks";

    @Inject
    TaskStore store;

    @Inject
    ToolAccess tools;

    Clock clock = Clock.systemUTC();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean definedFor(ProtocolRevision revision) {
        return revision.isModern();
    }

    @Override
    public List<McpMethod> methods() {
        return List.of(McpMethod.modernOnly("tasks/get", this::get).namedBy("taskId").followingWork(),
                McpMethod.modernOnly("tasks/update", this::update).namedBy("taskId").followingWork(),
                McpMethod.modernOnly("tasks/cancel", this::cancel).namedBy("taskId").followingWork());
    }

    /** Task status notifications are not sent: clients poll with tasks/get (the extension makes them optional). */
    @Override
    public Set<String> listenNotifications() {
        return Set.of("taskIds");
    }

    private JsonObject get(Exchange exchange) {
        Optional<TaskState> owned = owned(exchange);
        // a task the operator's switch ended stays visible to its creator as cancelled (it carries no result): the
        // extension has a cancelled task answered as cancelled, and the client learns why its work stopped
        Optional<TaskState> task = owned.filter(t -> mayUseItsTool(exchange, t) || TaskRunner.endedBySwitch(t));
        if (task.isEmpty()) {
            audited(exchange, owned, task);
            throw notFound();
        }
        return task.get().detailed();
    }

    private JsonObject update(Exchange exchange) {
        if (!(exchange.params().get("inputResponses") instanceof JsonObject responses)) {
            throw McpException.invalidParams("Invalid params: tasks/update needs an object 'inputResponses'");
        }
        Map<String, JsonObject> answers = new LinkedHashMap<>();
        responses.forEach((key, value) -> {
            if (value instanceof JsonObject answer) {
                answers.put(key, answer);
            }
        });
        Optional<TaskState> owned = owned(exchange);
        Optional<TaskState> task = owned.filter(t -> mayUseItsTool(exchange, t))
                .flatMap(t -> store.update(t.taskId(), s -> s.answered(answers, clock.instant())));
        return acknowledge(exchange, owned, task);
    }

    private JsonObject cancel(Exchange exchange) {
        Optional<TaskState> owned = owned(exchange);
        Optional<TaskState> task = owned.flatMap(t -> store.update(t.taskId(), s -> s.cancelled("Cancelled by the client", clock.instant())));
        return acknowledge(exchange, owned, task);
    }

    /**
     * The request goes into the audit trail, naming the task's tool: {@code served} as OK, a task of the caller's that
     * it may no longer see ({@code owned} only) as DENIED, an unknown task's as INVALID.
     */
    private static void audited(Exchange exchange, Optional<TaskState> owned, Optional<TaskState> served) {
        Observation observation = exchange.observation();
        observation.audited();
        owned.map(TaskState::toolName).ifPresent(observation::requested);
        observation.outcome(served.isPresent() ? AuditRecord.Outcome.OK
                : owned.isPresent() ? AuditRecord.Outcome.DENIED : AuditRecord.Outcome.INVALID);
        if (served.isEmpty() && owned.isPresent()) {
            // one of the reasons mcp.server.authorization.failures documents, not its _OTHER
            observation.reason("forbidden");
        }
    }

    /** Whether the caller may use the task's tool now (switched on, its roles admit the caller). */
    private boolean mayUseItsTool(Exchange exchange, TaskState task) {
        return tools.mayUse(exchange.caller(), task.toolName());
    }

    /** The empty acknowledgement of tasks/update and tasks/cancel, audited; unknown tasks get -32602. */
    private JsonObject acknowledge(Exchange exchange, Optional<TaskState> owned, Optional<TaskState> task) {
        audited(exchange, owned, task);
        if (task.isEmpty()) {
            throw notFound();
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The task the request names, if it exists and belongs to the caller; empty for an unknown task or another's. */
    private Optional<TaskState> owned(Exchange exchange) {
        if (!(exchange.params().get("taskId") instanceof JsonString id)) {
            throw McpException.invalidParams("Invalid params: " + exchange.method() + " needs a string 'taskId'");
        }
        if (!TaskIds.wellFormed(id.getString())) {
            return Optional.empty();
        }
        return store.find(id.getString()).filter(t -> t.ownerKey().equals(exchange.caller().bindingKey()));
    }

    private static McpException notFound() {
        return McpException.invalidParams("Failed to retrieve task: Task not found");
    }
}
