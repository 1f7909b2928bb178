package dev.jakartamcp.fuzz;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which empty answers the fuzz run puts down to the HTTP connector instead of judging them: an empty 200 only for a
 * request the connector cannot have handed to the application (a Host it cannot parse, a target it cannot decode), so
 * that an empty 200 to a well-formed POST, which the WAR never sends, fails the run.
 */
class VerdictTest {
    private static final String BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private static Hostile post(String target, String host) {
        String wire = "POST " + target + " HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
                + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY;
        return new Hostile("test", wire.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static RawHttp.Response empty(int status) {
        RawHttp.Response r = new RawHttp.Response();
        r.status = status;
        r.latencyMs = 1;
        return r;
    }

    @Test
    void anEmpty200ToAWellFormedPostIsAProblemNotTheConnectors() {
        for (String host : List.of("127.0.0.1:8080", "localhost", "[::1]:8080")) {
            Hostile h = post("/mcp", host);
            assertTrue(h.plainHost, host);
            assertFalse(Verdict.byConnector(h, empty(200)), host);
            assertEquals(List.of("HTTP 200 with an empty body (no JSON-RPC answer, no Content-Type)"), Verdict.judge(h, empty(200), 2000, 2000));
        }
    }

    @Test
    void anEmpty200ToAPostTheConnectorCannotParseIsTheConnectors() {
        for (Hostile h : List.of(post("/mcp%zz", "127.0.0.1:8080"), post("/mcp", "127.0.0.1:8080\u0001"), post("/mcp", "127.0.0.1:8080\t"), post("/mcp", null),
                post("/mcp", "exa mple"))) {
            assertTrue(Verdict.byConnector(h, empty(200)), new String(h.wire, StandardCharsets.ISO_8859_1));
            assertEquals(List.of(), Verdict.judge(h, empty(200), 2000, 2000));
        }
        String twoHosts = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n";
        assertTrue(Verdict.byConnector(new Hostile("two", twoHosts.getBytes(StandardCharsets.ISO_8859_1), false), empty(200)));
    }

    @Test
    void theConnectorsOtherBareStatusesStayTheConnectors() {
        Hostile h = post("/mcp", "127.0.0.1:8080");
        for (int status : List.of(400, 405, 505)) {
            assertTrue(Verdict.byConnector(h, empty(status)), Integer.toString(status));
        }
    }
}
