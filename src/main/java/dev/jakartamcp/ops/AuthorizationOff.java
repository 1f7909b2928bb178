package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;

/**
 * The refusal of a path that needs a permission while authorization is off ({@code mcp.auth.enabled=false}): no caller
 * has a token then, so none can hold the permission, and a challenge would ask for a token no one could send. 403
 * without {@code WWW-Authenticate}, audited as {@code DENIED} with reason {@value #REASON}: the operations API's
 * always, {@code /mcp-metrics}' with {@code mcp.metrics.role} set.
 */
final class AuthorizationOff {
    static final int STATUS = 403;
    static final String REASON = "authorization_off";

    private AuthorizationOff() {
    }

    /** The JSON body, naming what needs authorization on. */
    static JsonObject body(String needs) {
        return JsonFactory.createObjectBuilder().add("error", "forbidden")
                .add("error_description", needs + " needs authorization on (mcp.auth.enabled=true)").build();
    }
}
