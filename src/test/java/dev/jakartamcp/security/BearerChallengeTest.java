package dev.jakartamcp.security;

import dev.jakartamcp.security.TokenRejectedException.Reason;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BearerChallengeTest {

    private static final String METADATA = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";

    /** A strict reading of RFC 6750's grammar: auth-param = token "=" quoted value without quotes or backslashes. */
    private static final Pattern STRICT = Pattern.compile(
            "Bearer [a-z_]+=\"[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*\"(, [a-z_]+=\"[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*\")*");

    private static JsonObject parse(JsonObject body) {
        // Round trip through text, as a client would see it.
        try (var reader = Json.createReader(new StringReader(body.toString()))) {
            return reader.readObject();
        }
    }

    @Test
    void missingTokenCarriesMetadataAndScopeButNoError() {
        BearerChallenge challenge = BearerChallenge.missingToken(METADATA, List.of("channels:read", "recordings:write"));

        assertEquals(401, challenge.status());
        assertEquals("Bearer resource_metadata=\"" + METADATA + "\", scope=\"channels:read recordings:write\"",
                challenge.headerValue());
        JsonObject body = parse(challenge.jsonBody());
        assertEquals("unauthorized", body.getString("error"));
        assertEquals("bearer token required", body.getString("error_description"));
    }

    @Test
    void missingTokenWithoutScopesOmitsTheScopeParameter() {
        assertEquals("Bearer resource_metadata=\"" + METADATA + "\"",
                BearerChallenge.missingToken(METADATA, List.of()).headerValue());
        assertEquals("Bearer resource_metadata=\"" + METADATA + "\"",
                BearerChallenge.missingToken(METADATA, null).headerValue());
    }

    @Test
    void rejectedTokenCarriesInvalidTokenAndTheReason() {
        BearerChallenge challenge = BearerChallenge.invalidToken(METADATA, List.of("channels:read"),
                new TokenRejectedException(Reason.EXPIRED));

        assertEquals(401, challenge.status());
        assertEquals("Bearer error=\"invalid_token\", error_description=\"token expired\", resource_metadata=\""
                + METADATA + "\", scope=\"channels:read\"", challenge.headerValue());
        JsonObject body = parse(challenge.jsonBody());
        assertEquals("invalid_token", body.getString("error"));
        assertEquals("token expired", body.getString("error_description"));
    }

    @Test
    void insufficientScopeIsA403NamingWhatIsNeeded() {
        BearerChallenge challenge = BearerChallenge.insufficientScope(METADATA, List.of("recordings:write"),
                "recordings:write required for tool start_recording");

        assertEquals(403, challenge.status());
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"recordings:write required for tool "
                + "start_recording\", resource_metadata=\"" + METADATA + "\", scope=\"recordings:write\"",
                challenge.headerValue());
        assertEquals("insufficient_scope", parse(challenge.jsonBody()).getString("error"));
    }

    @Test
    void everyReasonRendersAStrictlyValidHeader() {
        for (Reason reason : Reason.values()) {
            String header = BearerChallenge.invalidToken(METADATA, List.of("a:b"), new TokenRejectedException(reason))
                    .headerValue();
            assertTrue(STRICT.matcher(header).matches(), header);
        }
    }

    @Test
    void descriptionsCannotInjectHeadersOrParameters() {
        String hostile = "bad\r\nSet-Cookie: x=1\", error=\"none\\\" \u00e9\u0000";
        BearerChallenge challenge = BearerChallenge.insufficientScope(METADATA, List.of("s"), hostile);
        String header = challenge.headerValue();

        assertFalse(header.contains("\r") || header.contains("\n"));
        assertTrue(STRICT.matcher(header).matches(), header);
        Matcher params = Pattern.compile("([a-z_]+)=\"").matcher(header);
        int count = 0;
        while (params.find()) {
            count++;
        }
        assertEquals(4, count, "no smuggled parameter: " + header);
        assertEquals("bad  Set-Cookie: x=1', error='none/'", challenge.errorDescription());
        // The JSON body has the same sanitised text, properly escaped.
        assertEquals(challenge.errorDescription(), parse(challenge.jsonBody()).getString("error_description"));
    }

    @Test
    void longDescriptionsAreTruncated() {
        BearerChallenge challenge = BearerChallenge.insufficientScope(METADATA, List.of(), "x".repeat(1000));
        assertEquals(BearerChallenge.MAX_DESCRIPTION_LENGTH, challenge.errorDescription().length());
    }

    @Test
    void scopesThatWouldBreakTheHeaderAreLeftOutInsteadOfFailing() {
        // Role names come from @RolesAllowed, where "Channel Reader" is legal; a 401/403 must not become a 500.
        for (String scope : List.of("Channel Reader", "a\"b", "a\\b", "", "caf\u00e9", "a\nb")) {
            BearerChallenge missing = BearerChallenge.missingToken(METADATA, List.of("channels:read", scope));
            assertEquals(List.of("channels:read"), missing.scopes(), scope);
            assertEquals("Bearer resource_metadata=\"" + METADATA + "\", scope=\"channels:read\"", missing.headerValue());

            BearerChallenge rejected = BearerChallenge.invalidToken(METADATA, List.of(scope, "channels:read"),
                    new TokenRejectedException(Reason.EXPIRED));
            assertEquals(List.of("channels:read"), rejected.scopes(), scope);
            assertTrue(STRICT.matcher(rejected.headerValue()).matches(), rejected.headerValue());

            BearerChallenge forbidden = BearerChallenge.insufficientScope(METADATA, Set.of(scope), "needs " + scope);
            assertEquals(List.of(), forbidden.scopes(), scope);
            assertEquals(403, forbidden.status());
            assertTrue(STRICT.matcher(forbidden.headerValue()).matches(), forbidden.headerValue());
            assertFalse(forbidden.headerValue().contains("scope="), forbidden.headerValue());
        }
    }

    @Test
    void theCanonicalConstructorLeavesOutInvalidScopesAndNullsToo() {
        List<String> scopes = new ArrayList<>(List.of("ok", "not ok"));
        scopes.add(null);
        assertEquals(List.of("ok"), new BearerChallenge(401, null, null, METADATA, scopes).scopes());
    }

    @Test
    void validScopesKeepsTheOrderAndTellsWhatWouldBeDropped() {
        List<String> roles = List.of("channels:read", "Channel Reader", "recordings:write", "say \"hi\"");
        assertEquals(List.of("channels:read", "recordings:write"), BearerChallenge.validScopes(roles));
        assertEquals(List.of(), BearerChallenge.validScopes(null));
        assertEquals(List.of(), BearerChallenge.validScopes(Set.of()));
        assertTrue(BearerChallenge.isValidScope("!#[]~"));
        assertFalse(BearerChallenge.isValidScope(null));
        assertFalse(BearerChallenge.isValidScope("a b"));
    }

    @Test
    void rejectsMetadataUrlsThatAreNotAbsoluteOrNotHeaderSafe() {
        for (String url : List.of("/.well-known/oauth-protected-resource", "https://h/\"x", "https://h/a b",
                "ftp://h/x", "https://h/caf\u00e9", "https://h/\r\nX: y")) {
            assertThrows(IllegalArgumentException.class, () -> BearerChallenge.missingToken(url, List.of()), url);
        }
    }

    @Test
    void statusMustBe401Or403() {
        assertThrows(IllegalArgumentException.class,
                () -> new BearerChallenge(400, "invalid_request", null, METADATA, List.of()));
    }
}
