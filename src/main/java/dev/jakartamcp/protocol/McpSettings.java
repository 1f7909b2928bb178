package dev.jakartamcp.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every operator setting, read from MicroProfile Config (system properties, environment, Payara's
 * {@code asadmin set-config-property}, Liberty's {@code server.xml} variables) at the moment it is used,
 * so that a changed value takes effect without a redeploy where that makes sense.
 */
@ApplicationScoped
public class McpSettings {

    private Config config() {
        return ConfigProvider.getConfig();
    }

    public Optional<String> string(String key) {
        return config().getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return string(key).map(Boolean::parseBoolean).orElse(defaultValue);
    }

    public long number(String key, long defaultValue) {
        try {
            return string(key).map(Long::parseLong).orElse(defaultValue);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    public Duration duration(String key, Duration defaultValue) {
        return string(key).map(v -> parseDuration(v, defaultValue)).orElse(defaultValue);
    }

    public List<String> list(String key) {
        return string(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    static Duration parseDuration(String value, Duration defaultValue) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return Duration.ofMillis(Long.parseLong(value));
            } catch (NumberFormatException n) {
                return defaultValue;
            }
        }
    }

    public String serverName() {
        return string("mcp.server.name", "jakarta-mcp-server");
    }

    public String serverTitle() {
        return string("mcp.server.title", "Jakarta MCP Server");
    }

    public String serverVersion() {
        return string("mcp.server.version", "0.1.0");
    }

    public Optional<String> instructions() {
        return string("mcp.server.instructions");
    }

    public Duration sessionTimeout() {
        return duration("mcp.session.timeout", Duration.ofMinutes(10));
    }

    public long maxRequestBytes() {
        return number("mcp.max-request-bytes", 4L * 1024 * 1024);
    }

    /**
     * {@code mcp.json.max-depth} (default 64): the deepest nesting of JSON objects and arrays a request body may have;
     * the top-level object is depth 1. Live.
     *
     * @throws IllegalStateException naming the property when the value is not a whole number of at least 1
     */
    public int maxJsonDepth() {
        return positiveInt("mcp.json.max-depth", 64);
    }

    /**
     * {@code mcp.batch.max-size} (default 64): the most messages one JSON-RPC batch (protocol version 2025-03-26) may
     * hold. Live.
     *
     * @throws IllegalStateException naming the property when the value is not a whole number of at least 1
     */
    public int maxBatchSize() {
        return positiveInt("mcp.batch.max-size", 64);
    }

    /**
     * {@code mcp.resource} (default {@code http://127.0.0.1:8080/mcp}): the canonical URL of the MCP endpoint. The
     * transport accepts its host in the Host header and its origin in the Origin header. Live here (the security
     * mechanism reads its own copy at startup).
     *
     * @throws IllegalStateException naming the property when the value is not an absolute http(s) URL with a host
     */
    public String resource() {
        String value = string("mcp.resource", "http://127.0.0.1:8080/mcp");
        try {
            java.net.URI uri = new java.net.URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalStateException("mcp.resource must be an absolute http or https URL with a host, not '" + value + "'");
    }

    /** The value of {@code key} as a whole number of at least 1, else {@code defaultValue} when unset. */
    private int positiveInt(String key, int defaultValue) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(key + " must be a whole number of at least 1, not '" + value.get() + "'");
    }

    public List<String> allowedOrigins() {
        return list("mcp.allowed-origins");
    }

    public List<String> allowedHosts() {
        return list("mcp.allowed-hosts");
    }

    public int pageSize() {
        return (int) Math.max(1, number("mcp.page-size", 50));
    }

    public Duration cacheTtl() {
        return duration("mcp.cache.ttl", Duration.ofMinutes(1));
    }

    public Duration clientRequestTimeout() {
        return duration("mcp.client-request.timeout", Duration.ofSeconds(60));
    }

    public Duration keepAlive() {
        return duration("mcp.sse.keep-alive", Duration.ofSeconds(15));
    }

    public Duration sseRetry() {
        return duration("mcp.sse.retry", Duration.ofSeconds(1));
    }

    public Duration requestStateTtl() {
        return duration("mcp.request-state.ttl", Duration.ofMinutes(10));
    }

    public Optional<String> requestStateSecret() {
        return string("mcp.request-state.secret");
    }
}
