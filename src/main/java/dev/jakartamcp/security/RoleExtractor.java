package dev.jakartamcp.security;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Collects role names (permissions, scopes, app roles, groups) from the claims named in
 * {@link AuthSettings#rolesClaims()}.
 *
 * <ul>
 *   <li>A string claim ({@code scope}, {@code scp}) is split on whitespace.</li>
 *   <li>An array claim ({@code permissions}, {@code roles}, {@code groups}) contributes each non-blank string
 *       element exactly as it is, spaces included, since role names are compared exactly; non-string elements are
 *       ignored.</li>
 *   <li>A claim name that is absent but contains dots is followed as a path through JSON objects, which covers
 *       Keycloak's {@code realm_access.roles} and {@code resource_access.<client>.roles}, a client id with dots
 *       included (at each level the longest run of segments that is a key). An exact claim name wins, so namespaced
 *       claims like {@code https://example.com/groups} work as well.</li>
 * </ul>
 *
 * <p>Values may be plain Java ({@link String}, {@link Collection}, {@link Map}, as nimbus and Open Liberty give
 * them) or {@code jakarta.json} ({@link JsonString}, {@code JsonArray}, {@link JsonObject}, as Payara's
 * {@code JsonWebToken.getClaim} gives them).
 */
public final class RoleExtractor {

    private final List<String> claimNames;

    public RoleExtractor(List<String> claimNames) {
        this.claimNames = List.copyOf(Objects.requireNonNull(claimNames, "claimNames"));
    }

    /** Unmodifiable, in claim order then value order, without duplicates. */
    public Set<String> rolesFrom(Map<String, ?> claims) {
        Set<String> roles = new LinkedHashSet<>();
        for (String name : claimNames) {
            addRoles(lookup(claims, name), roles);
        }
        return Collections.unmodifiableSet(roles);
    }

    private static Object lookup(Map<String, ?> claims, String name) {
        if (claims.containsKey(name) || name.indexOf('.') < 0) {
            return claims.get(name);
        }
        return walk(claims, name.split("\\."), 0);
    }

    /**
     * The value at {@code segments[from..]} below {@code current}: at each level the longest run of segments joined by
     * dots that is a key, so that a Keycloak client id with dots ({@code resource_access.com.example.mcp.roles}) is
     * found as one key; null when none leads to a value.
     */
    private static Object walk(Object current, String[] segments, int from) {
        if (from == segments.length) {
            return current;
        }
        // JsonObject is a Map<String, JsonValue>, so Payara's nested claims walk the same way.
        if (!(current instanceof Map<?, ?> map)) {
            return null;
        }
        for (int end = segments.length; end > from; end--) {
            String key = String.join(".", java.util.Arrays.asList(segments).subList(from, end));
            if (map.containsKey(key)) {
                Object found = walk(map.get(key), segments, end);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void addRoles(Object value, Set<String> roles) {
        if (value instanceof String text) {
            addSplit(text, roles);
        } else if (value instanceof JsonString text) {
            addSplit(text.getString(), roles);
        } else if (value instanceof Collection<?> values) {
            // JsonArray is a List<JsonValue>, so it lands here too.
            for (Object element : values) {
                String role = element instanceof String s ? s
                        : element instanceof JsonString js ? js.getString() : null;
                if (role != null && !role.isBlank()) { // a blank name matches no role that can be declared
                    roles.add(role); // as the token has it: Jakarta EE compares role names exactly
                }
            }
        } else if (value instanceof Object[] array) {
            addRoles(Arrays.asList(array), roles);
        }
    }

    private static void addSplit(String text, Set<String> roles) {
        for (String part : text.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                roles.add(part);
            }
        }
    }
}
