package dev.jakartamcp.security;

import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The RFC 9728 OAuth 2.0 Protected Resource Metadata document, and where to serve it.
 *
 * <h2>Where the document lives</h2>
 * RFC 9728 §3.1 inserts {@value #WELL_KNOWN_PATH} between host and path of the resource URL:
 * {@code https://h/mcp} has its metadata at {@code https://h/.well-known/oauth-protected-resource/mcp}
 * ({@link #wellKnownUrl(String)}); MCP clients that find no {@code resource_metadata} in a challenge also try
 * {@code https://h/.well-known/oauth-protected-resource}.
 *
 * <p>A WAR deployed at context root {@code /app} only receives requests under {@code /app}, so for the resource
 * {@code http://h/app/mcp} it cannot serve the RFC location {@code http://h/.well-known/oauth-protected-resource/app/mcp}
 * (nor the root fallback); that takes a reverse proxy or a root application. What it can serve itself is
 * {@code http://h/app/.well-known/oauth-protected-resource/mcp} ({@link #urlWithinContext(String, String)}). Point the
 * challenge's {@code resource_metadata} there: clients follow that parameter first, and RFC 9728 §3.3 then only
 * requires the document's {@code resource} to equal the URL the client requested. At context root {@code /} both URLs
 * are the same. The {@code resource} is always the configured one, never a URL made from a request.
 */
public record ProtectedResourceMetadata(String resource, List<String> authorizationServers,
                                        List<String> scopesSupported, String resourceName) {

    public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

    public ProtectedResourceMetadata {
        Objects.requireNonNull(resource, "resource");
        authorizationServers = List.copyOf(authorizationServers == null ? List.of() : authorizationServers);
        scopesSupported = List.copyOf(scopesSupported == null ? List.of() : scopesSupported);
    }

    /** From the settings; {@code resourceName} is the human-readable name, may be {@code null}. */
    public static ProtectedResourceMetadata from(AuthSettings settings, String resourceName) {
        return new ProtectedResourceMetadata(settings.resource(), settings.authorizationServers(),
                settings.scopesSupported(), resourceName);
    }

    /** Empty {@code scopes_supported} and a {@code null} name are left out of the document. */
    public JsonObject toJson() {
        JsonObjectBuilder json = JsonFactory.createObjectBuilder()
                .add("resource", resource)
                .add("authorization_servers", JsonFactory.createArrayBuilder(authorizationServers));
        if (!scopesSupported.isEmpty()) {
            json.add("scopes_supported", JsonFactory.createArrayBuilder(scopesSupported));
        }
        json.add("bearer_methods_supported", JsonFactory.createArrayBuilder().add("header"));
        if (resourceName != null) {
            json.add("resource_name", resourceName);
        }
        return json.build();
    }

    /** RFC 9728 §3.1 location: {@code https://h/app/mcp} gives {@code https://h/.well-known/oauth-protected-resource/app/mcp}. */
    public static String wellKnownUrl(String resource) {
        URI uri = parse(resource);
        String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
        return origin(uri) + WELL_KNOWN_PATH + path + query(uri);
    }

    /**
     * The metadata URL a WAR at {@code contextPath} can serve itself: {@code http://h/app/mcp} with context
     * {@code /app} gives {@code http://h/app/.well-known/oauth-protected-resource/mcp}. With context {@code ""} or
     * {@code /} this equals {@link #wellKnownUrl(String)}.
     *
     * @throws IllegalArgumentException if the resource path is not inside the context
     */
    public static String urlWithinContext(String resource, String contextPath) {
        String context = contextPath == null || contextPath.equals("/") ? "" : contextPath;
        if (context.endsWith("/")) {
            context = context.substring(0, context.length() - 1);
        }
        if (context.isEmpty()) {
            return wellKnownUrl(resource);
        }
        URI uri = parse(resource);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(path.equals(context) || path.startsWith(context + "/"))) {
            throw new IllegalArgumentException("resource " + resource + " is not inside context " + contextPath);
        }
        String rest = path.substring(context.length());
        return origin(uri) + context + WELL_KNOWN_PATH + (rest.equals("/") ? "" : rest) + query(uri);
    }

    private static URI parse(String resource) {
        URI uri = URI.create(Objects.requireNonNull(resource, "resource"));
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("resource must be an absolute URL: " + resource);
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("resource must not have a fragment: " + resource);
        }
        return uri;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static String query(URI uri) {
        return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    }

}
