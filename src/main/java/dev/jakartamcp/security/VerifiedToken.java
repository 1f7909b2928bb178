package dev.jakartamcp.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An access token that passed {@link TokenValidator#validate(String)}.
 *
 * <p>{@code claims} is the payload as nimbus-jose-jwt parses it, made deeply unmodifiable: JSON strings are
 * {@link String}, numbers {@link Long} or {@link Double}, booleans {@link Boolean}, arrays {@link List},
 * objects {@link Map}, {@code null} stays {@code null}. The time claims {@code exp}, {@code nbf} and {@code iat}
 * are {@link Long} seconds since the epoch, as in the token (nimbus' {@link Date}s are converted back).
 * Convert to {@code jakarta.json} where an API (e.g. MicroProfile {@code JsonWebToken}) wants that.
 *
 * <p>{@link #toString()} leaves out the raw token so it cannot end up in logs by accident.
 */
public record VerifiedToken(
        String rawToken,
        String subject,
        String issuer,
        Instant expiresAt,
        Map<String, Object> claims,
        Set<String> roles) {

    public VerifiedToken {
        Objects.requireNonNull(rawToken, "rawToken");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(expiresAt, "expiresAt");
        claims = frozenMap(claims);
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    static Map<String, Object> frozenMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), frozen(value)));
        return Collections.unmodifiableMap(copy);
    }

    // JSON null is kept, which List.copyOf/Map.copyOf would refuse.
    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            return frozenMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(frozen(item)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Date date) {
            return date.getTime() / 1000;
        }
        return value;
    }

    @Override
    public String toString() {
        return "VerifiedToken[subject=" + subject + ", issuer=" + issuer + ", expiresAt=" + expiresAt
                + ", roles=" + roles + "]";
    }
}
