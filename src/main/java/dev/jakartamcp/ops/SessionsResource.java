package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.security.OperationsRole;
import dev.jakartamcp.security.ResourceServer;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Comparator;
import java.util.Optional;

/**
 * The 2025-era sessions as the operations API shows them: {@code GET /mcp-admin/sessions} (the most recently used
 * first, at most {@code limit}; all of them or one subject's), {@code DELETE /mcp-admin/sessions/{id}} and
 * {@code DELETE /mcp-admin/sessions?subject=…} (ended as if their client had deleted them: their streams close, the
 * next request in them gets 404). Each session ended here is audited with the operator as the caller.
 */
@Path("sessions")
@RequestScoped
@RolesAllowed(OperationsRole.NAME)
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {
    private static final String DELETE = "DELETE /mcp-admin/sessions";
    static final String EMPTY_SUBJECT = "subject is empty: name a token's sub claim";
    private static final Comparator<McpSession> MOST_RECENT_FIRST =
            Comparator.comparing(McpSession::lastAccess).reversed().thenComparing(McpSession::id);

    @Inject
    SessionStore sessions;

    @Inject
    ResourceServer server;

    @Inject
    Observations observations;

    @Inject
    HttpServletRequest request;

    @GET
    public Response list(@QueryParam("subject") String subject, @QueryParam("limit") String limit) {
        Optional<Integer> shown = Listing.limit(limit);
        if (shown.isEmpty()) {
            return OperatorAction.invalid(Listing.LIMIT_PROBLEM);
        }
        if (subject != null && subject.isEmpty()) {
            return OperatorAction.invalid(EMPTY_SUBJECT);
        }
        Listing<McpSession> listing = new Listing<>(MOST_RECENT_FIRST, shown.get());
        if (subject == null) {
            sessions.forEach(listing);
        } else {
            sessions.ownedBy(OperatorAction.ownerOf(server.settings().issuer(), subject)).forEach(listing);
        }
        JsonArrayBuilder array = JsonFactory.createArrayBuilder();
        listing.shown().forEach(session -> array.add(describe(session)));
        return OperatorAction.ok(JsonFactory.createObjectBuilder().add("sessions", array).add("matched", listing.matched())
                .add("limit", listing.limit()).build());
    }

    @DELETE
    @Path("{id}")
    public Response end(@PathParam("id") String id) {
        OperatorAction action = OperatorAction.of(request, DELETE);
        if (!sessions.remove(id)) {
            return OperatorAction.error(404, "not_found", "no open session with this id");
        }
        action.audit(observations, null, null, id);
        return OperatorAction.ok(JsonFactory.createObjectBuilder().add("ended", 1).build());
    }

    @DELETE
    public Response endAllOf(@QueryParam("subject") String subject) {
        if (subject == null) {
            return OperatorAction.invalid("name the sessions to end: DELETE /mcp-admin/sessions/{id}, or ?subject= for every session of one subject");
        }
        if (subject.isEmpty()) {
            return OperatorAction.invalid(EMPTY_SUBJECT);
        }
        OperatorAction action = OperatorAction.of(request, DELETE);
        int ended = 0;
        for (McpSession session : sessions.ownedBy(OperatorAction.ownerOf(server.settings().issuer(), subject))) {
            if (sessions.remove(session.id())) {
                ended++;
                action.audit(observations, null, null, session.id());
            }
        }
        return OperatorAction.ok(JsonFactory.createObjectBuilder().add("ended", ended).build());
    }

    static JsonObject describe(McpSession session) {
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

    /** Adds {@code issuer} and {@code subject} of an owner key ({@code Caller.bindingKey()}). */
    static JsonObjectBuilder owner(String ownerKey, JsonObjectBuilder json) {
        int split = ownerKey.indexOf('\n');
        return json.add("issuer", split < 0 ? "" : ownerKey.substring(0, split)).add("subject", ownerKey.substring(split + 1));
    }

    private static JsonValue text(JsonObject object, String name) {
        return object.get(name) instanceof JsonString text ? text : JsonValue.NULL;
    }
}
