package dev.jakartamcp.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Parsed settings are remembered with their text: parsed once, again when the text changes, failures every time. */
class McpSettingsParsedTest {
    private final Map<String, String> config = new HashMap<>();
    private final McpSettings settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
    private final AtomicInteger parses = new AtomicInteger();

    private Optional<Integer> length(String key) {
        return settings.parsed(key, Integer.class, v -> {
            parses.incrementAndGet();
            return v.length();
        });
    }

    @Test
    void aValueIsParsedOnceWhileItsTextStaysTheSame() {
        config.put("mcp.x", "abc");
        assertEquals(Optional.of(3), length("mcp.x"));
        assertEquals(Optional.of(3), length("mcp.x"));
        assertEquals(1, parses.get());
        config.put("mcp.x", "abcd");
        assertEquals(Optional.of(4), length("mcp.x"));
        assertEquals(2, parses.get());
    }

    /** Parsson stops at a nesting of 1,000 with an exception of no JSON kind: the server's own check must come first. */
    @Test
    void theJsonDepthStaysBelowTheParsersOwnLimit() {
        config.put("mcp.json.max-depth", "500");
        assertEquals(500, settings.maxJsonDepth());
        config.put("mcp.json.max-depth", "1000");
        IllegalStateException e = assertThrows(IllegalStateException.class, settings::maxJsonDepth);
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("mcp.json.max-depth"), e.getMessage());
    }

    @Test
    void anUnsetValueIsNotParsed() {
        assertEquals(Optional.empty(), length("mcp.x"));
        assertEquals(0, parses.get());
    }

    @Test
    void theSameListObjectComesBackUntilTheTextChanges() {
        config.put("mcp.allowed-hosts", "a.example, b.example");
        List<String> first = settings.allowedHosts();
        assertEquals(List.of("a.example", "b.example"), first);
        assertSame(first, settings.allowedHosts());
        config.put("mcp.allowed-hosts", "c.example");
        assertEquals(List.of("c.example"), settings.allowedHosts());
    }

    @Test
    void revokedSubjectsAndTokenIdsAreSetsOfTrimmedEntriesThatMatchOnlyVerifiedCallers() {
        assertSame(Revocations.NONE, settings.revocations(), "nothing set: nothing revoked");
        config.put("mcp.auth.revoked-subjects", " auth0|42 , ,alice");
        config.put("mcp.auth.revoked-token-ids", "3f1c-jti");
        Revocations revoked = settings.revocations();
        assertEquals(java.util.Set.of("auth0|42", "alice"), revoked.subjects());
        assertEquals(java.util.Set.of("3f1c-jti"), revoked.tokenIds());
        assertSame(revoked.subjects(), settings.revocations().subjects(), "parsed once while the text stays");

        assertEquals(true, revoked.revokes("auth0|42", Map.of()));
        assertEquals(true, revoked.revokes("bob", Map.of("jti", "3f1c-jti")));
        assertEquals(false, revoked.revokes("bob", Map.of("jti", "other")));
        assertEquals(false, revoked.revokes("ALICE", Map.of()), "subjects are compared exactly");
        assertEquals(false, revoked.revokes("bob", Map.of("jti", 42L)), "a jti that is no string names no token");
        assertEquals(false, revoked.revokes(Caller.anonymous("127.0.0.1")), "authorization off: nobody to revoke");

        // \, is a comma inside an entry, as MicroProfile Config escapes one (a subject may be a distinguished name)
        config.put("mcp.auth.revoked-subjects", "CN=Alice\\,OU=Eng , dom\\user,trailing\\");
        assertEquals(java.util.Set.of("CN=Alice,OU=Eng", "dom\\user", "trailing\\"), settings.revocations().subjects());
        assertEquals(true, settings.revocations().revokes("CN=Alice,OU=Eng", Map.of()));
        assertEquals(false, settings.revocations().revokes("CN=Alice", Map.of()), "the entry is not split at its comma");

        config.put("mcp.auth.revoked-subjects", " , ");
        config.remove("mcp.auth.revoked-token-ids");
        assertEquals(true, settings.revocations().none(), "only separators: nothing revoked");
    }

    /** At most the seven days the grid keeps a task: beyond, a task would end early on a cluster, without a word. */
    @Test
    void aTaskTtlBeyondSevenDaysIsInvalid() {
        config.put("mcp.tasks.ttl", "P7D");
        assertEquals(java.time.Duration.ofDays(7), settings.taskTtl());
        config.put("mcp.tasks.ttl", "P30D");
        IllegalStateException e = assertThrows(IllegalStateException.class, settings::taskTtl);
        assertEquals("Invalid value for mcp.tasks.ttl: 'PT720H' (must be at most P7D)", e.getMessage());
    }

    @Test
    void aFailureIsNotRememberedAndNamesThePropertyEachTime() {
        config.put("mcp.page-size", "many");
        for (int i = 0; i < 2; i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, settings::pageSize);
            assertEquals("Invalid value for mcp.page-size: 'many' (expected a whole number)", e.getMessage());
        }
        config.put("mcp.page-size", "20");
        assertEquals(20, settings.pageSize());
    }

    @Test
    void oneKeyReadAsTwoTypesGivesEachItsOwn() {
        config.put("mcp.y", "30");
        assertEquals(Optional.of(30L), settings.number("mcp.y"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), settings.duration("mcp.y"));
        assertEquals(Optional.of(30L), settings.number("mcp.y"));
    }

    @Test
    void theResourceIsCheckedWhenItIsParsed() {
        config.put("mcp.resource", "ftp://example.com/mcp");
        assertThrows(IllegalStateException.class, settings::resource);
        config.put("mcp.resource", "https://mcp.example.com/mcp");
        assertEquals("https://mcp.example.com/mcp", settings.resource());
        config.remove("mcp.resource");
        assertEquals("http://127.0.0.1:8080/mcp", settings.resource());
    }
}
