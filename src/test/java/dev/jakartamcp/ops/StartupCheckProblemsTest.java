package dev.jakartamcp.ops;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the startup check (and readiness, which reads everything again) makes of values: each malformed one is a
 * problem naming its property, never an exception of its own that would stop the deployment without naming it.
 */
class StartupCheckProblemsTest {
    private final Map<String, String> config = new HashMap<>();
    private final StartupCheck check = new StartupCheck();

    StartupCheckProblemsTest() {
        check.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
    }

    record Tool(String name) implements McpItem {
        public ItemKind kind() {
            return ItemKind.TOOL;
        }

        public Access access() {
            return Access.permitAll();
        }

        public JsonObject descriptor() {
            return JsonValue.EMPTY_JSON_OBJECT;
        }

        public String source() {
            return "test";
        }
    }

    private List<String> problems() {
        return check.problems(List.of(new Tool("search")));
    }

    /**
     * The names are checked again only when they, the environment or the deployed items change: each readiness probe
     * compared every unknown MCP_ variable with every override name of every item (a second of CPU at 32,000 items).
     */
    @Test
    void unknownNamesAreCheckedAgainOnlyWhenSomethingChanged() {
        StartupCheck check = new StartupCheck();
        check.environment = Map.of("MCP_STORAGE_DIR", "/tmp/inspector");
        Map<ItemKind, Set<String>> deployed = Map.of(ItemKind.TOOL, Set.of("get_channels"));
        List<ConfigurationReport.Finding> first = check.unknownNames(List.of("mcp.sesion.timeout"), deployed);
        assertEquals(List.of("mcp.sesion.timeout", "MCP_STORAGE_DIR"), first.stream().map(ConfigurationReport.Finding::property).sorted(
                java.util.Comparator.reverseOrder()).toList(), first.toString());
        assertSame(first, check.unknownNames(List.of("mcp.sesion.timeout"), Map.of(ItemKind.TOOL, Set.of("get_channels"))),
                "nothing changed: the findings of the last check");
        List<ConfigurationReport.Finding> fewer = check.unknownNames(List.of(), deployed);
        assertEquals(List.of("MCP_STORAGE_DIR"), fewer.stream().map(ConfigurationReport.Finding::property).toList());
        assertNotSame(fewer, check.unknownNames(List.of(), Map.of(ItemKind.TOOL, Set.of("get_channels", "storage_dir"))),
                "a tool deployed since: checked again");
    }

    @Test
    void nothingSetIsNoProblem() {
        assertEquals(List.of(), problems());
    }

    /** More than one request a nanosecond, or a period no counter can keep: RateLimit refuses them, naming no property. */
    @Test
    void rateLimitsRateLimitRefusesAreProblemsNamingTheProperty() {
        config.put("mcp.rate-limit.requests-per-minute", "100000000000000000");
        config.put("mcp.tools.search.rate-limit", "1/P1000000D");
        List<String> problems = problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("Invalid value for mcp.rate-limit.requests-per-minute: '100000000000000000'"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("Invalid value for mcp.tools.search.rate-limit: '1/P1000000D'"), problems.get(1));
    }

    /**
     * The cluster counts rates in nanoseconds of the wall clock (since 1970): a period of 250 years, which fits a long
     * on its own, overflowed there and let every call through. RateLimit.MAX_PERIOD leaves that clock room until 2162.
     */
    @Test
    void aRateLimitsPeriodBeyondAHundredYearsIsAProblemNamingTheProperty() {
        config.put("mcp.tools.search.rate-limit", "1/P91250D");
        assertEquals(List.of("Invalid value for mcp.tools.search.rate-limit: '1/P91250D'"
                + " (a rate limit's period is at most 100 years, P36500D: PT2190000H)"), problems());
        config.put("mcp.tools.search.rate-limit", "1/P36500D");
        assertEquals(List.of(), problems());
    }

    @Test
    void anItemsTimeoutUnderASecondOrMalformedIsAProblemNamingTheProperty() {
        config.put("mcp.tools.search.timeout", "PT0.2S");
        assertEquals(List.of("Invalid value for mcp.tools.search.timeout: 'PT0.2S' (must be at least PT1S)"), problems());
        config.put("mcp.tools.search.timeout", "PT1H");
        assertEquals(List.of(), problems());
    }

    @Test
    void anItemsBoundOfCallsAtOnceBelowOneOrMalformedIsAProblemNamingTheProperty() {
        config.put("mcp.tools.search.max-concurrent", "0");
        assertEquals(List.of("Invalid value for mcp.tools.search.max-concurrent: '0' (must be from 1 to 2147483647)"), problems());
        config.put("mcp.tools.search.max-concurrent", "4 calls");
        assertEquals(1, problems().size());
        config.put("mcp.tools.search.max-concurrent", "4");
        assertEquals(List.of(), problems());
    }

    /** Durations are used in milliseconds and nanoseconds: one beyond them passed the check and threw at every use. */
    @Test
    void aDurationBeyondWhatTimersHoldIsAProblemNamingTheProperty() {
        config.put("mcp.cache.ttl", "PT9999999999999999S"); // ttlMs of every cacheable result: ArithmeticException
        config.put("mcp.sse.keep-alive", "P1000000D"); // every stream
        config.put("mcp.client-request.timeout", "999999999999"); // whole seconds; every wait for a client's answer
        List<String> problems = problems();
        assertEquals(List.of("Invalid value for mcp.cache.ttl: 'PT9999999999999999S' (too long: at most 292 years)",
                "Invalid value for mcp.sse.keep-alive: 'P1000000D' (too long: at most 292 years)",
                "Invalid value for mcp.client-request.timeout: '999999999999' (too long: at most 292 years)"), problems);
    }

    /** A keep-alive below 100 ms was silently used as 100 ms. */
    @Test
    void aKeepAliveBelowItsMinimumIsAProblemNotSilentlyRaised() {
        config.put("mcp.sse.keep-alive", "PT0.05S");
        assertEquals(List.of("Invalid value for mcp.sse.keep-alive: 'PT0.05S' (must be at least PT0.1S)"), problems());
        config.put("mcp.sse.keep-alive", "PT0.1S");
        assertEquals(List.of(), problems());
    }

    /** ttlMs has a minimum of 0 in the 2026-07-28 schema: a negative mcp.cache.ttl made every cacheable result invalid. */
    @Test
    void aNegativeCacheTtlIsAProblem() {
        config.put("mcp.cache.ttl", "-PT1M");
        assertEquals(List.of("Invalid value for mcp.cache.ttl: 'PT-1M' (must not be negative)"), problems());
        config.put("mcp.cache.ttl", "PT0S");
        assertEquals(List.of(), problems(), "0: results are not to be cached");
    }

    /** Below its minimum a value was refused; above its maximum it was silently lowered to it. */
    @Test
    void aValueAboveItsMaximumIsAProblemNotSilentlyLowered() {
        config.put("mcp.page-size", "5000");
        config.put("mcp.audit.max-value-length", "100000");
        assertEquals(List.of("Invalid value for mcp.page-size: '5000' (must be at most 1000)",
                "Invalid value for mcp.audit.max-value-length: '100000' (must be at most 8192)"), problems());
        config.put("mcp.page-size", "1000");
        config.put("mcp.audit.max-value-length", "8192");
        assertEquals(List.of(), problems());
    }

    /**
     * An entry no Origin or Host header can ever equal (a trailing slash, a missing scheme, a URL for a host) never
     * matched, so the browser client or gateway the operator meant got 403 while the log showed the value as effective.
     */
    @Test
    void allowedOriginsAndHostsNoRequestCanMatchAreProblems() {
        assertEntriesRefused("https://app.example.org, https://app.example.com/, app.example.net, null",
                "https://app.example.com/, app.example.net, null",
                "gateway.internal, ::1, [fd00::7]:8443, 192.168.1.20:8080, https://gateway.example.com", "https://gateway.example.com");
        // a wildcard, an empty or impossible port, an empty label: no browser sends such an origin or Host
        assertEntriesRefused("https://*.example.com, https://a.example:, https://a.example:99999, http://a:b:c, https://a..b",
                "https://*.example.com, https://a.example:, https://a.example:99999, http://a:b:c, https://a..b",
                "gateway:99999, ..., -, *.example.com, gateway:0", "gateway:99999, ..., -, *.example.com, gateway:0");
        // IPv6 literals that are no address: the pattern took their characters, the request's address never equals them
        assertEntriesRefused("http://[1::2::3], http://[.], http://[:]:80, http://[::ffff:10.0.0.1]",
                "http://[1::2::3], http://[.], http://[:]:80, http://[::ffff:10.0.0.1]",
                "1::2::3, :::, [.], [:]:80, 0:0:0:0:0:0:0:0:0:0:0, ::1", "1::2::3, :::, [.], [:]:80, 0:0:0:0:0:0:0:0:0:0:0");
        config.put("mcp.allowed-origins", "https://app.example.org, http://localhost:6274, chrome-extension://abcdef, https://app.example.com:443, http://[::1]:6274, http://gateway_1.internal:65535, http://[fd00:0:0:0:0:0:0:7]");
        config.put("mcp.allowed-hosts", "gateway.example.com., gateway_1.internal:8443, [::1]:8080, fd00::7, [fd00::1.2.3.4]");
        assertEquals(List.of(), problems());
    }

    /** Both lists set: each is an invalid value naming exactly {@code wrongOrigins}, {@code wrongHosts}. */
    private void assertEntriesRefused(String origins, String wrongOrigins, String hosts, String wrongHosts) {
        config.put("mcp.allowed-origins", origins);
        config.put("mcp.allowed-hosts", hosts);
        assertEquals(List.of("Invalid value for mcp.allowed-origins: '" + origins + "' (origins are scheme://host[:port] without a path"
                        + " or wildcard, the port from 1 to 65535, or *; not: " + wrongOrigins + ")",
                "Invalid value for mcp.allowed-hosts: '" + hosts + "' (hosts are a name or address with an optional :port from 1 to"
                        + " 65535, or *; not: " + wrongHosts + ")"), problems());
    }

    /** It is the HMAC-SHA256 key of every requestState: "hunter2" sealed them, and anyone holding one could guess it offline. */
    @Test
    void aRequestStateSecretShorterThan32BytesIsAProblemThatDoesNotShowIt() {
        config.put("mcp.request-state.secret", "hunter2 hunter2 hunter2 hunter2");
        assertEquals(List.of("Invalid value for mcp.request-state.secret: '(masked, 31 bytes)' (must be at least 32 bytes (UTF-8),"
                + " an HMAC-SHA256 key: e.g. openssl rand -base64 32)"), problems());
        config.put("mcp.request-state.secret", "hunter2 hunter2 hunter2 hunter2!");
        assertEquals(List.of(), problems());
        config.put("mcp.request-state.secret", "é".repeat(16));
        assertEquals(List.of(), problems(), "bytes of UTF-8 are counted, not characters");
    }

    /**
     * Commas only were read as unset: the allowed algorithms, token types and roles claims went back to their defaults,
     * and mcp.audit.redact to none at all, so every secret-named argument reached the digest (fail open); the revoked
     * subjects and token ids to nothing revoked, without a word.
     */
    @Test
    void aListOfCommasOnlyIsAProblemNotADefaultOrNothing() {
        for (String key : List.of("mcp.audit.redact", "mcp.auth.allowed-algorithms", "mcp.auth.token-types", "mcp.auth.roles-claims",
                "mcp.auth.scopes-supported", "mp.jwt.verify.audiences", "mcp.allowed-origins", "mcp.tools.search.roles",
                "mcp.auth.revoked-subjects", "mcp.auth.revoked-token-ids")) {
            config.clear();
            config.put(key, " , ,");
            assertEquals(List.of("Invalid value for " + key + ": ', ,' (a list without a single entry)"), problems(), key);
        }
    }

    @Test
    void noneInTheAuditRedactionStandsAlone() {
        config.put("mcp.audit.redact", "none, password");
        assertEquals(List.of("Invalid value for mcp.audit.redact: 'none, password' (none redacts nothing, so it stands alone)"), problems());
        config.put("mcp.audit.redact", " NONE ");
        assertEquals(List.of(), problems());
        assertEquals(List.of(), check.settings.auditRedact());
        config.put("mcp.audit.redact", "Password, pin");
        assertEquals(List.of("password", "pin"), check.settings.auditRedact());
    }
}
