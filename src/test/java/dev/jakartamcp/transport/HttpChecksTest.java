package dev.jakartamcp.transport;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Host, Origin and repeated-header decisions of {@link HttpChecks}, on hand-made requests. */
class HttpChecksTest {
    private static final String LAN = "192.168.1.20";
    private static final String DOCKER = "172.17.0.2";

    private static HttpChecks checks(Map<String, String> config) {
        HttpChecks checks = new HttpChecks();
        checks.settings = FakeHttp.settings(config);
        return checks;
    }

    private static HttpChecks defaults() {
        return checks(Map.of());
    }

    private static FakeHttp.Request request(String local, String host) {
        FakeHttp.Request r = new FakeHttp.Request().local(local);
        return host == null ? r : r.header("Host", host);
    }

    private static Optional<String> host(HttpChecks checks, String local, String host) {
        return checks.hostProblem(request(local, host).build());
    }

    // ------------------------------------------------------------------ Host

    @Test
    void loopbackNamesPassOnlyOnALoopbackAddress() {
        for (String local : List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1", "[::1]", "127.0.0.2")) {
            for (String host : List.of("localhost", "localhost:8080", "LOCALHOST:1", "127.0.0.1:8080", "[::1]:8080", "[::1]",
                    "[0:0:0:0:0:0:0:1]:9", "[0::1]")) {
                assertEquals(Optional.empty(), host(defaults(), local, host), local + " " + host);
            }
        }
        HttpChecks withOtherResource = checks(Map.of("mcp.resource", "https://mcp.example.com/mcp"));
        for (String local : List.of(LAN, DOCKER, "10.0.0.5", "fe80::1", "0.0.0.0")) {
            for (String host : List.of("localhost:8080", "[::1]:8080", "127.0.0.1:8080")) {
                assertEquals(Optional.of("Host '" + host + "' is not allowed"), host(withOtherResource, local, host), local + " " + host);
            }
        }
    }

    /** The hole: with the server on a LAN or Docker address, a DNS-rebound name used to pass, as no Host was checked. */
    @Test
    void aReboundNameIsRefusedOnEveryLocalAddress() {
        for (String local : List.of("127.0.0.1", "::1", LAN, DOCKER)) {
            for (String host : List.of("evil.example.com", "evil.example.com:8080", "127.0.0.1.nip.io:8080", "localhost.evil.com",
                    "192.168.1.20.evil.com")) {
                assertEquals(Optional.of("Host '" + host + "' is not allowed"), host(defaults(), local, host), local + " " + host);
            }
        }
    }

    @Test
    void theResourceHostAndAllowedHostsPassOnEveryAddress() {
        HttpChecks checks = checks(Map.of("mcp.resource", "https://MCP.Example.com:8443/mcp",
                "mcp.allowed-hosts", "gateway.internal, 192.168.1.20:8080, ::1, [fd00::7]"));
        for (String local : List.of("127.0.0.1", LAN, DOCKER)) {
            for (String host : List.of("mcp.example.com", "mcp.example.com:8443", "MCP.EXAMPLE.COM:1", "gateway.internal:8080",
                    "GATEWAY.internal", "192.168.1.20", "192.168.1.20:9999", "[::1]:8080", "[fd00:0::7]:80")) {
                assertEquals(Optional.empty(), host(checks, local, host), local + " " + host);
            }
        }
        assertEquals(Optional.of("Host 'mcp.example.com.evil.com' is not allowed"), host(checks, LAN, "mcp.example.com.evil.com"));
        assertEquals(Optional.empty(), host(checks(Map.of("mcp.allowed-hosts", "*")), LAN, "anything.example"));
        // the default resource is http://127.0.0.1:8080/mcp: its host passes even on a LAN address
        assertEquals(Optional.empty(), host(defaults(), LAN, "127.0.0.1:8080"));
        assertEquals(Optional.of("Host 'localhost:8080' is not allowed"), host(defaults(), LAN, "localhost:8080"));
        assertEquals(Optional.empty(), host(checks(Map.of("mcp.resource", "http://[::1]:8080/mcp")), LAN, "[0:0::1]"));
    }

    @Test
    void malformedMissingAndRepeatedHostsAreRefused() {
        for (String host : List.of("", " ", "user@localhost", "localhost:8080@evil.com", "local host", "localhost\u0000",
                "localhost\r\nX: y", "localhost:", "localhost:abc", "localhost:99999", "localhost:-1", "[::1", "::1", "[::1]x",
                "[::1]:8080:1", "[zz::1]", "[127.0.0.1]", "[::1%25lo]", "http://localhost", "localhost/mcp", "local%68ost", "ьlocalhost")) {
            String message = host(defaults(), "127.0.0.1", host).orElseThrow(() -> new AssertionError("accepted " + host));
            assertTrue(message.endsWith(" is malformed"), host + ": " + message);
            assertFalse(message.contains("\r") || message.contains("\n") || message.contains("\u0000"), message);
        }
        assertEquals(Optional.of("Host header is required"), host(defaults(), "127.0.0.1", null));
        FakeHttp.Request twice = request("127.0.0.1", "localhost:8080").header("Host", "evil.example.com");
        assertEquals(Optional.of("more than one Host header"), defaults().hostProblem(twice.build()));
        FakeHttp.Request sameTwice = request("127.0.0.1", "localhost").header("host", "localhost");
        assertEquals(Optional.of("more than one Host header"), defaults().hostProblem(sameTwice.build()));
    }

    @Test
    void invalidSettingsAreNotSilentlyIgnored() {
        for (String resource : List.of("not a url", "/mcp", "ftp://x/mcp", "http:///mcp")) {
            HttpChecks checks = checks(Map.of("mcp.resource", resource));
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> host(checks, "127.0.0.1", "localhost"));
            assertTrue(e.getMessage().contains("mcp.resource"), e.getMessage());
        }
    }

    /**
     * mcp.resource is not live (README): tokens keep needing the audience and the metadata keep naming the URL read at
     * startup, so the Host and Origin rules keep its host and origin too; a value broken while running failed every
     * request with 500.
     */
    @Test
    void theResourceReadAtStartupKeepsServingTheHostAndOriginRules() {
        Map<String, String> config = new HashMap<>(Map.of("mcp.resource", "https://mcp.example.com/mcp"));
        HttpChecks checks = checks(config);
        assertEquals(Optional.empty(), host(checks, LAN, "mcp.example.com")); // as the application starts
        for (String changed : List.of("https://elsewhere.example.com/mcp", "not a url")) {
            config.put("mcp.resource", changed);
            assertEquals(Optional.empty(), host(checks, LAN, "mcp.example.com"), changed);
            assertEquals(Optional.of("Host 'elsewhere.example.com' is not allowed"), host(checks, LAN, "elsewhere.example.com"), changed);
            assertEquals(Optional.empty(), origin(checks, LAN, "mcp.example.com", "https://mcp.example.com"), changed);
        }
    }

    // ------------------------------------------------------------------ Origin

    private static Optional<String> origin(HttpChecks checks, String local, String host, String... origins) {
        FakeHttp.Request r = request(local, host);
        for (String o : origins) {
            r.header("Origin", o);
        }
        return checks.originProblem(r.build());
    }

    @Test
    void sameOriginPassesOnlyUnderAValidatedHost() {
        HttpChecks checks = defaults();
        assertEquals(Optional.empty(), origin(checks, "127.0.0.1", "localhost:8080", "http://localhost:8080"));
        assertEquals(Optional.empty(), origin(checks, "127.0.0.1", "localhost:8080", "https://localhost:8080"));
        assertEquals(Optional.empty(), origin(checks, "127.0.0.1", "LocalHost:8080", "http://localhost:8080"));
        assertEquals(Optional.empty(), origin(checks, "127.0.0.1", "localhost", "http://localhost"));
        assertEquals(Optional.empty(), origin(checks, "127.0.0.1", "localhost:80", "http://localhost"));
        assertEquals(Optional.empty(), origin(checks, "127.0.0.1", "[::1]:8080", "http://[::1]:8080"));
        // a DNS-rebound page: Origin and Host agree, but the Host is not this server's
        for (String local : List.of("127.0.0.1", LAN, DOCKER)) {
            assertEquals(Optional.of("Origin 'http://evil.example.com:8080' is not allowed"),
                    origin(checks, local, "evil.example.com:8080", "http://evil.example.com:8080"), local);
        }
        // mcp.allowed-hosts=* lets any Host in, but a name it alone accepts proves nothing of the page's origin: the
        // rebound page still needs mcp.allowed-origins; a host named besides it, the resource's and loopback still do
        HttpChecks anyHost = checks(Map.of("mcp.allowed-hosts", "*, gateway.example.com"));
        for (String local : List.of(LAN, DOCKER)) {
            assertEquals(Optional.empty(), host(anyHost, local, "evil.example.com:8080"), local);
            assertEquals(Optional.of("Origin 'http://evil.example.com:8080' is not allowed"),
                    origin(anyHost, local, "evil.example.com:8080", "http://evil.example.com:8080"), local);
            assertEquals(Optional.empty(), origin(anyHost, local, "gateway.example.com", "https://gateway.example.com"), local);
        }
        assertEquals(Optional.empty(), origin(anyHost, "127.0.0.1", "localhost:8080", "http://localhost:8080"));
        assertEquals(Optional.empty(), origin(checks(Map.of("mcp.allowed-hosts", "*", "mcp.allowed-origins", "http://evil.example.com:8080")),
                LAN, "evil.example.com:8080", "http://evil.example.com:8080"));
        // on a LAN address the loopback names are no longer this server's own
        HttpChecks remote = checks(Map.of("mcp.resource", "https://mcp.example.com/mcp"));
        assertEquals(Optional.of("Origin 'http://localhost:8080' is not allowed"), origin(remote, LAN, "localhost:8080", "http://localhost:8080"));
        // port and host must both match the Host header
        assertEquals(Optional.of("Origin 'http://localhost:9090' is not allowed"), origin(checks, "127.0.0.1", "localhost:8080", "http://localhost:9090"));
        assertEquals(Optional.of("Origin 'http://127.0.0.1:9090' is not allowed"), origin(checks, "127.0.0.1", "localhost:9090", "http://127.0.0.1:9090"));
        assertEquals(Optional.of("Origin 'https://localhost' is not allowed"), origin(checks, "127.0.0.1", "localhost:80", "https://localhost"));
        // a Host without port means the default port of the page's scheme (a TLS-terminating proxy in front)
        assertEquals(Optional.empty(), origin(checks, "127.0.0.1", "localhost", "https://localhost"));
    }

    @Test
    void theResourceOriginAndListedOriginsPass() {
        HttpChecks checks = checks(Map.of("mcp.resource", "https://mcp.example.com/mcp",
                "mcp.allowed-origins", "http://localhost:6274, https://app.example.org"));
        for (String local : List.of("127.0.0.1", LAN)) {
            assertEquals(Optional.empty(), origin(checks, local, "mcp.example.com", "https://mcp.example.com"));
            assertEquals(Optional.empty(), origin(checks, local, "mcp.example.com", "https://MCP.example.com:443"));
            assertEquals(Optional.empty(), origin(checks, local, "mcp.example.com", "http://localhost:6274"));
            assertEquals(Optional.empty(), origin(checks, local, "mcp.example.com", "HTTPS://app.example.org"));
            assertEquals(Optional.of("Origin 'http://mcp.example.com' is not allowed"), origin(checks, local, "proxy", "http://mcp.example.com"));
            assertEquals(Optional.of("Origin 'https://mcp.example.com:8443' is not allowed"), origin(checks, local, "proxy", "https://mcp.example.com:8443"));
            assertEquals(Optional.of("Origin 'https://app.example.org.evil.com' is not allowed"),
                    origin(checks, local, "mcp.example.com", "https://app.example.org.evil.com"));
        }
        // the same origin written another way: the default port written out, an IPv6 literal in full
        HttpChecks written = checks(Map.of("mcp.resource", "https://mcp.example.com/mcp",
                "mcp.allowed-origins", "https://app.example.org:443, http://[0:0:0:0:0:0:0:1]:6274, http://app.example.net:80"));
        assertEquals(Optional.empty(), origin(written, LAN, "mcp.example.com", "https://app.example.org"));
        assertEquals(Optional.empty(), origin(written, LAN, "mcp.example.com", "http://[::1]:6274"));
        assertEquals(Optional.empty(), origin(written, LAN, "mcp.example.com", "http://app.example.net"));
        assertEquals(Optional.of("Origin 'http://app.example.org' is not allowed"), origin(written, LAN, "mcp.example.com", "http://app.example.org"));
        assertEquals(Optional.of("Origin 'https://app.example.org:8443' is not allowed"),
                origin(written, LAN, "mcp.example.com", "https://app.example.org:8443"));
        assertEquals(Optional.of("Origin 'http://[::2]:6274' is not allowed"), origin(written, LAN, "mcp.example.com", "http://[::2]:6274"));
        HttpChecks any = checks(Map.of("mcp.allowed-origins", "*"));
        assertEquals(Optional.empty(), origin(any, LAN, "127.0.0.1", "https://anything.example"));
        assertEquals(Optional.empty(), origin(any, LAN, "127.0.0.1", "chrome-extension://abcdef"));
    }

    @Test
    void nullMalformedAndRepeatedOriginsAreRefusedEvenWithAWildcard() {
        Map<String, String> config = new HashMap<>(Map.of("mcp.allowed-origins", "*")); // "null" listed: an invalid value
        for (HttpChecks checks : List.of(defaults(), checks(config))) {
            for (String o : List.of("null", "NULL", "", "localhost:8080", "http://localhost:8080/", "http://localhost:8080/mcp",
                    "http://user@localhost:8080", "http://localhost:8080?x", "http://localhost:8080#x", "http:// localhost:8080",
                    "http://localhost:8080\r\nX: y", "//localhost:8080", "http://", "http:/localhost:8080")) {
                Optional<String> problem = origin(checks, "127.0.0.1", "localhost:8080", o);
                assertTrue(problem.isPresent(), "accepted origin '" + o + "'");
                assertFalse(problem.get().contains("\r") || problem.get().contains("\n"), problem.get());
            }
            assertEquals(Optional.of("more than one Origin header"),
                    origin(checks, "127.0.0.1", "localhost:8080", "http://localhost:8080", "http://localhost:8080"));
        }
        assertEquals(Optional.empty(), origin(defaults(), "127.0.0.1", "localhost:8080"), "no Origin at all: not a browser");
    }

    @Test
    void corsUsesTheSameDecision() {
        HttpChecks checks = defaults();
        assertTrue(checks.isAllowedOrigin("http://localhost:8080", request("127.0.0.1", "localhost:8080").build()));
        assertFalse(checks.isAllowedOrigin("http://evil.example.com", request(LAN, "evil.example.com").build()));
        assertFalse(checks.isAllowedOrigin("null", request("127.0.0.1", "localhost:8080").build()));
        assertFalse(checks.isAllowedOrigin(null, request("127.0.0.1", "localhost:8080").build()));
    }

    // ------------------------------------------------------------------ repeated headers

    @Test
    void repeatedMcpHeadersAreNamed() {
        for (String name : List.of("Mcp-Session-Id", "MCP-Protocol-Version", "Mcp-Method", "Mcp-Name", "Last-Event-ID", "Content-Type")) {
            FakeHttp.Request r = new FakeHttp.Request().header(name, "a").header(name.toLowerCase(), "b");
            assertEquals(Optional.of(name), HttpChecks.repeatedHeader(r.build()), name);
        }
        FakeHttp.Request params = new FakeHttp.Request().header("Mcp-Param-Region", "eu").header("Mcp-Param-Other", "x")
                .header("mcp-param-region", "us");
        assertEquals(Optional.of("Mcp-Param-Region"), HttpChecks.repeatedHeader(params.build()));
        FakeHttp.Request lower = new FakeHttp.Request().header("mcp-param-region", "eu").header("MCP-PARAM-REGION", "us");
        assertEquals(Optional.of("Mcp-Param-region"), HttpChecks.repeatedHeader(lower.build()), "the name as the container reports it");
        FakeHttp.Request single = new FakeHttp.Request().header("Mcp-Name", "file:///a,b.txt").header("Mcp-Param-List", "a, b")
                .header("Mcp-Method", "tools/call").header("Accept", "application/json").header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", "x");
        assertEquals(Optional.empty(), HttpChecks.repeatedHeader(single.build()), "commas inside one value, repeated Accept");
    }

    /** Repeated, these get 2026-07-28's HeaderMismatch, the others -32600. */
    @Test
    void theHeaders2026ValidatesAreTheVersionAndThoseABodyIsMirroredInto() {
        for (String validated : List.of("Mcp-Method", "mcp-name", "Mcp-Param-Region", "mcp-param-region", "MCP-Protocol-Version", "mcp-protocol-version")) {
            assertTrue(HttpChecks.isValidatedHeader(validated), validated);
        }
        for (String other : List.of("Mcp-Session-Id", "Last-Event-ID", "Content-Type", "Mcp-Params")) {
            assertFalse(HttpChecks.isValidatedHeader(other), other);
        }
    }

    /** A 2026-07-28 request ignores a session id and a Last-Event-ID: repeated, they are not refused. */
    @Test
    void aModernRequestsRepeatedSessionIdOrLastEventIdIsNotItsProblem() {
        for (String ignored : List.of("Mcp-Session-Id", "Last-Event-ID")) {
            FakeHttp.Request modern = new FakeHttp.Request().header("MCP-Protocol-Version", "2026-07-28").header(ignored, "a").header(ignored, "b");
            assertEquals(Optional.empty(), HttpChecks.repeatedHeader(modern.build()), ignored);
            FakeHttp.Request legacy = new FakeHttp.Request().header("MCP-Protocol-Version", "2025-11-25").header(ignored, "a").header(ignored, "b");
            assertEquals(Optional.of(ignored), HttpChecks.repeatedHeader(legacy.build()), ignored);
        }
    }

    // ------------------------------------------------------------------ Accept, Content-Encoding

    private static HttpChecks.Acceptance accept(String... lines) {
        FakeHttp.Request r = new FakeHttp.Request();
        for (String line : lines) {
            r.header("Accept", line);
        }
        return HttpChecks.acceptance(r.build());
    }

    @Test
    void acceptIsReadFromAllItsLines() {
        assertEquals(new HttpChecks.Acceptance(true, true), accept("application/json", "text/event-stream"));
        assertEquals(new HttpChecks.Acceptance(true, true), accept("application/json, text/event-stream"));
        assertEquals(new HttpChecks.Acceptance(true, false), accept());
        assertEquals(new HttpChecks.Acceptance(false, true), accept("text/event-stream"));
        assertEquals(new HttpChecks.Acceptance(false, false), accept("text/html"));
    }

    @Test
    void aZeroWeightRefusesInEverySpelling() {
        for (String zero : List.of("q=0", "Q=0", "q=0.", "q=0.0", "q=0.000", "q = 0", " Q=0.00 ")) {
            assertEquals(new HttpChecks.Acceptance(true, false), accept("application/json, text/event-stream;" + zero), zero);
        }
        assertEquals(new HttpChecks.Acceptance(true, true), accept("application/json, text/event-stream;q=0.001"));
        assertEquals(new HttpChecks.Acceptance(true, true), accept("application/json;q=1, text/event-stream;q=0.5"));
    }

    @Test
    void theMostSpecificRangeDecides() {
        assertEquals(new HttpChecks.Acceptance(true, false), accept("*/*, text/event-stream;q=0"));
        assertEquals(new HttpChecks.Acceptance(false, true), accept("text/event-stream, */*;q=0"));
        assertEquals(new HttpChecks.Acceptance(true, true), accept("*/*;q=0, application/*, text/*"));
        assertEquals(new HttpChecks.Acceptance(false, true), accept("application/*;q=0, application/json;q=0, */*"));
        assertEquals(new HttpChecks.Acceptance(true, false), accept("application/json;q=0, application/json"), "the same range twice");
    }

    @Test
    void aContentCodingOtherThanIdentityIsRefused() {
        assertEquals(Optional.empty(), HttpChecks.contentEncodingProblem(new FakeHttp.Request().build()));
        assertEquals(Optional.empty(), HttpChecks.contentEncodingProblem(new FakeHttp.Request().header("Content-Encoding", "identity").build()));
        assertEquals(Optional.of("Content-Encoding 'gzip' is not accepted; send the body without a content coding"),
                HttpChecks.contentEncodingProblem(new FakeHttp.Request().header("Content-Encoding", "gzip").build()));
        assertTrue(HttpChecks.contentEncodingProblem(new FakeHttp.Request().header("Content-Encoding", "identity, br").build()).isPresent());
        assertTrue(HttpChecks.contentEncodingProblem(new FakeHttp.Request().header("Content-Encoding", "identity")
                .header("Content-Encoding", "deflate").build()).isPresent(), "every line");
    }
}
