package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.protocol.Caller;
import jakarta.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations API's own refusals (no caller, no operations role, authorization off) are audited like the
 * authentication mechanism's: who asked (the token's caller where there is one), what, and why.
 */
class OperationsGuardTest {
    static final String METADATA = OpsFixtures.METADATA;
    static final Caller BOB = new Caller("https://issuer.example/", "bob", Set.of("channels:read"), Map.of(),
            Instant.now().plusSeconds(60), "10.0.0.9");

    record Refused(Caller caller, String method, Outcome outcome, String reason, String traceparent) {
    }

    private final Map<String, String> config = new HashMap<>();
    private final List<Refused> audited = new ArrayList<>();
    private boolean authorizationOn = true;

    private OperationsGuard guard(Caller caller) {
        return guard(caller, "GET", "/mcp-admin/settings");
    }

    private OperationsGuard guard(Caller caller, String httpMethod, String uri) {
        OperationsGuard guard = new OperationsGuard();
        guard.server = OpsFixtures.authorization(() -> authorizationOn);
        guard.settings = OpsFixtures.settings(config);
        guard.request = OpsFixtures.request(httpMethod, uri, caller, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        guard.observations = new Observations() {
            @Override
            public void refused(Caller who, String what, Outcome outcome, String reason, String traceparent) {
                audited.add(new Refused(who, what, outcome, reason, traceparent));
            }
        };
        return guard;
    }

    private static SecurityContext security(Principal principal, Set<String> roles) {
        return (SecurityContext) Proxy.newProxyInstance(OperationsGuardTest.class.getClassLoader(),
                new Class<?>[] {SecurityContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getUserPrincipal" -> principal;
                    case "isUserInRole" -> principal != null && roles.contains((String) args[0]);
                    case "isSecure" -> false;
                    default -> null;
                });
    }

    /**
     * A task id stays out of the audit trail however the URI spells the path: the container maps a path parameter or an
     * encoded character to the same resource, and the raw URI kept the id.
     */
    @Test
    void aTaskIdIsLeftOutOfTheAuditedPathHoweverTheUriSpellsIt() {
        for (String raw : List.of("/mcp-admin/tasks/abc", "/mcp-admin;x=1/tasks/abc", "/mcp%2Dadmin/tasks/abc", "/mcp-admin/tasks;y=2/abc")) {
            jakarta.servlet.http.HttpServletRequest request = (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[]{jakarta.servlet.http.HttpServletRequest.class}, (proxy, method, args) ->
                            switch (method.getName()) {
                                case "getRequestURI" -> raw;
                                case "getContextPath" -> "";
                                case "getServletPath" -> "/mcp-admin";
                                case "getPathInfo" -> "/tasks/abc";
                                default -> null;
                            });
            assertEquals("/mcp-admin/tasks/{id}", OperationsApi.auditedPath(request), raw);
        }
    }

    @Test
    void aRequestWithoutACallerIsAuditedAsUnauthenticated() {
        OperationsGuard.Refusal refusal = guard(null).check(security(null, Set.of()));
        assertEquals(401, refusal.status());
        assertEquals("Bearer resource_metadata=\"" + METADATA + "\", scope=\"mcp-admin\"", refusal.challenge());
        assertEquals(1, audited.size(), "the 401 of the operations API is audited");
        Refused record = audited.get(0);
        assertTrue(record.caller().isAnonymous());
        assertEquals("10.0.0.9", record.caller().address());
        assertEquals("GET /mcp-admin/settings", record.method());
        assertEquals(Outcome.UNAUTHENTICATED, record.outcome());
        assertEquals("missing_token", record.reason());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", record.traceparent());
    }

    @Test
    void aCallerWithoutTheOperationsRoleIsAuditedByNameAsDenied() {
        config.put("mcp.ops.role", "ops:read");
        OperationsGuard.Refusal refusal = guard(BOB).check(security(() -> "bob", Set.of("channels:read")));
        assertEquals(403, refusal.status());
        assertTrue(refusal.challenge().startsWith("Bearer error=\"insufficient_scope\""), refusal::challenge);
        assertTrue(refusal.challenge().endsWith("scope=\"ops:read\""), refusal::challenge);
        assertEquals(1, audited.size(), "the 403 of the operations API is audited");
        assertEquals(BOB, audited.get(0).caller(), "who was refused: the token's caller");
        assertEquals(Outcome.DENIED, audited.get(0).outcome());
        assertEquals("insufficient_scope", audited.get(0).reason());
    }

    @Test
    void withAuthorizationOffEveryRequestIsRefusedAndAudited() {
        authorizationOn = false;
        OperationsGuard.Refusal refusal = guard(Caller.anonymous("10.0.0.9")).check(security(() -> "anonymous", Set.of("mcp-admin")));
        assertEquals(403, refusal.status());
        assertNull(refusal.challenge());
        assertEquals(1, audited.size(), "the 403 of the operations API is audited");
        assertEquals(Outcome.DENIED, audited.get(0).outcome());
        assertEquals("authorization_off", audited.get(0).reason());
    }

    /** Task ids stay out of the audit trail: a refused cancellation wrote the one it named. */
    @Test
    void aRefusedRequestNamingATaskIsAuditedWithoutTheTaskId() {
        String id = "5f0c9b2e-7d41-4d8e-9a57-3c2f1e8b6a90";
        guard(null, "DELETE", "/mcp-admin/tasks/" + id).check(security(null, Set.of()));
        guard(BOB, "DELETE", "/mcp-admin/tasks/" + id).check(security(() -> "bob", Set.of("channels:read")));
        guard(null, "DELETE", "/mcp-admin/tasks").check(security(null, Set.of()));
        assertEquals(java.util.List.of("DELETE /mcp-admin/tasks/{id}", "DELETE /mcp-admin/tasks/{id}", "DELETE /mcp-admin/tasks"),
                audited.stream().map(Refused::method).toList());
        assertEquals("/ctx/mcp-admin/sessions/{id}", OperationsApi.auditedPath("/ctx/mcp-admin/sessions/abc/def"));
        assertEquals("/mcp-metrics", OperationsApi.auditedPath("/mcp-metrics"));
    }

    @Test
    void anOperatorPassesUnaudited() {
        assertNull(guard(BOB).check(security(() -> "alice", Set.of("mcp-admin"))));
        assertTrue(audited.isEmpty(), "uses are audited by nobody here: the operations API is read-only");
    }
}
