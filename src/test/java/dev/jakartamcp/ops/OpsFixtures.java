package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.security.FakeResourceServer;
import dev.jakartamcp.security.ResourceServer;
import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** What the tests of the operations endpoints ({@code /mcp-admin}, {@code /mcp-metrics}) put around them. */
final class OpsFixtures {
    static final String METADATA = FakeResourceServer.METADATA;
    static final String ADDRESS = "10.0.0.9";

    private OpsFixtures() {
    }

    /** A GET of {@code uri} from {@link #ADDRESS}; {@code caller} and {@code traceparent} may be null (none). */
    static HttpServletRequest get(String uri, Caller caller, String traceparent) {
        return request("GET", uri, caller, traceparent);
    }

    static HttpServletRequest request(String httpMethod, String uri, Caller caller, String traceparent) {
        return (HttpServletRequest) Proxy.newProxyInstance(OpsFixtures.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> Caller.REQUEST_ATTRIBUTE.equals(args[0]) ? caller : null;
                    case "getMethod" -> httpMethod;
                    case "getRequestURI" -> uri;
                    case "getRemoteAddr" -> ADDRESS;
                    case "getHeader" -> "traceparent".equals(args[0]) ? traceparent : null;
                    default -> null;
                });
    }

    /** Authorization on while {@code on} says so, with its metadata at {@link #METADATA}. */
    static ResourceServer authorization(BooleanSupplier on) {
        return new FakeResourceServer(on);
    }

    /** Settings as {@code config} holds them at each read. */
    static McpSettings settings(Map<String, String> config) {
        return new McpSettings() {
            @Override
            public Optional<String> string(String key) {
                return Optional.ofNullable(config.get(key));
            }
        };
    }
}
