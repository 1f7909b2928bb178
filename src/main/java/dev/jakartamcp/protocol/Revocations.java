package dev.jakartamcp.protocol;

import java.util.Map;
import java.util.Set;

/**
 * Tokens the operator has revoked before they expire ({@code mcp.auth.revoked-subjects},
 * {@code mcp.auth.revoked-token-ids}): a JWT stays valid until its {@code exp} whatever the authorization server
 * learns later, so a stolen token, or a person whose access must end now, needs a way in at the resource server.
 *
 * @param subjects every token of these subjects ({@code sub})
 * @param tokenIds single tokens, by their {@code jti}
 */
public record Revocations(Set<String> subjects, Set<String> tokenIds) {
    public static final Revocations NONE = new Revocations(Set.of(), Set.of());

    public Revocations {
        subjects = Set.copyOf(subjects);
        tokenIds = Set.copyOf(tokenIds);
    }

    /** Whether nothing is revoked: the common case, which costs a caller nothing. */
    public boolean none() {
        return subjects.isEmpty() && tokenIds.isEmpty();
    }

    /** Whether the token of {@code subject} with these {@code claims} is revoked. */
    public boolean revokes(String subject, Map<String, Object> claims) {
        if (none()) {
            return false;
        }
        return subjects.contains(subject) || claims.get("jti") instanceof String jti && tokenIds.contains(jti);
    }

    /** Whether {@code caller}'s token is revoked; an anonymous caller (authorization off) has none. */
    public boolean revokes(Caller caller) {
        return !caller.isAnonymous() && revokes(caller.subject(), caller.claims());
    }
}
