package dev.jakartamcp.ops;

import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An operator's change through the operations API (a session ended, a task cancelled), and the answers such a
 * resource gives. Who acts is read from the request before anything changes: ending a session completes its open
 * streams on this thread, after which the container (Weld's servlet listener) has deactivated this thread's request
 * context, so that an injected request can no longer be read.
 */
record OperatorAction(Caller operator, String method, String traceparent) {

    static OperatorAction of(HttpServletRequest request, String method) {
        Caller operator = request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller
                ? caller : Caller.anonymous(request.getRemoteAddr());
        return new OperatorAction(operator, method, request.getHeader("traceparent"));
    }

    /** Audits one thing changed: the session ended (its id) or the task cancelled (its tool). */
    void audit(Observations observations, ItemKind kind, String itemName, String sessionId) {
        observations.operatorAction(operator, method, kind, itemName, sessionId, traceparent);
    }

    static Response ok(JsonObject body) {
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Response error(int status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(JsonFactory.createObjectBuilder()
                .add("error", error).add("error_description", description).build().toString()).build();
    }

    static Response invalid(String description) {
        return error(400, "invalid_request", description);
    }
}
