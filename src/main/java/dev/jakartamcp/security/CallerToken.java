package dev.jakartamcp.security;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.security.enterprise.CallerPrincipal;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.text.ParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
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
    static final CallerToken NONE = new CallerToken(null, null, Set.of(), null, null, Map.of());

    private final String name;
    private final Set<String> groups;
    /** The bearer token, only where {@code mcp.auth.expose-raw-token} is on. */
    private final String rawToken;
    /** The token's payload (base64url JSON) for {@link #claims()}; null when they were given. */
    private final String payload;
    /** Parsed on first use when only the payload was kept; then set once (same value from any thread). */
    private volatile Map<String, Object> claims;

    /** Either {@code payload} or {@code claims} is given. */
    private CallerToken(String subject, String name, Set<String> groups, String rawToken, String payload,
                        Map<String, Object> claims) {
        super(subject);
        this.name = name;
        this.groups = groups;
        this.rawToken = rawToken;
        this.payload = payload;
        this.claims = claims;
    }

    /**
     * The token as a bean ({@code @Inject JsonWebToken}) for one request: it keeps the claims already parsed.
     *
     * @param exposeRawToken whether {@link #getRawToken()} (and the {@code raw_token} claim) give the bearer token
     *                       itself; off by default ({@code mcp.auth.expose-raw-token}), since MCP forbids passing the
     *                       client's token on to other services: exchange it (RFC 8693) instead.
     */
    static CallerToken of(VerifiedToken token, boolean exposeRawToken) {
        return new CallerToken(token.subject(), nameOf(token), token.roles(), exposeRawToken ? token.rawToken() : null,
                null, token.claims());
    }

    /**
     * The token as the caller principal handed to the container, which outlives the request: Payara's web
     * authorization caches a protection domain per principal set (a {@code WeakHashMap}; an entry stays until the map
     * sweeps it after a collection, holding the principals). This principal keeps only the payload's text, parsing
     * the claims again when they are asked for (rarely: the request path reads them from the validated token), and
     * it equals any principal of the same payload, so that the requests of one caller find the domain the first one
     * made instead of adding one each (under load, thousands per collection, each copied by it).
     */
    static CallerToken principal(VerifiedToken token, boolean exposeRawToken) {
        String raw = token.rawToken();
        int first = raw.indexOf('.');
        int second = raw.indexOf('.', first + 1);
        return new CallerToken(token.subject(), nameOf(token), token.roles(), exposeRawToken ? raw : null,
                raw.substring(first + 1, second), null);
    }

    private static String nameOf(VerifiedToken token) {
        for (String claim : new String[]{"upn", "preferred_username"}) {
            if (token.claims().get(claim) instanceof String s) {
                return s;
            }
        }
        return token.subject();
    }

    private Map<String, Object> claims() {
        Map<String, Object> parsed = claims;
        if (parsed == null) {
            try {
                parsed = VerifiedToken.frozenMap(JWTClaimsSet.parse(new Base64URL(payload).decodeToString()).getClaims());
            } catch (ParseException e) {
                throw new IllegalStateException("the claims of a validated token no longer parse", e);
            }
            claims = parsed;
        }
        return parsed;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return "CallerToken[" + getName() + "]";
    }

    /** A principal made by {@link #principal} equals one of the same token's claims (and raw token, where exposed). */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return payload != null && other instanceof CallerToken token && payload.equals(token.payload)
                && Objects.equals(rawToken, token.rawToken);
    }

    @Override
    public int hashCode() {
        return payload != null ? payload.hashCode() : System.identityHashCode(this);
    }

    @Override
    public Set<String> getClaimNames() {
        return claims().keySet();
    }

    @Override
    public Set<String> getGroups() {
        return groups;
    }

    @Override
    public String getRawToken() {
        return rawToken;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (this == NONE) {
            return null;
        }
        if (Claims.raw_token.name().equals(claimName)) {
            return (T) getRawToken();
        }
        if (Claims.groups.name().equals(claimName)) {
            return (T) groups;
        }
        Object value = claims().get(claimName);
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
