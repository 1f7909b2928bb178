package dev.jakartamcp.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static dev.jakartamcp.fuzz.Categories.alnum;
import static dev.jakartamcp.fuzz.Categories.junk;
import static dev.jakartamcp.fuzz.Categories.logUniform;
import static dev.jakartamcp.fuzz.Categories.pick;
import static dev.jakartamcp.fuzz.Categories.unicode;

/**
 * The WAR's REST side under abuse: the operations API ({@code /mcp-admin}), the protected resource metadata
 * ({@code /.well-known/oauth-protected-resource}) and the metrics ({@code /mcp-metrics}), with every HTTP method,
 * junk paths, path parameters and query parameters, odd {@code Accept} and bodies, and credentials that must be refused
 * (none, a caller without the operations permission, a forged, expired or foreign-audience operator token). Refused
 * credentials never get a 2xx from the operations API but for OPTIONS (the allowed methods, to anyone); everything
 * answers JSON (the metrics: Prometheus text).
 * An operator's {@code DELETE} only ever names sessions, tasks and subjects that do not exist, so the shared
 * sessions of the other bursts stay.
 */
final class OperationsApiCategory {
    private static final List<String> LISTS = List.of("/mcp-admin/sessions", "/mcp-admin/tasks");
    private static final List<String> VIEWS = List.of("/mcp-admin/tools", "/mcp-admin/prompts", "/mcp-admin/resources",
            "/mcp-admin/resource-templates", "/mcp-admin/settings", "/mcp-admin/status");
    private static final List<String> ODD = List.of("/mcp-admin", "/mcp-admin/", "/mcp-admin//status", "/mcp-admin/status/",
            "/mcp-admin/nothing", "/mcp-admin/application.wadl", "/mcp-admin/%2e%2e/mcp", "/mcp-admin/./status", "/mcp-admin/../mcp-admin/status",
            "/mcp-admin/status;jsessionid=1", "/mcp-admin/sessions/%2F", "/mcp-admin/sessions/a/b", "/mcp-admin/tasks/%00", "/MCP-ADMIN/status",
            "/mcp-admin/%zz", "/mcp-admin/sessions/" + "x".repeat(5000), "/mcp-admin/settings?x", "/mcp-admin/status#frag");
    private static final List<String> PUBLIC = List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-protected-resource/mcp/", "/.well-known/oauth-protected-resource/other", "/.well-known/oauth-protected-resource/mcp/x",
            "/.well-known/oauth-protected-resource/application.wadl", "/.well-known/oauth-protected-resource/%zz",
            "/.well-known/oauth-protected-resource;a=b/mcp", "/.well-known/", "/.well-known/mcp-error", "/mcp-metrics", "/mcp-metrics/", "/mcp-metrics/x");

    private OperationsApiCategory() {
    }

    static Hostile make(FuzzContext c, SplittableRandom r, int index) {
        Credentials credentials = credentials(c, r);
        String method = method(r);
        String target = target(c, r, method, credentials.operator());
        Wire w = Wire.of(method, c.authority).target(target);
        if (credentials.authorization() != null) {
            w.header("Authorization", credentials.authorization());
        }
        String accept = pick(r, null, "application/json", "application/json", "*/*", "text/html", "application/xml", "text/plain",
                "application/json;q=0", junk(r, 30), "application/wadl+xml");
        if (accept != null) {
            w.header("Accept", accept);
        }
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("TRACE") && r.nextBoolean()) {
            w.header("Content-Type", pick(r, "application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml", junk(r, 20)))
                    .body(pick(r, "{}", "{\"ended\":1}", "[", "a=b&subject=x", "<x/>", junk(r, logUniform(r, 1, 100_000))));
        }
        if (r.nextInt(8) == 0) {
            w.header("Origin", pick(r, "https://evil.example", "null", "http://127.0.0.1:1"));
        }
        Hostile h = new Hostile(method + " " + Hostile.preview(Categories.utf8(target), 60) + " as " + credentials.label(), w);
        // every path under /mcp-admin (also the ones a server normalises to /mcp, never a 2xx without a session)
        if (target.toLowerCase(Locale.ROOT).startsWith("/mcp-admin") && !credentials.operator() && !method.equals("OPTIONS")) {
            h.refused();
        }
        if (target.startsWith("/mcp-metrics")) {
            h.plainText();
        }
        if (method.equals("OPTIONS") || method.equals("TRACE")) {
            h.emptyOk(); // no JSON-RPC exchange: an Allow header without a body is an answer
        }
        return h;
    }

    record Credentials(String label, String authorization, boolean operator) {
    }

    private static Credentials credentials(FuzzContext c, SplittableRandom r) {
        FuzzAuth a = c.auth;
        List<String> operations = List.of("mcp-admin");
        return switch (r.nextInt(12)) {
            case 0, 1, 2, 3, 4, 5 -> new Credentials("operator", "Bearer " + c.operatorToken, true);
            case 6 -> new Credentials("caller without the permission", "Bearer " + c.token(r), false);
            case 7 -> new Credentials("no token", null, false);
            case 8 -> new Credentials("forged operator", "Bearer " + FuzzAuth.sign(a.impostor, FuzzAuth.header(a.impostor).build(),
                    a.claims("fuzz-operator").claim("permissions", operations).build()), false);
            case 9 -> new Credentials("expired operator", "Bearer " + a.token("fuzz-operator", b -> b.claim("permissions", operations)
                    .expirationTime(new Date((a.epoch - 3600) * 1000)).issueTime(new Date((a.epoch - 7200) * 1000))), false);
            case 10 -> new Credentials("operator of another resource", "Bearer " + a.token("fuzz-operator", b -> b.claim("permissions", operations)
                    .audience("https://elsewhere.example/mcp")), false);
            default -> new Credentials("odd scheme", pick(r, "Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer  " + c.operatorToken + "x",
                    "bearer " + junk(r, 40), "Negotiate " + alnum(r, 20)), false);
        };
    }

    private static String method(SplittableRandom r) {
        int m = r.nextInt(20);
        return m < 10 ? "GET" : m < 13 ? "DELETE" : m < 14 ? "HEAD" : m < 15 ? "OPTIONS" : m < 16 ? "TRACE"
                : pick(r, "POST", "PUT", "PATCH", "PROPFIND");
    }

    private static String target(FuzzContext c, SplittableRandom r, String method, boolean operator) {
        int kind = r.nextInt(10);
        if (method.equals("DELETE") && operator) {
            // only what does not exist: the other bursts' sessions and tasks stay
            return pick(r, LISTS) + pick(r, "/" + alnum(r, 43), "/" + junk(r, 20).replace('/', '_').replace('?', '_').replace('#', '_'),
                    "?subject=" + query(r, "nobody-" + alnum(r, 10)), "", "?subject=", "?subject=%zz", "?limit=1");
        }
        if (kind <= 3) {
            String query = switch (r.nextInt(8)) {
                case 0 -> "";
                case 1 -> "?subject=" + query(r, pick(r, "fuzz-subject-001", "fuzz-operator", "", unicode(r, 20), junk(r, 200), "x".repeat(logUniform(r, 1, 20_000))));
                case 2 -> "?limit=" + pick(r, "-1", "0", "1", "abc", "1e3", "99999999999999999999", "", "1&limit=2", "%31");
                case 3 -> "?cursor=" + query(r, pick(r, "", "x", alnum(r, 40), junk(r, 80), "eyJ0IjoxfQ", "AAAA".repeat(logUniform(r, 1, 5000))));
                case 4 -> "?subject=%zz&limit=%";
                case 5 -> "?" + "a=1&".repeat(logUniform(r, 1, 3000));
                case 6 -> "?limit=2&cursor=" + query(r, alnum(r, 20)) + "&subject=" + query(r, "fuzz-subject-00" + r.nextInt(10));
                default -> "?subject=a&subject=b&limit=1&limit=x";
            };
            return pick(r, LISTS) + query;
        }
        if (kind <= 5) {
            return pick(r, VIEWS) + (r.nextInt(4) == 0 ? "?" + junk(r, 40).replace('#', '_') : "");
        }
        if (kind <= 7) {
            return pick(r, ODD);
        }
        return pick(r, PUBLIC);
    }

    /** A query parameter's value, percent-encoded as a client would (or, now and then, raw). */
    private static String query(SplittableRandom r, String value) {
        if (r.nextInt(6) == 0) {
            return value.replace(' ', '+').replace('#', '_').replace('&', '_');
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
