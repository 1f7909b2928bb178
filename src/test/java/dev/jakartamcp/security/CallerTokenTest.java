package dev.jakartamcp.security;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.jwt.Claims;
import org.junit.jupiter.api.Test;

import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The caller principal handed to the container (payload kept, claims parsed on demand) against the request's bean. */
class CallerTokenTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static VerifiedToken verified(String raw) throws ParseException {
        JWTClaimsSet claims = JWTClaimsSet.parse(new com.nimbusds.jose.util.Base64URL(raw.split("\\.")[1]).decodeToString());
        return new VerifiedToken(raw, claims.getSubject(), claims.getIssuer(), claims.getExpirationTime().toInstant(),
                claims.getClaims(), Set.of("channels:read", "recordings:write"));
    }

    private static String token() {
        return TestTokens.rs256(NOW, c -> c
                .audience(List.of(TestTokens.RESOURCE, "https://other.example"))
                .claim("preferred_username", "ada")
                .claim("permissions", List.of("channels:read", "recordings:write"))
                .claim("org", Map.of("id", 42, "name", "Example"))
                .claim("ratio", 0.5)
                .claim("note", "é ü ∑"));
    }

    @Test
    void thePrincipalAnswersEveryClaimAsTheRequestsBeanDoes() throws ParseException {
        VerifiedToken token = verified(token());
        CallerToken bean = CallerToken.of(token, false);
        CallerToken principal = CallerToken.principal(token, false);

        assertEquals("ada", principal.getName());
        assertEquals(bean.getName(), principal.getName());
        assertEquals(bean.getClaimNames(), principal.getClaimNames());
        for (String claim : bean.getClaimNames()) {
            assertEquals((Object) bean.getClaim(claim), principal.getClaim(claim), claim);
        }
        assertEquals(Set.of(TestTokens.RESOURCE, "https://other.example"), principal.getAudience());
        assertEquals(NOW.plusSeconds(300).getEpochSecond(), principal.getExpirationTime());
        assertEquals("user-1", principal.getSubject());
        assertEquals("é ü ∑", principal.getClaim("note"));
        assertEquals(42, ((JsonObject) principal.getClaim("org")).getInt("id"));
        assertEquals(2, ((JsonArray) principal.getClaim("permissions")).size());
        assertEquals(Set.of("channels:read", "recordings:write"), principal.getGroups());
        assertEquals(principal.getGroups(), principal.getClaim(Claims.groups.name()));
    }

    @Test
    void theRawTokenOnlyWhereExposed() throws ParseException {
        String raw = token();
        VerifiedToken token = verified(raw);
        assertNull(CallerToken.principal(token, false).getRawToken());
        assertNull(CallerToken.principal(token, false).getClaim(Claims.raw_token.name()));
        assertNull(CallerToken.of(token, false).getRawToken());
        assertEquals(raw, CallerToken.principal(token, true).getRawToken());
        assertEquals(raw, CallerToken.principal(token, true).getClaim(Claims.raw_token.name()));
        assertEquals(raw, CallerToken.of(token, true).getRawToken());
    }

    @Test
    void withoutUsernameClaimsTheNameIsTheSubject() throws ParseException {
        VerifiedToken token = verified(TestTokens.rs256(NOW, c -> c));
        assertEquals("user-1", CallerToken.principal(token, false).getName());
        assertEquals("user-1", CallerToken.of(token, false).getName());
    }

    @Test
    void principalsOfTheSameTokenAreEqualSoTheContainersPrincipalSetsAreToo() throws ParseException {
        String raw = token();
        CallerToken first = CallerToken.principal(verified(raw), false);
        CallerToken again = CallerToken.principal(verified(raw), false);
        CallerToken other = CallerToken.principal(verified(TestTokens.rs256(NOW, c -> c.subject("user-2"))), false);

        assertEquals(first, again);
        assertEquals(first.hashCode(), again.hashCode());
        assertEquals(new java.util.HashSet<>(List.of(first)), new java.util.HashSet<>(List.of(again)));
        assertNotEquals(first, other);
        // a token re-signed with the same claims has the same payload; with the raw token exposed, it is not the same
        String resigned = TestTokens.sign(TestTokens.RSA_ROTATED,
                TestTokens.header(com.nimbusds.jose.JWSAlgorithm.RS256, TestTokens.RSA_ROTATED).build(),
                JWTClaimsSet.parse(new com.nimbusds.jose.util.Base64URL(raw.split("\\.")[1]).decodeToString()));
        assertEquals(CallerToken.principal(verified(raw), false), CallerToken.principal(verified(resigned), false));
        assertNotEquals(CallerToken.principal(verified(raw), true), CallerToken.principal(verified(resigned), true));
        // the request's bean and the empty caller are equal only to themselves
        CallerToken bean = CallerToken.of(verified(raw), false);
        assertNotEquals(bean, CallerToken.of(verified(raw), false));
        assertNotEquals(bean, first);
        assertNotEquals(first, bean);
        assertNotEquals(CallerToken.NONE, first);
    }

    @Test
    void noCallerHasNoClaims() {
        assertNull(CallerToken.NONE.getName());
        assertEquals(Set.of(), CallerToken.NONE.getClaimNames());
        assertEquals(Set.of(), CallerToken.NONE.getGroups());
        assertNull(CallerToken.NONE.getClaim(Claims.groups.name()));
        assertNull(CallerToken.NONE.getClaim(Claims.sub.name()));
        assertNull(CallerToken.NONE.getRawToken());
    }
}
