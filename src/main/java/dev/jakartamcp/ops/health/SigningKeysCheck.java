package dev.jakartamcp.ops.health;

import dev.jakartamcp.security.JwksKeySource;
import dev.jakartamcp.security.ResourceServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Optional;

/**
 * Readiness: DOWN while authorization is on and no signing key of the issuer was ever fetched (every token would be
 * refused with 503). Asking tries a fetch when none succeeded yet, at most once per
 * {@code mcp.auth.jwks-refresh-min-interval}. A key set once fetched keeps serving through later JWKS outages, so
 * those do not make the server unready; {@code lastError} shows them.
 */
@Readiness
@ApplicationScoped
public class SigningKeysCheck implements HealthCheck {
    static final String NAME = "mcp-signing-keys";

    @Inject
    ResourceServer server;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (!server.enabled()) {
            return response.up().withData("authorization", "off").build();
        }
        Optional<JwksKeySource.Status> found = server.jwksStatusFetchingIfNone();
        if (found.isEmpty()) {
            return response.down().withData("reason", "authorization is on but has no key source").build();
        }
        JwksKeySource.Status status = found.get();
        response.withData("jwks", status.uri().toString());
        if (status.lastSuccess() != null) {
            response.withData("lastSuccess", status.lastSuccess().toString());
        }
        if (status.lastError() != null) {
            response.withData("lastError", status.lastError());
        }
        if (!status.hasKeys()) {
            return response.down().withData("reason", "no key the issuer's JWKS gave can verify a token (none was ever fetched, or none is an RSA or EC signing key); every token is refused").build();
        }
        return response.up().withData("keys", String.join(",", status.keyIds())).build();
    }
}
