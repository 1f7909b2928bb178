package dev.jakartamcp.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9728 protected resource metadata, at {@code /.well-known/oauth-protected-resource} and at the path-suffixed
 * {@code /.well-known/oauth-protected-resource/mcp}. Public: clients read it before they have a token (the
 * authentication mechanism never looks at tokens here). With authorization off there is none: 404. Both name
 * {@code mcp.resource} as the {@code resource}, never a URL made from the request (its Host is the client's to choose,
 * and the answer may be cached by anyone).
 */
@Path("")
@RequestScoped
public class ProtectedResourceMetadataResource {
    @Inject
    ResourceServer server;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response forTheServer() {
        return document();
    }

    @GET
    @Path("mcp")
    @Produces(MediaType.APPLICATION_JSON)
    public Response forTheEndpoint() {
        return document();
    }

    private Response document() {
        if (!server.enabled()) {
            throw new NotFoundException("authorization is off");
        }
        // Access-Control-Allow-Origin is CorsFilter's alone: Liberty's RESTEasy adds a resource's header to the one
        // the filter set, and a browser refuses a document with two
        return Response.ok(server.metadata().toJson().toString(), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
