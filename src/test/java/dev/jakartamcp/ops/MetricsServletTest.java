package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /mcp-metrics}: open by default, 404 when disabled, 401/403/200 by the caller's permissions when {@code mcp.metrics.role} is set. */
class MetricsServletTest {
    private final Map<String, String> config = new HashMap<>();

    record Answer(int status, Map<String, String> headers, String body) {
    }

    Answer get(Caller caller) throws Exception {
        MetricsServlet servlet = new MetricsServlet();
        servlet.settings = new McpSettings() {
            @Override
            public Optional<String> string(String key) {
                return Optional.ofNullable(config.get(key));
            }
        };
        servlet.metrics = new McpMetrics() {
            @Override
            public String prometheusText() {
                return "mcp_server_session_active 0\n";
            }
        };
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> Caller.REQUEST_ATTRIBUTE.equals(args[0]) ? caller : null;
                    case "getMethod" -> "GET";
                    default -> null;
                });
        int[] status = {200};
        Map<String, String> headers = new HashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> status[0] = (Integer) args[0];
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        servlet.doGet(request, response);
        return new Answer(status[0], headers, body.toString(StandardCharsets.UTF_8));
    }

    static Caller withRoles(String... roles) {
        return new Caller("https://issuer", "ops", Set.of(roles), Map.of(), Instant.now().plusSeconds(60), "127.0.0.1");
    }

    @Test
    void openByDefault() throws Exception {
        Answer answer = get(null);
        assertEquals(200, answer.status());
        assertEquals(PrometheusText.CONTENT_TYPE, answer.headers().get("Content-Type"));
        assertEquals("mcp_server_session_active 0\n", answer.body());
        assertEquals("no-store", answer.headers().get("Cache-Control"));
    }

    @Test
    void disabledIsNotFound() throws Exception {
        config.put("mcp.metrics.enabled", "false");
        Answer answer = get(withRoles("metrics:read"));
        assertEquals(404, answer.status());
        assertTrue(answer.body().contains("mcp.metrics.enabled"), answer::body);
    }

    @Test
    void aRoleNeedsATokenThatCarriesIt() throws Exception {
        config.put("mcp.metrics.role", "metrics:read");
        Answer anonymous = get(Caller.anonymous("127.0.0.1"));
        assertEquals(401, anonymous.status());
        assertEquals("Bearer", anonymous.headers().get("WWW-Authenticate"));
        assertEquals(401, get(null).status(), "no caller at all (authorization off) is no token either");

        Answer without = get(withRoles("tools:read"));
        assertEquals(403, without.status());
        assertEquals("Bearer error=\"insufficient_scope\", scope=\"metrics:read\"", without.headers().get("WWW-Authenticate"));

        Answer with = get(withRoles("tools:read", "metrics:read"));
        assertEquals(200, with.status());
        assertEquals("mcp_server_session_active 0\n", with.body());
    }
}
