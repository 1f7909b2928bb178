package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answer of the WAR's JAX-RS resources (protected resource metadata, operations API) to anything they do not
 * answer themselves: an unknown path, a method or media type they do not serve, a container's {@code @RolesAllowed}
 * denial, an unexpected failure. Always {@code {"error": …, "error_description": …}} as JSON with the status the
 * exception carries, never a container page (Payara answers JAX-RS errors with HTML, Liberty with an empty body).
 */
public class JsonHttpErrors implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(JsonHttpErrors.class.getName());

    @Override
    public Response toResponse(Exception exception) {
        int status = 500;
        String allow = null;
        if (exception instanceof McpException unavailable && unavailable.reason() == McpException.Reason.OVER_CAPACITY) {
            // the data grid did not answer within mcp.cluster.grid-timeout: no failure of the server's, try again
            LOG.log(Level.FINE, "A JAX-RS request found the server at a limit", exception);
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())))
                    .entity(body(503, unavailable.getMessage()).toString()).build();
        }
        if (exception instanceof WebApplicationException web && web.getResponse() != null) {
            status = web.getResponse().getStatus();
            allow = web.getResponse().getHeaderString("Allow");
        }
        if (status >= 500) {
            LOG.log(Level.SEVERE, "Unexpected failure of a JAX-RS request", exception);
        }
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(status).toString());
        if (allow != null) {
            answer.header("Allow", allow);
        }
        return answer.build();
    }

    /** The JSON body of an HTTP error of the WAR's own REST side: {@code {"error": …, "error_description": …}}. */
    public static jakarta.json.JsonObject body(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return body(status, known == null ? "HTTP " + status : known.getReasonPhrase());
    }

    /** The same with a description of what was wrong. */
    public static jakarta.json.JsonObject body(int status, String description) {
        String error = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
        return JsonFactory.createObjectBuilder().add("error", error).add("error_description", description).build();
    }
}
