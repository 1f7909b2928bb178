package dev.jakartamcp.protocol;

import java.util.Map;
import java.util.Set;

/**
 * Who sent a request: the verified token's issuer and subject and the roles derived from its claims.
 * {@link #ANONYMOUS} when authorization is off.
 */
public record Caller(String issuer, String subject, Set<String> roles, Map<String, Object> claims) {
    public static final Caller ANONYMOUS = new Caller("", "", Set.of(), Map.of());

    /** The servlet request attribute under which the security filter leaves the authenticated caller. */
    public static final String REQUEST_ATTRIBUTE = "dev.jakartamcp.caller";

    public boolean isAnonymous() {
        return subject.isEmpty();
    }

    /** A stable key for binding sessions and request state to this caller. */
    public String bindingKey() {
        return issuer + "\n" + subject;
    }
}
