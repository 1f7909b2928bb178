package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.protocol.Caller;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /mcp-metrics}: open by default, 404 to every method when disabled, OPTIONS and 405 as the other REST paths, 401/403/200 by the caller's permissions when {@code mcp.metrics.role} is set. */
class MetricsServletTest {
    private final Map<String, String> config = new HashMap<>();

    record Answer(int status, Map<String, String> headers, String body) {
    }

    record Refused(Caller who, String what, AuditRecord.Outcome outcome, String reason) {
    }

    private final List<Refused> audited = new ArrayList<>();

    /** Authorization on, with its metadata at {@link #METADATA}; null: off. */
    private dev.jakartamcp.security.ResourceServer server;
    static final String METADATA = OpsFixtures.METADATA;

    Answer get(Caller caller) throws Exception {
        return answer("GET", caller);
    }

    /** What the servlet answers to {@code httpMethod} from {@code caller}, through its {@code service} as the container calls it. */
    Answer answer(String httpMethod, Caller caller) throws Exception {
        MetricsServlet servlet = new MetricsServlet();
        servlet.server = server;
        servlet.settings = OpsFixtures.settings(config);
        servlet.metrics = new McpMetrics() {
            @Override
            public String prometheusText() {
                return "mcp_server_session_active 0\n";
            }
        };
        servlet.observations = new Observations() {
            @Override
            public void refused(Caller who, String what, AuditRecord.Outcome outcome, String reason, String traceparent) {
                audited.add(new Refused(who, what, outcome, reason));
            }
        };
        HttpServletRequest request = OpsFixtures.request(httpMethod, "/mcp-metrics", caller, null);
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
                        case "isCommitted" -> {
                            return false;
                        }
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        servlet.service(request, response);
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

    /**
     * With authorization off no caller can hold the role: a 401 asked for a token nobody could send, so the metrics
     * could never be scraped. 403 as the operations API answers then, naming what to change.
     */
    @Test
    void withAuthorizationOffARoleCannotBeHeldSoTheAnswerIs403AsTheOperationsApis() throws Exception {
        config.put("mcp.metrics.role", "metrics:read");
        for (dev.jakartamcp.security.ResourceServer off : java.util.Arrays.asList(null, OpsFixtures.authorization(() -> false))) {
            server = off;
            audited.clear();
            Answer answer = get(null);
            assertEquals(403, answer.status());
            assertEquals(null, answer.headers().get("WWW-Authenticate"), "no challenge no token could meet");
            assertEquals("{\"error\":\"forbidden\",\"error_description\":\"mcp.metrics.role needs authorization on (mcp.auth.enabled=true)\"}",
                    answer.body());
            assertEquals(List.of(new Refused(Caller.anonymous("10.0.0.9"), "GET /mcp-metrics", AuditRecord.Outcome.DENIED,
                    "authorization_off")), audited);
        }
    }

    @Test
    void disabledIsNotFound() throws Exception {
        config.put("mcp.metrics.enabled", "false");
        Answer answer = get(withRoles("metrics:read"));
        assertEquals(404, answer.status());
        assertTrue(answer.body().contains("mcp.metrics.enabled"), answer::body);
        for (String method : List.of("OPTIONS", "POST", "TRACE")) {
            Answer other = answer(method, null);
            assertEquals(404, other.status(), method + ": there is nothing here, for any method");
            assertEquals(null, other.headers().get("Allow"), method + ": no methods to allow");
            assertTrue(other.body().contains("mcp.metrics.enabled"), other::body);
        }
    }

    @Test
    void optionsAnswersTheMethodsAndOtherMethodsAre405() throws Exception {
        Answer options = answer("OPTIONS", null);
        assertEquals(200, options.status());
        assertEquals("GET, HEAD, OPTIONS", options.headers().get("Allow"));
        assertEquals("", options.body());
        for (String method : List.of("POST", "PUT", "DELETE", "TRACE")) {
            Answer refused = answer(method, withRoles("metrics:read"));
            assertEquals(405, refused.status(), method);
            assertEquals("GET, HEAD, OPTIONS", refused.headers().get("Allow"), method);
            assertTrue(refused.body().startsWith("{"), refused::body);
        }
    }

    @Test
    void aRoleNeedsATokenThatCarriesIt() throws Exception {
        config.put("mcp.metrics.role", "metrics:read");
        server = OpsFixtures.authorization(() -> true);
        Answer anonymous = get(Caller.anonymous("127.0.0.1"));
        assertEquals(401, anonymous.status());
        assertEquals("Bearer resource_metadata=\"" + METADATA + "\", scope=\"metrics:read\"", anonymous.headers().get("WWW-Authenticate"),
                "no error code without a token (RFC 6750), where to find the metadata (RFC 9728)");
        assertFalse(anonymous.body().contains("invalid_token"), anonymous::body);

        Caller reader = withRoles("tools:read");
        Answer without = get(reader);
        assertEquals(403, without.status());
        assertTrue(without.headers().get("WWW-Authenticate").startsWith("Bearer error=\"insufficient_scope\""), without.headers()::toString);
        assertTrue(without.headers().get("WWW-Authenticate").contains("resource_metadata=\"" + METADATA + "\""), without.headers()::toString);
        assertTrue(without.headers().get("WWW-Authenticate").contains("scope=\"metrics:read\""), without.headers()::toString);

        Answer with = get(withRoles("tools:read", "metrics:read"));
        assertEquals(200, with.status());
        assertEquals("mcp_server_session_active 0\n", with.body());

        // each refusal audited, as the operations API's are; the scrape that passes is not
        assertEquals(List.of(new Refused(Caller.anonymous("127.0.0.1"), "GET /mcp-metrics", AuditRecord.Outcome.UNAUTHENTICATED, "missing_token"),
                new Refused(reader, "GET /mcp-metrics", AuditRecord.Outcome.DENIED, "insufficient_scope")), audited);
    }
}
