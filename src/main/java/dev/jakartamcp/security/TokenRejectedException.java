package dev.jakartamcp.security;

import java.util.Objects;

/**
 * A presented access token was not accepted. {@link #getMessage()} is the short, fixed description of the
 * {@link Reason}: it never contains token content, so it is safe for {@code error_description} and for logs.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was rejected; all map to the OAuth error {@code invalid_token}. */
    public enum Reason {
        MALFORMED("malformed token"),
        TOO_LARGE("token too large"),
        ENCRYPTED("encrypted tokens not accepted"),
        ALGORITHM_NOT_ALLOWED("algorithm not allowed"),
        TYPE_NOT_ACCEPTED("token type not accepted"),
        /** An OpenID Connect ID token ({@code at_hash}, {@code c_hash}, or Keycloak's {@code "typ": "ID"}). */
        ID_TOKEN("ID tokens not accepted"),
        UNKNOWN_SIGNING_KEY("unknown signing key"),
        AMBIGUOUS_SIGNING_KEY("signing key not identified"),
        ALGORITHM_KEY_MISMATCH("algorithm does not match key"),
        WEAK_SIGNING_KEY("signing key too weak"),
        /** The issuer's JWKS has never been fetched successfully; a server-side problem, not the client's. */
        KEYS_UNAVAILABLE("signing keys unavailable"),
        SIGNATURE_INVALID("signature invalid"),
        ISSUER_MISMATCH("issuer mismatch"),
        MISSING_AUDIENCE("missing aud"),
        AUDIENCE_MISMATCH("audience mismatch"),
        MISSING_EXPIRY("missing exp"),
        EXPIRED("token expired"),
        NOT_YET_VALID("token not yet valid"),
        ISSUED_IN_FUTURE("token issued in the future"),
        MISSING_SUBJECT("missing sub"),
        /** Valid, but revoked by the operator ({@code mcp.auth.revoked-subjects}, {@code mcp.auth.revoked-token-ids}). */
        REVOKED("token revoked");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason) {
        this(reason, null);
    }

    /** The cause is kept for debugging; it may mention token content, so do not show it to clients. */
    public TokenRejectedException(Reason reason, Throwable cause) {
        // No stack trace: rejections are routine and may come in floods.
        super(Objects.requireNonNull(reason, "reason").description(), cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The RFC 6750 error code, always {@code invalid_token}. */
    public String errorCode() {
        return "invalid_token";
    }

    public String description() {
        return reason.description();
    }
}
