package dev.jakartamcp.security;

import dev.jakartamcp.protocol.McpSettings;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Configuration of the OAuth 2.1 resource server.
 *
 * <p>The compact constructor fills {@code null} components (and a {@code maxTokenBytes} of 0) with their defaults,
 * so callers only pass what they care about. {@link #audiences()} always contains {@link #resource()}. When {@link #enabled()} is true,
 * {@link #issuer()}, {@link #jwksUri()} and {@link #resource()} are required; {@link #DEFAULT_RESOURCE} only fills in
 * {@code resource} while authorization is off (it still serves Host checks and the metadata then). {@code resource} is
 * an absolute http(s) URL without query and fragment.
 */
public record AuthSettings(
        boolean enabled,
        String issuer,
        URI jwksUri,
        Set<String> audiences,
        Duration clockSkew,
        Set<String> allowedAlgorithms,
        List<String> rolesClaims,
        int maxTokenBytes,
        Duration jwksRefreshMinInterval,
        Duration jwksCacheTtl,
        Duration jwksTimeout,
        String resource,
        List<String> authorizationServers,
        List<String> scopesSupported,
        Set<String> tokenTypes) {

    public static final String DEFAULT_RESOURCE = "http://127.0.0.1:8080/mcp";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /** Asymmetric algorithms nimbus verifies without extra libraries; HMAC and {@code none} can never be enabled. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")));
    public static final List<String> DEFAULT_ROLES_CLAIMS = List.of("permissions", "scope", "scp", "roles", "groups");
    public static final int DEFAULT_MAX_TOKEN_BYTES = 8192;
    /**
     * {@code typ} header values accepted, lower case, without {@code application/}; {@code none} stands for a token
     * without {@code typ}. RFC 9068 access tokens say {@code at+jwt}; Auth0, Entra ID and Keycloak say {@code JWT}.
     */
    public static final Set<String> SUPPORTED_TOKEN_TYPES = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "at+jwt", "jwt", "none")));
    public static final Duration DEFAULT_JWKS_REFRESH_MIN_INTERVAL = Duration.ofSeconds(30);
    /**
     * Floor of {@code mcp.auth.jwks-refresh-min-interval}: tokens naming unknown {@code kid}s cannot make the server
     * fetch the JWKS more often than this, whatever is configured.
     */
    public static final Duration MIN_JWKS_REFRESH_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_JWKS_TIMEOUT = Duration.ofSeconds(5);

    /** RFC 6749 scope-token: printable ASCII except space, double quote and backslash. */
    static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    /** 127.0.0.0/8 as four decimal octets without leading zeros (no {@code 127.1}, octal or hex forms). */
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile(
            "127(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    public AuthSettings {
        issuer = blankToNull(issuer);
        resource = blankToNull(resource);
        if (enabled) {
            if (issuer == null) {
                throw new IllegalArgumentException("issuer (mp.jwt.verify.issuer) is required when authorization is enabled");
            }
            if (jwksUri == null) {
                throw new IllegalArgumentException(
                        "jwksUri (mp.jwt.verify.publickey.location) is required when authorization is enabled");
            }
            if (resource == null) {
                // With a shared default, two deployments would accept each other's tokens.
                throw new IllegalArgumentException("resource (mcp.resource) is required when authorization is enabled "
                        + "(mcp.auth.enabled defaults to true): set it to the exact URL clients use for this server's "
                        + "MCP endpoint, e.g. https://mcp.example.com/mcp; tokens must carry it as audience");
            }
        }
        clockSkew = nonNegative("clockSkew (mcp.auth.clock-skew)", clockSkew, DEFAULT_CLOCK_SKEW);
        jwksRefreshMinInterval = nonNegative("jwksRefreshMinInterval (mcp.auth.jwks-refresh-min-interval)",
                jwksRefreshMinInterval, DEFAULT_JWKS_REFRESH_MIN_INTERVAL);
        if (jwksRefreshMinInterval.compareTo(MIN_JWKS_REFRESH_MIN_INTERVAL) < 0) {
            // 0 would let every token with a forged kid trigger a JWKS fetch.
            throw new IllegalArgumentException("jwksRefreshMinInterval (mcp.auth.jwks-refresh-min-interval) must be at least "
                    + MIN_JWKS_REFRESH_MIN_INTERVAL + ": " + jwksRefreshMinInterval);
        }
        jwksCacheTtl = positive("jwksCacheTtl (mcp.auth.jwks-cache-ttl)", jwksCacheTtl, DEFAULT_JWKS_CACHE_TTL);
        jwksTimeout = positive("jwksTimeout (mcp.auth.jwks-timeout)", jwksTimeout, DEFAULT_JWKS_TIMEOUT);
        if (maxTokenBytes == 0) {
            maxTokenBytes = DEFAULT_MAX_TOKEN_BYTES;
        } else if (maxTokenBytes < 0) {
            throw new IllegalArgumentException(
                    "maxTokenBytes (mcp.auth.max-token-bytes) must be positive: " + maxTokenBytes);
        }

        resource = resource == null ? DEFAULT_RESOURCE : resource;
        URI resourceUri = requireHttpUrl("resource (mcp.resource)", resource);
        if (resourceUri.getRawFragment() != null) {
            throw new IllegalArgumentException("resource (mcp.resource) must not have a fragment: " + resource);
        }
        if (resourceUri.getRawQuery() != null) {
            throw new IllegalArgumentException("resource (mcp.resource) must not have a query: " + resource);
        }

        allowedAlgorithms = allowedAlgorithms == null || allowedAlgorithms.isEmpty()
                ? SUPPORTED_ALGORITHMS : checkedAlgorithms(allowedAlgorithms);
        rolesClaims = rolesClaims == null ? DEFAULT_ROLES_CLAIMS : trimmedNonBlank(rolesClaims);
        tokenTypes = tokenTypes == null || tokenTypes.isEmpty() ? SUPPORTED_TOKEN_TYPES : checkedTokenTypes(tokenTypes);

        LinkedHashSet<String> allAudiences = new LinkedHashSet<>();
        allAudiences.add(resource);
        if (audiences != null) {
            allAudiences.addAll(trimmedNonBlank(audiences));
        }
        audiences = Collections.unmodifiableSet(allAudiences);

        authorizationServers = authorizationServers == null || authorizationServers.isEmpty()
                ? (issuer == null ? List.of() : List.of(issuer))
                : checkedIssuerIdentifiers(trimmedNonBlank(authorizationServers));
        scopesSupported = scopesSupported == null ? List.of() : trimmedNonBlank(scopesSupported);
        for (String scope : scopesSupported) {
            if (!SCOPE_TOKEN.matcher(scope).matches()) {
                throw new IllegalArgumentException("mcp.auth.scopes-supported: not a valid scope token: " + scope);
            }
        }
        if (jwksUri != null) {
            requireHttpUrl("jwksUri (mp.jwt.verify.publickey.location)", jwksUri.toString());
            if (!isAllowedJwksUrl(jwksUri)) {
                throw new IllegalArgumentException("jwksUri (mp.jwt.verify.publickey.location) must be an https URL "
                        + "(plain http only to a loopback host: localhost, 127.x.x.x, [::1]): " + jwksUri);
            }
        }
    }

    /**
     * Each entry of {@code mcp.authorization-servers} is an issuer identifier clients derive the authorization server's
     * metadata from (RFC 8414): an https URL (plain http only to a loopback host), without query or fragment. Anything
     * else was served as it was, and every client's discovery failed while the server looked healthy.
     */
    private static List<String> checkedIssuerIdentifiers(List<String> servers) {
        for (String server : servers) {
            URI uri = requireHttpUrl("mcp.authorization-servers", server);
            if (!isAllowedJwksUrl(uri) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("mcp.authorization-servers: each entry must be an https URL (plain http only to a"
                        + " loopback host: localhost, 127.x.x.x, [::1]) without query or fragment: " + server);
            }
        }
        return servers;
    }

    /**
     * Reads settings with MicroProfile-Config-style keys; pass e.g. {@code key -> config.getOptionalValue(key, String.class)}.
     *
     * @throws IllegalArgumentException naming the offending key when a value is invalid or a required one is missing
     */
    public static AuthSettings fromConfig(Function<String, Optional<String>> config) {
        return fromConfig(new McpSettings(Objects.requireNonNull(config, "config")));
    }

    /**
     * Reads the resource server's settings through {@link McpSettings}, the one strict reader of every setting (the same
     * parsing of booleans, numbers, durations and lists everywhere). Besides the keys in the README's table,
     * {@code mcp.auth.jwks-timeout}, {@code mcp.auth.jwks-cache-ttl}, {@code mcp.auth.max-token-bytes} and
     * {@code mcp.auth.allowed-algorithms} are read.
     *
     * @throws IllegalArgumentException naming the offending key when a value is invalid or a required one is missing
     */
    public static AuthSettings fromConfig(McpSettings config) {
        try {
            long maxTokenBytes = config.number("mcp.auth.max-token-bytes").orElse(0L);
            if (maxTokenBytes > Integer.MAX_VALUE) {
                throw McpSettings.invalid("mcp.auth.max-token-bytes", String.valueOf(maxTokenBytes), "too large");
            }
            return new AuthSettings(
                    config.bool("mcp.auth.enabled", true),
                    config.string("mp.jwt.verify.issuer").orElse(null),
                    config.uri("mp.jwt.verify.publickey.location").orElse(null),
                    new LinkedHashSet<>(config.list("mp.jwt.verify.audiences")),
                    config.duration("mcp.auth.clock-skew").orElse(null),
                    nullIfEmpty(config.list("mcp.auth.allowed-algorithms")).map(LinkedHashSet::new).orElse(null),
                    nullIfEmpty(config.list("mcp.auth.roles-claims")).orElse(null),
                    (int) maxTokenBytes,
                    config.duration("mcp.auth.jwks-refresh-min-interval").orElse(null),
                    config.duration("mcp.auth.jwks-cache-ttl").orElse(null),
                    config.duration("mcp.auth.jwks-timeout").orElse(null),
                    config.string("mcp.resource").orElse(null),
                    nullIfEmpty(config.list("mcp.authorization-servers")).orElse(null),
                    nullIfEmpty(config.list("mcp.auth.scopes-supported")).orElse(null),
                    nullIfEmpty(config.list("mcp.auth.token-types")).map(LinkedHashSet::new).orElse(null));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Optional<List<String>> nullIfEmpty(List<String> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(values);
    }

    /**
     * Whether signing keys may be fetched from {@code url}: an absolute {@code https} URL, or {@code http} when the
     * host is a loopback address written as {@code localhost}, a {@code 127.0.0.0/8} dotted-quad literal or an IPv6
     * loopback literal ({@code [::1]}). Keys fetched over plain http from anywhere else could be swapped in transit.
     * Host names are never resolved; {@code 127.1}, {@code 0x7f000001} and names that merely resolve to loopback are
     * not accepted over http.
     */
    public static boolean isAllowedJwksUrl(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null || url.isOpaque()) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || (scheme.equals("http") && isLoopbackHost(url.getHost()));
    }

    /** {@code localhost}, a {@code 127.0.0.0/8} dotted-quad literal or a bracketed IPv6 loopback literal; no lookups. */
    static boolean isLoopbackHost(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                // A bracketed literal is parsed, never looked up; ::ffff:127.0.0.1 becomes 127.0.0.1.
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return LOOPBACK_IPV4.matcher(host).matches();
    }

    private static Set<String> checkedAlgorithms(Set<String> requested) {
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (String alg : requested) {
            String name = alg.trim();
            if (!SUPPORTED_ALGORITHMS.contains(name)) {
                throw new IllegalArgumentException("mcp.auth.allowed-algorithms: algorithm not allowed: " + name + " (allowed: " + SUPPORTED_ALGORITHMS + ")");
            }
            result.add(name);
        }
        return Collections.unmodifiableSet(result);
    }

    /** {@code typ} as {@link #SUPPORTED_TOKEN_TYPES} writes it: lower case, without the {@code application/} prefix. */
    public static String tokenType(String typ) {
        String lower = typ.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    private static Set<String> checkedTokenTypes(Set<String> requested) {
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (String type : requested) {
            String name = tokenType(type);
            if (!SUPPORTED_TOKEN_TYPES.contains(name) || (name.equals("none") && !type.trim().equalsIgnoreCase("none"))) {
                throw new IllegalArgumentException("mcp.auth.token-types: token type not supported: " + type.trim()
                        + " (supported: " + SUPPORTED_TOKEN_TYPES + ")");
            }
            result.add(name);
        }
        return Collections.unmodifiableSet(result);
    }

    private static List<String> trimmedNonBlank(Iterable<String> values) {
        List<String> result = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank() && !result.contains(value.trim())) {
                result.add(value.trim());
            }
        }
        return List.copyOf(result);
    }

    private static URI requireHttpUrl(String what, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URL: " + value, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " must be an absolute http(s) URL: " + value);
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            // it goes into WWW-Authenticate challenges and metadata as it is, where only ASCII can go
            throw new IllegalArgumentException(what + " must be written in ASCII, other characters percent-encoded ("
                    + uri.toASCIIString() + "): " + value);
        }
        return uri;
    }

    private static Duration nonNegative(String what, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }

    private static Duration positive(String what, Duration value, Duration fallback) {
        Duration result = nonNegative(what, value, fallback);
        if (result.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return result;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
