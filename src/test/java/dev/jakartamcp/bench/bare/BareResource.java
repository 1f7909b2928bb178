package dev.jakartamcp.bench.bare;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The bench's "bare" endpoint: the platform's own limit for the same exchange. A JAX-RS resource (test-only WAR, never
 * part of the product) that reads the request body, validates the bearer token exactly as strictly as the product does
 * ({@link BareTokens}: nimbus, JWKS fetched once and cached, signature, issuer, audience, expiry and the
 * {@code channels:read} permission checked on every request) and answers with the very JSON bytes the product answered
 * to the same call, captured by the bench before this WAR was built ({@code bench/modern.json} for a 2026-07-28 call,
 * {@code bench/session.json} for a 2025-era call). No JSON-RPC parsing, no MCP logic.
 */
@Path("mcp")
@Singleton
public class BareResource {
    private static final String MODERN_REVISION = "2026-07-28";
    private static final byte[] MODERN = resource("bench/modern.json");
    private static final byte[] SESSION = resource("bench/session.json");

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response call(byte[] body,
                         @HeaderParam("Authorization") String authorization,
                         @HeaderParam("MCP-Protocol-Version") String revision) {
        if (!BareTokens.instance().permits(authorization, "channels:read")) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Unauthorized\"}}")
                    .build();
        }
        return Response.ok(MODERN_REVISION.equals(revision) ? MODERN : SESSION, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static byte[] resource(String name) {
        try (InputStream in = BareResource.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the bare WAR lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
