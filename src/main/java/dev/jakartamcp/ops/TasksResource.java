package dev.jakartamcp.ops;

import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.protocol.CallersItems;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.security.OperationsRole;
import dev.jakartamcp.tasks.TaskState;
import dev.jakartamcp.tasks.TaskStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.Optional;

/**
 * The tasks of the tasks extension as the operations API shows them: {@code GET /mcp-admin/tasks} (the newest first,
 * {@code limit} a page, the next from the {@code nextCursor} of the one before; all of them or one subject's),
 * {@code DELETE /mcp-admin/tasks/{id}} and
 * {@code DELETE /mcp-admin/tasks?subject=…} (cancelled as by their client's {@code tasks/cancel}: the work is told and
 * interrupted, the task stays readable by its creator as {@code cancelled} until it expires). Each task cancelled here
 * is audited with the operator as the caller; its end is audited as every task's is.
 */
@Path("tasks")
@RequestScoped
@RolesAllowed(OperationsRole.NAME)
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource extends CallersItemsResource<TaskState> {
    static final String CANCELLED = "Cancelled by the operator";
    private static final String DELETE = "DELETE /mcp-admin/tasks";

    @Inject
    TaskStore tasks;

    @Override
    String listName() {
        return "tasks";
    }

    @Override
    Listing.Position position(TaskState item) {
        return new Listing.Position(item.createdAt(), item.taskId());
    }

    @Override
    CallersItems<TaskState> items() {
        return tasks;
    }

    @GET
    public Response list(@QueryParam("subject") String subject, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor) {
        return listing(subject, limit, cursor);
    }

    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("id") String id) {
        OperatorAction action = OperatorAction.of(request, DELETE);
        Optional<TaskState> before = tasks.find(id);
        if (before.isEmpty()) {
            return OperatorAction.error(404, "not_found", "no task with this id (it expired, or never existed)");
        }
        if (before.get().status().isTerminal() || !cancel(before.get(), action)) {
            return OperatorAction.error(409, "conflict", "the task has already ended: " + before.get().status().wire());
        }
        return OperatorAction.ok(JsonFactory.createObjectBuilder().add("cancelled", 1).build());
    }

    @DELETE
    public Response cancelAllOf(@QueryParam("subject") String subject) {
        Optional<Response> problem = subjectProblem(subject,
                "name the tasks to cancel: DELETE /mcp-admin/tasks/{id}, or ?subject= for every task of one subject");
        if (problem.isPresent()) {
            return problem.get();
        }
        OperatorAction action = OperatorAction.of(request, DELETE);
        int cancelled = 0;
        for (TaskState task : ofSubject(subject)) {
            if (!task.status().isTerminal() && cancel(task, action)) {
                cancelled++;
            }
        }
        return OperatorAction.ok(JsonFactory.createObjectBuilder().add("cancelled", cancelled).build());
    }

    /** Cancels {@code task} unless it ended meanwhile; true when this cancelled it. */
    private boolean cancel(TaskState task, OperatorAction action) {
        boolean[] cancelledHere = {false};
        tasks.update(task.taskId(), current -> {
            TaskState next = current.cancelled(CANCELLED, Instant.now());
            cancelledHere[0] = next != current;
            return next;
        });
        if (cancelledHere[0]) {
            action.audit(observations, ItemKind.TOOL, task.toolName(), null);
        }
        return cancelledHere[0];
    }

    @Override
    JsonObject describe(TaskState task) {
        JsonObjectBuilder json = JsonFactory.createObjectBuilder().add("taskId", task.taskId());
        owner(task.ownerKey(), json).add("tool", task.toolName())
                .add("status", task.status().wire())
                .add("statusMessage", task.statusMessage() == null ? JsonValue.NULL : JsonFactory.createValue(task.statusMessage()));
        return json.add("createdAt", task.createdAt().toString())
                .add("lastUpdatedAt", task.lastUpdatedAt().toString())
                .add("expiresAt", task.expiresAt().toString())
                .build();
    }
}
