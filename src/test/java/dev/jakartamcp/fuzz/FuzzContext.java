package dev.jakartamcp.fuzz;

import jakarta.json.Json;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What the generators need to know about the running server: its authority, tokens of many subjects (and of one),
 * live legacy sessions with their owners' tokens, and a sealed {@code requestState}. A view for one subject
 * ({@link #single()}) makes every generator send that subject's token and use that subject's sessions.
 */
final class FuzzContext {
    static final String V0326 = "2025-03-26";
    static final String V0618 = "2025-06-18";
    static final String V1125 = "2025-11-25";
    static final String MODERN = "2026-07-28";
    static final List<String> LEGACY = List.of(V0326, V0618, V1125);
    static final String ACCEPT_BOTH = "application/json, text/event-stream";

    static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_CAPS = "io.modelcontextprotocol/clientCapabilities";
    static final String META_INFO = "io.modelcontextprotocol/clientInfo";
    static final String META_LOG = "io.modelcontextprotocol/logLevel";

    /** A legacy session and the token of the subject that owns it. */
    record Session(String id, String version, String token) {
    }

    /** A task made in the setup, the token of the subject that created it, and whether it waits for an answer. */
    record Task(String id, String token, boolean waiting) {
    }

    final int port;
    final String authority;
    final FuzzAuth auth;
    final List<String> tokens;
    final List<Session> sessions;
    final List<Session> batchSessions;
    /** Sessions made to be deleted (DELETE abuse), so that the shared ones stay alive. */
    final List<Session> deletable;
    final String stateToken;
    final String requestState;
    final String stateMessage;
    /** A token carrying the operations API's permission ({@code mcp-admin}). */
    final String operatorToken;
    final List<Task> tasks;
    private final String singleToken;
    private final List<Session> singleSessions;

    FuzzContext(int port, FuzzAuth auth, List<String> tokens, List<Session> sessions, List<Session> batchSessions,
                List<Session> deletable, String singleToken, List<Session> singleSessions, String stateToken, String requestState, String stateMessage,
                String operatorToken, List<Task> tasks) {
        this.port = port;
        this.authority = "127.0.0.1:" + port;
        this.auth = auth;
        this.tokens = tokens;
        this.sessions = sessions;
        this.batchSessions = batchSessions;
        this.deletable = deletable;
        this.singleToken = singleToken;
        this.singleSessions = singleSessions;
        this.stateToken = stateToken;
        this.requestState = requestState;
        this.stateMessage = stateMessage;
        this.operatorToken = operatorToken;
        this.tasks = tasks;
    }

    /** The server seen by one subject for the setup's requests: no sessions, tasks or request state yet. */
    static FuzzContext of(int port, FuzzAuth auth, String token) {
        return new FuzzContext(port, auth, List.of(token), List.of(), List.of(), List.of(), token, List.of(), token, "", "", token, List.of());
    }

    /** The same server seen by one subject only. */
    FuzzContext single() {
        List<Session> mine = singleSessions;
        List<Session> batches = singleSessions.stream().filter(s -> s.version().equals(V0326)).toList();
        return new FuzzContext(port, auth, List.of(singleToken), mine, batches, List.of(), singleToken, singleSessions, stateToken, requestState,
                stateMessage, operatorToken, tasks);
    }

    String token(SplittableRandom r) {
        return tokens.get(r.nextInt(tokens.size()));
    }

    Session session(SplittableRandom r) {
        return sessions.get(r.nextInt(sessions.size()));
    }

    Session batchSession(SplittableRandom r) {
        return batchSessions.get(r.nextInt(batchSessions.size()));
    }

    Session session(SplittableRandom r, String version) {
        List<Session> of = sessions.stream().filter(s -> s.version().equals(version)).toList();
        return of.isEmpty() ? session(r) : of.get(r.nextInt(of.size()));
    }

    // ------------------------------------------------------------------ request shapes

    /** POST /mcp with a JSON content type, both Accept types and a bearer token. */
    Wire post(String token) {
        Wire w = Wire.of("POST", authority).header("Content-Type", "application/json").header("Accept", ACCEPT_BOTH);
        if (token != null) {
            w.header("Authorization", "Bearer " + token);
        }
        return w;
    }

    /** A 2026-07-28 POST: version, Mcp-Method and (when given) Mcp-Name headers. */
    Wire modern(String token, String method, String name) {
        Wire w = post(token).header("MCP-Protocol-Version", MODERN).header("Mcp-Method", method);
        if (name != null) {
            w.header("Mcp-Name", name);
        }
        return w;
    }

    /** A POST inside a legacy session, with its owner's token. */
    Wire legacy(Session s) {
        return post(s.token()).header("Mcp-Session-Id", s.id()).header("MCP-Protocol-Version", s.version());
    }

    // ------------------------------------------------------------------ JSON text

    static String q(String s) {
        return Json.createValue(s).toString();
    }

    static String meta() {
        return meta(MODERN);
    }

    static String meta(String version) {
        return "\"_meta\":{\"" + META_VERSION + "\":" + q(version) + ",\"" + META_CAPS
                + "\":{\"elicitation\":{},\"sampling\":{},\"roots\":{}},\"" + META_INFO + "\":{\"name\":\"fuzz\",\"version\":\"1.0\"}}";
    }

    /** {"jsonrpc":"2.0","id":id,"method":m,"params":{members,_meta}} with id as JSON text (null: none). */
    static String modernBody(String id, String method, String members) {
        return "{\"jsonrpc\":\"2.0\"" + (id == null ? "" : ",\"id\":" + id) + ",\"method\":" + q(method) + ",\"params\":{"
                + (members == null || members.isEmpty() ? "" : members + ",") + meta() + "}}";
    }

    /** A legacy message; params as JSON text (null: none). */
    static String legacyBody(String id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\"" + (id == null ? "" : ",\"id\":" + id) + ",\"method\":" + q(method)
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    static String initializeBody(String id, String version, String capabilities, String clientInfo) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":" + q(version)
                + ",\"capabilities\":" + capabilities + ",\"clientInfo\":" + clientInfo + "}}";
    }

    static final String CHANNELS_ARGS = "\"name\":\"get_channels\",\"arguments\":{\"location\":\"Tokyo\"}";

    // ------------------------------------------------------------------ valid requests to mutate

    /** A valid request of either era: the JSON text and the headers it needs. */
    record Template(String body, Wire wire, String method, boolean modern) {
    }

    Template validModern(SplittableRandom r, String token) {
        String id = Integer.toString(r.nextInt(1_000_000));
        return switch (r.nextInt(9)) {
            case 0 -> mt(token, id, "server/discover", null, "");
            case 1 -> mt(token, id, "tools/list", null, "");
            case 2 -> mt(token, id, "tools/call", "get_channels", CHANNELS_ARGS);
            case 3 -> mt(token, id, "tools/call", "record_program",
                    "\"name\":\"record_program\",\"arguments\":{\"channel\":\"ETV\",\"start\":\"2026-12-24T21:00:00+09:00\"}");
            case 4 -> mt(token, id, "prompts/get", "test_prompt_with_arguments",
                    "\"name\":\"test_prompt_with_arguments\",\"arguments\":{\"arg1\":\"a\",\"arg2\":\"b\"}");
            case 5 -> mt(token, id, "resources/read", "test://static-text", "\"uri\":\"test://static-text\"");
            case 6 -> mt(token, id, "completion/complete", null,
                    "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":\"te\"}");
            case 7 -> mt(token, id, "resources/list", null, "\"cursor\":null");
            default -> mt(token, id, "tools/call", "test_simple_text", "\"name\":\"test_simple_text\",\"arguments\":{}");
        };
    }

    private Template mt(String token, String id, String method, String name, String members) {
        return new Template(modernBody(id, method, members), modern(token, method, name), method, true);
    }

    Template validLegacy(SplittableRandom r, Session s) {
        String id = Integer.toString(r.nextInt(1_000_000));
        String[] body = switch (r.nextInt(10)) {
            case 0 -> new String[]{"ping", legacyBody(id, "ping", null)};
            case 1 -> new String[]{"tools/list", legacyBody(id, "tools/list", "{}")};
            case 2 -> new String[]{"tools/call", legacyBody(id, "tools/call", "{" + CHANNELS_ARGS + "}")};
            case 3 -> new String[]{"resources/read", legacyBody(id, "resources/read", "{\"uri\":\"test://static-text\"}")};
            case 4 -> new String[]{"resources/subscribe", legacyBody(id, "resources/subscribe", "{\"uri\":\"test://watched-resource\"}")};
            case 5 -> new String[]{"logging/setLevel", legacyBody(id, "logging/setLevel", "{\"level\":\"info\"}")};
            case 6 -> new String[]{"prompts/list", legacyBody(id, "prompts/list", "{\"cursor\":null}")};
            case 7 -> new String[]{"completion/complete", legacyBody(id, "completion/complete",
                    "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://template/{id}/data\"},\"argument\":{\"name\":\"id\",\"value\":\"1\"}}")};
            case 8 -> new String[]{"notifications/initialized", legacyBody(null, "notifications/initialized", null)};
            default -> new String[]{"notifications/cancelled", legacyBody(null, "notifications/cancelled", "{\"requestId\":" + id + "}")};
        };
        return new Template(body[1], legacy(s), body[0], false);
    }

    Template valid(SplittableRandom r) {
        return r.nextBoolean() ? validModern(r, token(r)) : validLegacy(r, session(r));
    }
}
