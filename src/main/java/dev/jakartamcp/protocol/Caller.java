package dev.jakartamcp.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request: with authorization on, the verified token's issuer and subject, the roles (permissions) derived
 * from its claims and its expiry; with authorization off, an anonymous caller known only by its remote address.
 */
public record Caller(String issuer, String subject, Set<String> roles, Map<String, Object> claims, Instant expiresAt,
                     String address) {
    /** An anonymous caller of unknown address (tests, work not triggered by a request). */
    public static final Caller ANONYMOUS = anonymous("");

    /** The servlet request attribute under which the authentication mechanism leaves the authenticated caller. */
    public static final String REQUEST_ATTRIBUTE = "dev.jakartamcp.caller";

    public Caller {
        roles = Set.copyOf(roles);
        claims = claims == null ? Map.of() : claims;
        address = address == null ? "" : address;
    }

    public static Caller anonymous(String address) {
        return new Caller("", "", Set.of(), Map.of(), null, address);
    }

    public boolean isAnonymous() {
        return subject.isEmpty();
    }

    /**
     * Whether this caller's roles come from a verified token. False with authorization off: role requirements are
     * then not checked (nothing could satisfy them), while {@code @DenyAll} still denies.
     */
    public boolean verified() {
        return !isAnonymous();
    }

    /** A stable key for binding sessions and request state to this caller. */
    public String bindingKey() {
        return bindingKey(issuer, subject);
    }

    /** The {@link #bindingKey()} (and, with authorization on, the {@link #quotaKey()}) of a token's issuer and subject. */
    public static String bindingKey(String issuer, String subject) {
        return issuer + "\n" + subject;
    }

    /**
     * The key per-caller limits count against: issuer and subject with authorization on, the remote address with it
     * off (behind a proxy that is the proxy's address), an IPv6 one's whole /64 ({@link AddressGroup}), else a client
     * would get a fresh allowance per address.
     */
    public String quotaKey() {
        return isAnonymous() ? "address\n" + AddressGroup.of(address) : bindingKey();
    }

    /** When the caller's token expires; empty with authorization off. */
    public Optional<Instant> tokenExpiry() {
        return Optional.ofNullable(expiresAt);
    }
}
