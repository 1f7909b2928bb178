package dev.jakartamcp.security;

import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An RFC 6750 / RFC 9728 bearer challenge: the HTTP status, the {@code WWW-Authenticate} value and a JSON body.
 *
 * <pre>
 * 401 missing token   Bearer resource_metadata="https://h/.well-known/oauth-protected-resource/mcp", scope="a b"
 * 401 rejected token  Bearer error="invalid_token", error_description="token expired", resource_metadata="…", scope="a b"
 * 403 missing scope   Bearer error="insufficient_scope", error_description="…", resource_metadata="…", scope="c"
 * </pre>
 *
 * <p>RFC 6750 allows neither {@code "} nor {@code \} nor anything outside printable ASCII in these values, so
 * nothing needs escaping once the values conform: descriptions are made to conform (quotes become {@code '},
 * backslashes {@code /}, control and non-ASCII characters spaces, at most {@value #MAX_DESCRIPTION_LENGTH}
 * characters); scopes that are not RFC 6749 scope-tokens are left out of {@code scope} ({@link #validScopes}), because
 * they come from role names ({@code @RolesAllowed}, {@code mcp.tools.<name>.roles}) that Jakarta allows to contain
 * spaces or quotes, and a 401/403 must not turn into a 500 because of one; the metadata URL comes from configuration
 * and is rejected with {@link IllegalArgumentException} if it does not conform.
 */
public record BearerChallenge(int status, String error, String errorDescription, String resourceMetadata,
                              List<String> scopes) {

    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    public static final int MAX_DESCRIPTION_LENGTH = 200;

    /** The JSON body's {@code error} when no token was sent; the header then carries no error, per RFC 6750 §3.1. */
    public static final String MISSING_TOKEN_BODY_ERROR = "unauthorized";
    private static final String MISSING_TOKEN_DESCRIPTION = "bearer token required";

    public BearerChallenge {
        if (status != 401 && status != 403) {
            throw new IllegalArgumentException("status must be 401 or 403: " + status);
        }
        if (error != null && !error.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not an OAuth error code: " + error);
        }
        errorDescription = errorDescription == null ? null : sanitize(errorDescription);
        checkAbsoluteUrl(Objects.requireNonNull(resourceMetadata, "resourceMetadata"));
        scopes = validScopes(scopes);
    }

    /**
     * The elements of {@code scopes} that are RFC 6749 scope-tokens (printable ASCII without space, {@code "} and
     * {@code \}), in their order; {@code null}s and everything else are left out. This is what a challenge puts in
     * its {@code scope}; a caller that wants to log what was dropped compares it with its input.
     *
     * @param scopes may be {@code null}
     */
    public static List<String> validScopes(Collection<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return List.of();
        }
        List<String> valid = new ArrayList<>(scopes.size());
        for (String scope : scopes) {
            if (isValidScope(scope)) {
                valid.add(scope);
            }
        }
        return List.copyOf(valid);
    }

    /** Whether {@code scope} is an RFC 6749 scope-token, i.e. may appear in a {@code scope} parameter. */
    public static boolean isValidScope(String scope) {
        return scope != null && AuthSettings.SCOPE_TOKEN.matcher(scope).matches();
    }

    /** 401 for a request without a bearer token: no error code, only where to find the metadata and what to ask for. */
    public static BearerChallenge missingToken(String resourceMetadata, Collection<String> scopes) {
        return new BearerChallenge(401, null, null, resourceMetadata, validScopes(scopes));
    }

    /** 401 for a token that was presented but rejected. */
    public static BearerChallenge invalidToken(String resourceMetadata, Collection<String> scopes, String description) {
        return new BearerChallenge(401, INVALID_TOKEN, description, resourceMetadata, validScopes(scopes));
    }

    public static BearerChallenge invalidToken(String resourceMetadata, Collection<String> scopes,
                                               TokenRejectedException rejection) {
        return new BearerChallenge(401, rejection.errorCode(), rejection.description(), resourceMetadata, validScopes(scopes));
    }

    /**
     * 403 for a valid token that lacks what the operation needs; {@code requiredScopes} is what to step up to (those
     * that are not scope-tokens are left out, see {@link #validScopes}).
     */
    public static BearerChallenge insufficientScope(String resourceMetadata, Collection<String> requiredScopes,
                                                    String description) {
        return new BearerChallenge(403, INSUFFICIENT_SCOPE, description, resourceMetadata, validScopes(requiredScopes));
    }

    /** The value of the {@code WWW-Authenticate} header. */
    public String headerValue() {
        List<String> params = new ArrayList<>();
        if (error != null) {
            params.add(param("error", error));
        }
        if (errorDescription != null) {
            params.add(param("error_description", errorDescription));
        }
        params.add(param("resource_metadata", resourceMetadata));
        if (!scopes.isEmpty()) {
            params.add(param("scope", String.join(" ", scopes)));
        }
        return "Bearer " + String.join(", ", params);
    }

    /** {@code {"error": "...", "error_description": "..."}}; for a missing token {@value #MISSING_TOKEN_BODY_ERROR}. */
    public JsonObject jsonBody() {
        JsonObjectBuilder body = JsonFactory.createObjectBuilder();
        if (error == null) {
            body.add("error", MISSING_TOKEN_BODY_ERROR).add("error_description", MISSING_TOKEN_DESCRIPTION);
        } else {
            body.add("error", error);
            if (errorDescription != null) {
                body.add("error_description", errorDescription);
            }
        }
        return body.build();
    }

    private static String param(String name, String value) {
        return name + "=\"" + value + "\"";
    }

    /** Maps anything outside RFC 6750's {@code %x20-21 / %x23-5B / %x5D-7E} to something inside it. */
    static String sanitize(String description) {
        StringBuilder out = new StringBuilder(Math.min(description.length(), MAX_DESCRIPTION_LENGTH));
        for (int i = 0; i < description.length() && out.length() < MAX_DESCRIPTION_LENGTH; i++) {
            char c = description.charAt(i);
            if (c == '"') {
                out.append('\'');
            } else if (c == '\\') {
                out.append('/');
            } else if (c < 0x20 || c > 0x7E) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString().trim();
    }

    private static void checkAbsoluteUrl(String url) {
        try {
            // java.net.URI refuses quotes, backslashes, spaces and control characters, so a parsed URL is header-safe.
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || !url.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new IllegalArgumentException("resource_metadata must be an absolute http(s) URL: " + url);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("resource_metadata is not a valid URL: " + url, e);
        }
    }
}
