package dev.jakartamcp.it.authfixture;

import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Test-only tool (added to the AuthIT deployment): reports what MicroProfile JWT's {@code @Inject JsonWebToken}
 * says about the caller, so the test can check the token a tool bean sees is the caller's. No permission needed.
 */
@ApplicationScoped
public class WhoAmITool {

    @Inject
    JsonWebToken jwt;

    @Tool(name = "whoami", description = "Test fixture: the caller as @Inject JsonWebToken sees it",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String whoami() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("name", String.valueOf(jwt.getName()))
                .add("subject", String.valueOf(jwt.getSubject()))
                .add("issuer", String.valueOf(jwt.getIssuer()))
                .add("groups", sorted(jwt.getGroups()))
                .add("audience", sorted(jwt.getAudience()))
                .add("expiresAt", jwt.getExpirationTime())
                .add("rawTokenLength", jwt.getRawToken() == null ? 0 : jwt.getRawToken().length());
        Object permissions = jwt.getClaim("permissions");
        json.add("permissions", permissions instanceof JsonValue v ? v : permissions == null ? JsonValue.NULL : Json.createValue(permissions.toString()));
        json.add("permissionsType", permissions == null ? "null" : permissions.getClass().getName());
        return json.build().toString();
    }

    private static JsonArrayBuilder sorted(Collection<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        if (values != null) {
            new TreeSet<>(values).forEach(array::add);
        }
        return array;
    }
}
