package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.Caller;
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
import java.util.PriorityQueue;
import java.util.function.Consumer;

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
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final String DELETE = "DELETE /mcp-admin/sessions";
    private static final String EMPTY_SUBJECT = "subject is empty: name a token's sub claim";
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
    public Response list(@QueryParam("subject") String subject, @QueryParam("limit") String limitParameter) {
        int limit;
        try {
            limit = limitParameter == null ? DEFAULT_LIMIT : Integer.parseInt(limitParameter.strip());
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return invalid("limit must be a whole number from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")");
        }
        // the least recent of the kept ones on top, replaced by any more recent one: the newest `limit` in O(n log limit)
        PriorityQueue<McpSession> newest = new PriorityQueue<>(MOST_RECENT_FIRST.reversed());
        int[] matched = {0};
        int keep = limit;
        Consumer<McpSession> consider = session -> {
            matched[0]++;
            newest.add(session);
            if (newest.size() > keep) {
                newest.poll();
            }
        };
        if (subject == null) {
            sessions.forEach(consider);
        } else if (subject.isEmpty()) {
            return invalid(EMPTY_SUBJECT);
        } else {
            sessions.ownedBy(ownerOf(subject)).forEach(consider);
        }
        JsonArrayBuilder shown = JsonFactory.createArrayBuilder();
        newest.stream().sorted(MOST_RECENT_FIRST).forEach(session -> shown.add(describe(session)));
        return ok(JsonFactory.createObjectBuilder().add("sessions", shown).add("matched", matched[0]).add("limit", limit).build());
    }

    @DELETE
    @Path("{id}")
    public Response end(@PathParam("id") String id) {
        Ending ending = ending();
        if (!sessions.remove(id)) {
            return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(JsonFactory.createObjectBuilder()
                    .add("error", "not_found").add("error_description", "no open session with this id").build().toString()).build();
        }
        ending.audit(id);
        return ok(JsonFactory.createObjectBuilder().add("ended", 1).build());
    }

    @DELETE
    public Response endAllOf(@QueryParam("subject") String subject) {
        if (subject == null) {
            return invalid("name the sessions to end: DELETE /mcp-admin/sessions/{id}, or ?subject= for every session of one subject");
        }
        if (subject.isEmpty()) {
            return invalid(EMPTY_SUBJECT);
        }
        Ending ending = ending();
        int ended = 0;
        for (McpSession session : sessions.ownedBy(ownerOf(subject))) {
            if (sessions.remove(session.id())) {
                ended++;
                ending.audit(session.id());
            }
        }
        return ok(JsonFactory.createObjectBuilder().add("ended", ended).build());
    }

    /** The quota key of {@code subject}'s sessions: the operations API is only open with authorization on. */
    private String ownerOf(String subject) {
        return Caller.bindingKey(server.settings().issuer(), subject);
    }

    /**
     * Who ends sessions, read before the first one ends: ending a session completes its open streams on this thread,
     * and the container (Weld's servlet listener) then deactivates this thread's request context, so that the
     * injected request is no longer readable.
     */
    private Ending ending() {
        Caller operator = request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller
                ? caller : Caller.anonymous(request.getRemoteAddr());
        return new Ending(operator, request.getHeader("traceparent"));
    }

    private final class Ending {
        private final Caller operator;
        private final String traceparent;

        Ending(Caller operator, String traceparent) {
            this.operator = operator;
            this.traceparent = traceparent;
        }

        void audit(String sessionId) {
            observations.sessionEndedByOperator(operator, DELETE, sessionId, traceparent);
        }
    }

    static JsonObject describe(McpSession session) {
        String owner = session.ownerKey();
        int split = owner.indexOf('\n');
        JsonObjectBuilder json = JsonFactory.createObjectBuilder().add("id", session.id())
                .add("issuer", split < 0 ? "" : owner.substring(0, split))
                .add("subject", owner.substring(split + 1))
                .add("protocolVersion", session.revision().wire());
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

    private static Response ok(JsonObject body) {
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response invalid(String description) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(JsonFactory.createObjectBuilder()
                .add("error", "invalid_request").add("error_description", description).build().toString()).build();
    }
}
