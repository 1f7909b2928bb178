package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.CallersItems;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.security.OperationsRole;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionEnd;
import dev.jakartamcp.session.SessionStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * The 2025-era sessions as the operations API shows them: {@code GET /mcp-admin/sessions} (the most recently used
 * first, {@code limit} a page, the next from the {@code nextCursor} of the one before; all of them or one subject's),
 * {@code DELETE /mcp-admin/sessions/{id}} and
 * {@code DELETE /mcp-admin/sessions?subject=…} (ended as if their client had deleted them: their streams close, the
 * next request in them gets 404). Each session ended here is audited with the operator as the caller.
 */
@Path("sessions")
@RequestScoped
@RolesAllowed(OperationsRole.NAME)
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource extends CallersItemsResource<McpSession> {
    private static final String DELETE = "DELETE /mcp-admin/sessions";

    @Inject
    SessionStore sessions;

    @Override
    String listName() {
        return "sessions";
    }

    @Override
    Listing.Position position(McpSession item) {
        return new Listing.Position(item.lastAccess(), item.id());
    }

    @Override
    CallersItems<McpSession> items() {
        return sessions;
    }

    @GET
    public Response list(@QueryParam("subject") String subject, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor) {
        return listing(subject, limit, cursor);
    }

    @DELETE
    @Path("{id}")
    public Response end(@PathParam("id") String id) {
        OperatorAction action = OperatorAction.of(request, DELETE);
        if (!sessions.remove(id, SessionEnd.OPERATOR)) {
            return OperatorAction.error(404, "not_found", "no open session with this id");
        }
        action.audit(observations, null, null, id);
        return OperatorAction.ok(JsonFactory.createObjectBuilder().add("ended", 1).build());
    }

    @DELETE
    public Response endAllOf(@QueryParam("subject") String subject) {
        Optional<Response> problem = subjectProblem(subject,
                "name the sessions to end: DELETE /mcp-admin/sessions/{id}, or ?subject= for every session of one subject");
        if (problem.isPresent()) {
            return problem.get();
        }
        OperatorAction action = OperatorAction.of(request, DELETE);
        int ended = 0;
        for (McpSession session : ofSubject(subject)) {
            if (sessions.remove(session.id(), SessionEnd.OPERATOR)) {
                ended++;
                action.audit(observations, null, null, session.id());
            }
        }
        return OperatorAction.ok(JsonFactory.createObjectBuilder().add("ended", ended).build());
    }

    @Override
    JsonObject describe(McpSession session) {
        JsonObjectBuilder json = JsonFactory.createObjectBuilder().add("id", session.id());
        owner(session.ownerKey(), json).add("protocolVersion", session.revision().wire());
        JsonObject clientInfo = session.clientInfo();
        if (clientInfo == null) {
            json.add("client", JsonValue.NULL);
        } else {
            json.add("client", JsonFactory.createObjectBuilder().add("name", text(clientInfo, "name")).add("version", text(clientInfo, "version")));
        }
        return json.add("createdAt", session.createdAt().toString())
                .add("lastAccess", session.lastAccess().toString())
                .add("initialized", session.initialized())
                .build();
    }

    private static JsonValue text(JsonObject object, String name) {
        return object.get(name) instanceof JsonString text ? text : JsonValue.NULL;
    }
}
