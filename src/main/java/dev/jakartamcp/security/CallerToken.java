package dev.jakartamcp.security;

import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.security.enterprise.CallerPrincipal;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The caller's access token as MicroProfile JWT's {@link JsonWebToken}, after this server validated it. Claims keep
 * the types MP-JWT specifies for the standard ones; other JSON arrays and objects come as JSON-P values.
 *
 * <p>It is a Jakarta Security {@link CallerPrincipal} too: off the request thread (where the author code of a request
 * runs) Payara's {@code SecurityContext.getCallerPrincipal()} finds the caller among the subject's principals only by
 * that type; on the request thread it asks the servlet request.
 */
final class CallerToken extends CallerPrincipal implements JsonWebToken {
    static final CallerToken NONE = new CallerToken(null, false);

    private final VerifiedToken token;
    private final boolean exposeRawToken;

    /**
     * @param exposeRawToken whether {@link #getRawToken()} (and the {@code raw_token} claim) give the bearer token
     *                       itself; off by default ({@code mcp.auth.expose-raw-token}), since MCP forbids passing the
     *                       client's token on to other services: exchange it (RFC 8693) instead.
     */
    CallerToken(VerifiedToken token, boolean exposeRawToken) {
        super(token == null ? null : token.subject());
        this.token = token;
        this.exposeRawToken = exposeRawToken;
    }

    @Override
    public String getName() {
        if (token == null) {
            return null;
        }
        for (String claim : new String[]{"upn", "preferred_username"}) {
            if (token.claims().get(claim) instanceof String s) {
                return s;
            }
        }
        return token.subject();
    }

    @Override
    public String toString() {
        return "CallerToken[" + getName() + "]";
    }

    @Override
    public Set<String> getClaimNames() {
        return token == null ? Set.of() : token.claims().keySet();
    }

    @Override
    public Set<String> getGroups() {
        return token == null ? Set.of() : token.roles();
    }

    @Override
    public String getRawToken() {
        return token == null || !exposeRawToken ? null : token.rawToken();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (token == null) {
            return null;
        }
        if (Claims.raw_token.name().equals(claimName)) {
            return (T) getRawToken();
        }
        if (Claims.groups.name().equals(claimName)) {
            return (T) token.roles();
        }
        Object value = token.claims().get(claimName);
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> c && Claims.aud.name().equals(claimName)) {
            return (T) Set.copyOf(c.stream().map(String::valueOf).toList());
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            return (T) json(value);
        }
        return (T) value;
    }

    private static JsonValue json(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder b = JsonFactory.createObjectBuilder();
            map.forEach((k, v) -> b.add(String.valueOf(k), json(v)));
            return b.build();
        }
        if (value instanceof Collection<?> c) {
            JsonArrayBuilder b = JsonFactory.createArrayBuilder();
            c.forEach(v -> b.add(json(v)));
            return b.build();
        }
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Number n) {
            return JsonFactory.createValue(new java.math.BigDecimal(n.toString()));
        }
        return JsonFactory.createValue(String.valueOf(value));
    }
}
