package dev.jakartamcp.security;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.jakartamcp.security.TokenRejectedException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.jakartamcp.security.TestTokens.EC;
import static dev.jakartamcp.security.TestTokens.ISSUER;
import static dev.jakartamcp.security.TestTokens.RESOURCE;
import static dev.jakartamcp.security.TestTokens.RSA;
import static dev.jakartamcp.security.TestTokens.RSA_ROTATED;
import static dev.jakartamcp.security.TestTokens.b64;
import static dev.jakartamcp.security.TestTokens.header;
import static dev.jakartamcp.security.TestTokens.rs256;
import static dev.jakartamcp.security.TestTokens.sign;
import static dev.jakartamcp.security.TestTokens.validClaims;
import static dev.jakartamcp.security.TestTokens.withPart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenValidatorTest {

    private final MutableClock clock = new MutableClock();
    private final Instant now = clock.instant();
    private final Map<String, String> config = new HashMap<>();
    private JwksServer jwks;
    private JwksKeySource keys;
    private TokenValidator validator;

    @BeforeEach
    void startJwks() throws Exception {
        jwks = new JwksServer().publish(RSA, EC);
        config.put("mp.jwt.verify.issuer", ISSUER);
        config.put("mp.jwt.verify.publickey.location", jwks.uri().toString());
        config.put("mcp.resource", RESOURCE);
        config.put("mcp.auth.jwks-refresh-min-interval", "PT10S");
        config.put("mcp.auth.jwks-timeout", "PT20S"); // generous: a loaded 2-core CI machine must not turn a slow fetch into a false failure
    }

    @AfterEach
    void stopJwks() {
        jwks.close();
    }

    private TokenValidator validator() {
        if (validator == null) {
            AuthSettings settings = AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key)));
            keys = new JwksKeySource(settings, java.net.http.HttpClient.newHttpClient(), clock);
            validator = new TokenValidator(settings, keys, clock);
        }
        return validator;
    }

    private VerifiedToken accepted(String token) throws TokenRejectedException {
        return validator().validate(token);
    }

    private void assertRejected(Reason expected, String token) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> validator().validate(token));
        assertEquals(expected, e.reason(), () -> "expected " + expected + " but got " + e.reason());
        assertEquals("invalid_token", e.errorCode());
        assertEquals(expected.description(), e.getMessage());
    }

    private String signed(JWK key, JWSHeader header, JWTClaimsSet.Builder claims) {
        return sign(key, header, claims.build());
    }

    // --- accepted shapes -------------------------------------------------------------------------------------

    @Test
    void acceptsRs256AndExposesTheVerifiedFields() throws Exception {
        String token = rs256(now, c -> c.claim("permissions", List.of("channels:read")));

        VerifiedToken verified = accepted(token);

        assertEquals(token, verified.rawToken());
        assertEquals("user-1", verified.subject());
        assertEquals(ISSUER, verified.issuer());
        assertEquals(now.plusSeconds(300), verified.expiresAt());
        assertEquals(Set.of("channels:read"), verified.roles());
        assertEquals(now.plusSeconds(300).getEpochSecond(), verified.claims().get("exp"));
        assertEquals(List.of("channels:read"), verified.claims().get("permissions"));
    }

    @Test
    void acceptsEs256() throws Exception {
        String token = signed(EC, header(JWSAlgorithm.ES256, EC).build(), validClaims(now));
        assertEquals("user-1", accepted(token).subject());
    }

    @Test
    void acceptsPs256() throws Exception {
        String token = signed(RSA, header(JWSAlgorithm.PS256, RSA).build(), validClaims(now));
        assertEquals("user-1", accepted(token).subject());
    }

    @Test
    void acceptsRs512() throws Exception {
        assertEquals("user-1", accepted(signed(RSA, header(JWSAlgorithm.RS512, RSA).build(), validClaims(now))).subject());
    }

    @Test
    void acceptsAuth0DefaultProfile() throws Exception {
        // No jti, typ JWT, aud array with the userinfo URL, permissions array and scope string.
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("auth0|64f1c0ffee")
                .audience(List.of(RESOURCE, "https://tenant.eu.auth0.com/userinfo"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(86400)))
                .claim("azp", "clientid123")
                .claim("scope", "openid profile email channels:read")
                .claim("permissions", List.of("channels:read", "recordings:write"));
        String token = signed(RSA, header(JWSAlgorithm.RS256, RSA).build(), claims);

        VerifiedToken verified = accepted(token);

        assertFalse(verified.claims().containsKey("jti"));
        assertEquals(Set.of("channels:read", "recordings:write", "openid", "profile", "email"), verified.roles());
    }

    @Test
    void acceptsRfc9068AccessTokenType() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build();
        String token = signed(RSA, header, validClaims(now).jwtID("9b0f").claim("client_id", "c1")
                .claim("scope", "channels:read"));
        assertTrue(accepted(token).hasRole("channels:read"));
    }

    @Test
    void acceptsTypAsFullMediaTypeAndInAnyCase() throws Exception {
        for (String typ : List.of("application/at+jwt", "AT+JWT", "jwt", "application/jwt")) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID())
                    .type(new JOSEObjectType(typ)).build();
            assertEquals("user-1", accepted(signed(RSA, header, validClaims(now))).subject(), typ);
        }
    }

    @Test
    void acceptsMissingTyp() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build();
        assertEquals("user-1", accepted(signed(RSA, header, validClaims(now))).subject());
    }

    @Test
    void acceptsKeycloakLikeToken() throws Exception {
        config.put("mcp.auth.roles-claims", "permissions,scope,realm_access.roles,resource_access.mcp.roles");
        JWTClaimsSet.Builder claims = validClaims(now)
                .audience(List.of("account", RESOURCE))
                .jwtID("onrtac:5d3e")
                .claim("typ", "Bearer")
                .claim("azp", "mcp-client")
                .claim("scope", "profile email")
                .claim("permissions", List.of("channels:read"))
                .claim("realm_access", Map.of("roles", List.of("offline_access", "default-roles-demo")))
                .claim("resource_access", Map.of("mcp", Map.of("roles", List.of("recordings:write"))));

        VerifiedToken verified = accepted(signed(RSA, header(JWSAlgorithm.RS256, RSA).build(), claims));

        assertEquals(Set.of("channels:read", "profile", "email", "offline_access", "default-roles-demo",
                "recordings:write"), verified.roles());
    }

    @Test
    void acceptsEntraLikeTokenWithExtraAudience() throws Exception {
        String entraIssuer = "https://login.microsoftonline.com/4a1c0000-0000-0000-0000-000000000000/v2.0";
        config.put("mp.jwt.verify.issuer", entraIssuer);
        config.put("mp.jwt.verify.audiences", "api://mcp-demo, 11111111-2222-3333-4444-555555555555");
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(entraIssuer)
                .audience("11111111-2222-3333-4444-555555555555")
                .subject("AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("ver", "2.0")
                .claim("scp", "channels.read recordings.write")
                .claim("roles", List.of("Recordings.Admin"));

        VerifiedToken verified = accepted(signed(RSA, header(JWSAlgorithm.RS256, RSA).build(), claims));

        assertEquals(Set.of("channels.read", "recordings.write", "Recordings.Admin"), verified.roles());
    }

    @Test
    void acceptsTokenWithoutKidWhenExactlyOneKeySuitsTheAlgorithm() throws Exception {
        // The JWKS holds one RSA and one EC key; RS256 can only mean the RSA one.
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build();
        assertEquals("user-1", accepted(signed(RSA, header, validClaims(now))).subject());
    }

    @Test
    void verifiedTokenDoesNotPrintTheRawTokenAndItsClaimsAreImmutable() throws Exception {
        String token = rs256(now, c -> c.claim("groups", List.of("a")));
        VerifiedToken verified = accepted(token);

        assertFalse(verified.toString().contains(token));
        assertFalse(verified.toString().contains(token.substring(0, 20)));
        assertThrows(UnsupportedOperationException.class, () -> verified.claims().put("x", "y"));
        @SuppressWarnings("unchecked")
        List<Object> groups = (List<Object>) verified.claims().get("groups");
        assertThrows(UnsupportedOperationException.class, () -> groups.add("b"));
    }

    // --- time ------------------------------------------------------------------------------------------------

    @Test
    void rejectsMissingExp() {
        assertRejected(Reason.MISSING_EXPIRY, rs256(now, c -> c.expirationTime(null)));
    }

    @Test
    void rejectsExpiredToken() {
        assertRejected(Reason.EXPIRED, rs256(now, c -> c.issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(120)))));
    }

    @Test
    void acceptsTokenExpiredWithinClockSkew() throws Exception {
        String token = rs256(now, c -> c.issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(20))));
        assertEquals("user-1", accepted(token).subject());
    }

    @Test
    void rejectsTokenJustPastExpiryPlusSkew() {
        config.put("mcp.auth.clock-skew", "5");
        assertRejected(Reason.EXPIRED, rs256(now, c -> c.issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(5)))));
    }

    @Test
    void rejectsFutureNotBefore() {
        assertRejected(Reason.NOT_YET_VALID, rs256(now, c -> c.notBeforeTime(Date.from(now.plusSeconds(120)))));
    }

    @Test
    void acceptsNotBeforeWithinClockSkew() throws Exception {
        assertEquals("user-1", accepted(rs256(now, c -> c.notBeforeTime(Date.from(now.plusSeconds(20))))).subject());
    }

    @Test
    void rejectsFutureIssuedAt() {
        assertRejected(Reason.ISSUED_IN_FUTURE, rs256(now, c -> c.issueTime(Date.from(now.plusSeconds(120)))));
    }

    @Test
    void rejectsExpThatIsNotANumber() {
        String payload = b64("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + RESOURCE + "\",\"sub\":\"u\",\"exp\":\"tomorrow\"}");
        String token = signRaw(payload);
        assertRejected(Reason.MALFORMED, token);
    }

    // --- issuer, audience, subject ---------------------------------------------------------------------------

    @Test
    void rejectsWrongIssuer() {
        assertRejected(Reason.ISSUER_MISMATCH, rs256(now, c -> c.issuer("https://evil.example.test/")));
    }

    @Test
    void issuerMustMatchExactlyIncludingTrailingSlash() {
        assertRejected(Reason.ISSUER_MISMATCH, rs256(now, c -> c.issuer("https://issuer.example.test")));
    }

    @Test
    void rejectsMissingIssuer() {
        assertRejected(Reason.ISSUER_MISMATCH, rs256(now, c -> c.issuer(null)));
    }

    @Test
    void rejectsWrongAudience() {
        assertRejected(Reason.AUDIENCE_MISMATCH, rs256(now, c -> c.audience(List.of("https://other.example.test/mcp",
                "https://tenant.eu.auth0.com/userinfo"))));
    }

    /** basic/authorization, Canonical Server URI: "implementations SHOULD accept uppercase scheme and host components". */
    @Test
    void anAudienceDifferingOnlyInTheCaseOfSchemeAndHostIsAccepted() throws Exception {
        assertEquals("user-1", accepted(rs256(now, c -> c.audience("HTTPS://MCP.Example.Test/mcp"))).subject());
        assertRejected(Reason.AUDIENCE_MISMATCH, rs256(now, c -> c.audience("https://mcp.example.test/MCP")));
        assertEquals("https://mcp.example.test:8443/MCP?a=B", TokenValidator.caseless("HTTPS://MCP.example.TEST:8443/MCP?a=B"));
        assertEquals("https://mcp.example.test", TokenValidator.caseless("https://MCP.example.test"));
        assertEquals("api://mcp-demo", TokenValidator.caseless("API://MCP-demo"));
        assertEquals("Client-ID", TokenValidator.caseless("Client-ID"));
        assertEquals("https://User@Host/x", TokenValidator.caseless("https://User@Host/x"), "user information is left alone");
    }

    @Test
    void rejectsMissingAudience() {
        assertRejected(Reason.MISSING_AUDIENCE, rs256(now, c -> c.audience((String) null)));
    }

    @Test
    void rejectsMissingSubject() {
        assertRejected(Reason.MISSING_SUBJECT, rs256(now, c -> c.subject(null)));
    }

    // --- algorithms and headers ------------------------------------------------------------------------------

    @Test
    void rejectsUnsecuredAlgNone() {
        String unsecured = new PlainJWT(validClaims(now).build()).serialize();
        assertRejected(Reason.ALGORITHM_NOT_ALLOWED, unsecured);
        // The same with something in the signature slot.
        assertRejected(Reason.ALGORITHM_NOT_ALLOWED, unsecured + "c2lnbmF0dXJl");
    }

    @Test
    void rejectsHs256SignedWithTheRsaPublicKeyAsSecret() throws Exception {
        // Classic algorithm confusion: a verifier that takes "the key" for HMAC would accept this.
        byte[] secret = RSA.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build(),
                new Payload(validClaims(now).build().toJSONObject()));
        jws.sign(new MACSigner(secret));
        assertRejected(Reason.ALGORITHM_NOT_ALLOWED, jws.serialize());

        byte[] encoded = RSA.toRSAPublicKey().getEncoded();
        JWSObject jws2 = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).build(),
                new Payload(validClaims(now).build().toJSONObject()));
        jws2.sign(new MACSigner(encoded));
        assertRejected(Reason.ALGORITHM_NOT_ALLOWED, jws2.serialize());
        assertEquals(0, jwks.hits(), "rejected before any key lookup");
    }

    @Test
    void rejectsAlgorithmOutsideTheConfiguredList() {
        config.put("mcp.auth.allowed-algorithms", "RS256");
        assertRejected(Reason.ALGORITHM_NOT_ALLOWED, signed(EC, header(JWSAlgorithm.ES256, EC).build(), validClaims(now)));
    }

    @Test
    void rejectsEcAlgorithmWhoseKidNamesAnRsaKey() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(RSA.getKeyID()).build();
        assertRejected(Reason.ALGORITHM_KEY_MISMATCH, signed(EC, header, validClaims(now)));
    }

    @Test
    void rejectsAlgorithmWhoseCurveDoesNotMatchTheKey() {
        // An ES256 token relabelled ES384: P-256 keys cannot verify ES384.
        String es256 = signed(EC, header(JWSAlgorithm.ES256, EC).build(), validClaims(now));
        String relabelled = withPart(es256, 0, b64("{\"alg\":\"ES384\",\"kid\":\"ec-1\",\"typ\":\"JWT\"}"));
        assertRejected(Reason.ALGORITHM_KEY_MISMATCH, relabelled);
    }

    @Test
    void rejectsAlgorithmThatContradictsTheKeysAlgParameter() throws Exception {
        RSAKey pinned = new RSAKey.Builder(RSA).algorithm(JWSAlgorithm.RS256).build();
        jwks.publish(pinned, EC);
        assertRejected(Reason.ALGORITHM_KEY_MISMATCH, signed(RSA, header(JWSAlgorithm.PS256, RSA).build(), validClaims(now)));
    }

    @Test
    void rejectsKeyPublishedForEncryption() throws Exception {
        RSAKey encryptionKey = new RSAKey.Builder(RSA).keyUse(KeyUse.ENCRYPTION).build();
        jwks.publish(encryptionKey, EC);
        assertRejected(Reason.ALGORITHM_KEY_MISMATCH, rs256(now, c -> c));
    }

    @Test
    void rejectsRsaKeyShorterThan2048Bits() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair pair = generator.generateKeyPair();
        RSAKey weak = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID("weak").build();
        jwks.publish(weak, RSA);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("weak").build(),
                new Payload(validClaims(now).build().toJSONObject()));
        jws.sign(new RSASSASigner((RSAPrivateKey) pair.getPrivate(), true));
        assertRejected(Reason.WEAK_SIGNING_KEY, jws.serialize());
    }

    @Test
    void rejectsTokenWithoutKidWhenSeveralKeysSuit() {
        jwks.publish(RSA, RSA_ROTATED);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).build();
        assertRejected(Reason.AMBIGUOUS_SIGNING_KEY, signed(RSA, header, validClaims(now)));
    }

    @Test
    void rejectsUnknownTyp() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID())
                .type(new JOSEObjectType("foo")).build();
        assertRejected(Reason.TYPE_NOT_ACCEPTED, signed(RSA, header, validClaims(now)));
        JWSHeader idToken = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID())
                .type(new JOSEObjectType("logout+jwt")).build();
        assertRejected(Reason.TYPE_NOT_ACCEPTED, signed(RSA, idToken, validClaims(now)));
    }

    @Test
    void acceptsOnlyTheConfiguredTokenTypes() throws Exception {
        config.put("mcp.auth.token-types", "at+jwt");
        for (String typ : List.of("at+jwt", "application/at+jwt", "AT+JWT")) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID())
                    .type(new JOSEObjectType(typ)).build();
            assertEquals("user-1", accepted(signed(RSA, header, validClaims(now))).subject(), typ);
        }
        JWSHeader jwt = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).type(JOSEObjectType.JWT).build();
        assertRejected(Reason.TYPE_NOT_ACCEPTED, signed(RSA, jwt, validClaims(now)));
        JWSHeader untyped = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build();
        assertRejected(Reason.TYPE_NOT_ACCEPTED, signed(RSA, untyped, validClaims(now)));
    }

    @Test
    void acceptsAnUntypedTokenOnlyWhenNoneIsConfigured() throws Exception {
        config.put("mcp.auth.token-types", "jwt,none");
        JWSHeader untyped = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build();
        assertEquals("user-1", accepted(signed(RSA, untyped, validClaims(now))).subject());
        JWSHeader at = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build();
        assertRejected(Reason.TYPE_NOT_ACCEPTED, signed(RSA, at, validClaims(now)));
    }

    /**
     * An OIDC ID token of the same issuer whose audience is accepted (here a client ID in mp.jwt.verify.audiences, as
     * the Entra guide sets) passes every other check under the default typ policy; its own claims give it away.
     */
    @Test
    void rejectsIdTokensByTheirClaims() throws Exception {
        config.put("mp.jwt.verify.audiences", "mcp-client");
        JWSHeader jwt = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).type(JOSEObjectType.JWT).build();
        JWSHeader untyped = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build();
        for (JWSHeader header : List.of(jwt, untyped)) {
            assertRejected(Reason.ID_TOKEN, signed(RSA, header, validClaims(now).audience("mcp-client").claim("at_hash", "77QmUPtjPfzWtF2AnpK9RQ")));
            assertRejected(Reason.ID_TOKEN, signed(RSA, header, validClaims(now).claim("c_hash", "LDktKdoQak3Pk0cnXxCltA")));
            assertRejected(Reason.ID_TOKEN, signed(RSA, header, validClaims(now).claim("typ", "ID").claim("azp", "mcp-client")));
        }
        assertEquals("ID tokens not accepted", Reason.ID_TOKEN.description());
    }

    /** nonce alone is no proof: some servers copy it into access tokens; Keycloak's access tokens say "typ": "Bearer". */
    @Test
    void acceptsAccessTokensWithANonceOrKeycloaksBearerTyp() throws Exception {
        assertEquals("user-1", accepted(signed(RSA, header(JWSAlgorithm.RS256, RSA).build(), validClaims(now).claim("nonce", "n-0S6_WzA2Mj"))).subject());
        assertEquals("user-1", accepted(signed(RSA, header(JWSAlgorithm.RS256, RSA).build(), validClaims(now).claim("typ", "Bearer"))).subject());
    }

    @Test
    void rejectsNestedTokenContentType() {
        JWSHeader header = new JWSHeader.Builder(header(JWSAlgorithm.RS256, RSA).build()).contentType("JWT").build();
        assertRejected(Reason.TYPE_NOT_ACCEPTED, signed(RSA, header, validClaims(now)));
    }

    @Test
    void rejectsUnknownCriticalHeader() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID())
                .customParam("exp-ext", 1).criticalParams(Set.of("exp-ext")).build();
        assertRejected(Reason.SIGNATURE_INVALID, signed(RSA, header, validClaims(now)));
    }

    // --- signature -------------------------------------------------------------------------------------------

    @Test
    void rejectsTamperedPayload() {
        String token = rs256(now, c -> c.claim("permissions", List.of("channels:read")));
        String forgedPayload = b64("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + RESOURCE + "\",\"sub\":\"user-1\","
                + "\"exp\":" + now.plusSeconds(300).getEpochSecond() + ",\"permissions\":[\"recordings:write\"]}");
        assertRejected(Reason.SIGNATURE_INVALID, withPart(token, 1, forgedPayload));
    }

    @Test
    void rejectsTamperedSignature() {
        String token = rs256(now, c -> c);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        char flipped = signature.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = withPart(token, 2, signature.substring(0, 10) + flipped + signature.substring(11));
        assertRejected(Reason.SIGNATURE_INVALID, tampered);
    }

    @Test
    void rejectsEmptySignatureAsMalformed() {
        assertRejected(Reason.MALFORMED, withPart(rs256(now, c -> c), 2, ""));
    }

    @Test
    void rejectsTokenSignedByAnotherKeyUnderAKnownKid() {
        RSAKey impostor = TestTokens.generateRsa(RSA.getKeyID());
        assertRejected(Reason.SIGNATURE_INVALID, signed(impostor, header(JWSAlgorithm.RS256, impostor).build(),
                validClaims(now)));
    }

    @Test
    void rejectsSignedPayloadThatIsNotAClaimsObject() throws Exception {
        JWSObject jws = new JWSObject(header(JWSAlgorithm.RS256, RSA).build(), new Payload("hello"));
        jws.sign(new RSASSASigner(RSA));
        assertRejected(Reason.MALFORMED, jws.serialize());
    }

    @Test
    void rejectsSignedPayloadsThatAreJsonButNoObject() throws Exception {
        for (String payload : new String[]{"null", "[]", "42", "\"text\"", "true"}) {
            JWSObject jws = new JWSObject(header(JWSAlgorithm.RS256, RSA).build(), new Payload(payload));
            jws.sign(new RSASSASigner(RSA));
            assertRejected(Reason.MALFORMED, jws.serialize());
        }
    }

    // --- shape and size --------------------------------------------------------------------------------------

    @Test
    void rejectsOversizedTokenBeforeFetchingKeys() {
        String token = rs256(now, c -> c.claim("padding", "x".repeat(9000)));
        assertRejected(Reason.TOO_LARGE, token);
        assertEquals(0, jwks.hits());
    }

    @Test
    void honoursConfiguredMaximumSize() throws Exception {
        String token = rs256(now, c -> c);
        config.put("mcp.auth.max-token-bytes", String.valueOf(token.length()));
        assertEquals("user-1", accepted(token).subject());
        validator = null;
        config.put("mcp.auth.max-token-bytes", String.valueOf(token.length() - 1));
        assertRejected(Reason.TOO_LARGE, token);
    }

    @Test
    void rejectsGarbage() {
        for (String garbage : List.of("", "not-a-jwt", "a.b", "a.b.c.d", "...", "a.b.c", "e30.e30.",
                "eyJhbGciOiJSUzI1NiJ9.eyJ9!.sig", "Bearer x.y.z", "ä.b.c", "%7B.e30.sig")) {
            assertRejected(Reason.MALFORMED, garbage);
        }
        assertRejected(Reason.MALFORMED, null);
        assertEquals(0, jwks.hits());
    }

    @Test
    void rejectsHeaderWithoutAlgOrWithWrongTypes() {
        String token = rs256(now, c -> c);
        assertRejected(Reason.MALFORMED, withPart(token, 0, b64("{\"kid\":\"rsa-1\"}")));
        assertRejected(Reason.MALFORMED, withPart(token, 0, b64("{\"alg\":\"RS256\",\"kid\":5}")));
        assertRejected(Reason.MALFORMED, withPart(token, 0, b64("[1,2]")));
    }

    /**
     * The header is parsed before any signature check, so its JSON is the attacker's. Besides the size limit, what
     * keeps that cheap is nimbus-jose-jwt (10.x) refusing deeply nested JSON (more than 254 levels, where its older
     * versions recursed into a StackOverflowError, i.e. an Error our catch would not stop) and numbers it cannot
     * represent. This pins that behaviour, so that a dependency change cannot turn it into a 500.
     */
    @Test
    void hostileHeaderJsonIsRefusedCheaplyBeforeTheSignature() {
        String token = rs256(now, c -> c);
        String nested = "[".repeat(1000) + "]".repeat(1000);
        for (String header : List.of(
                "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"x\":" + nested + "}",
                "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"x\":" + "{\"a\":".repeat(600) + "1" + "}".repeat(600) + "}",
                "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"x\":1e1000000000}")) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertRejected(Reason.MALFORMED, withPart(token, 0, b64(header))));
        }
        assertEquals(0, jwks.hits());
    }

    @Test
    void rejectsEncryptedTokens() throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM),
                new Payload(validClaims(now).build().toJSONObject()));
        jwe.encrypt(new RSAEncrypter(RSA));
        assertRejected(Reason.ENCRYPTED, jwe.serialize());
        // A JWE header squeezed into three parts.
        String jweHeader = b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A128GCM\"}");
        assertRejected(Reason.ENCRYPTED, withPart(rs256(now, c -> c), 0, jweHeader));
    }

    // --- keys and the JWKS endpoint --------------------------------------------------------------------------

    @Test
    void unknownKidTriggersOneRefreshAndIsAcceptedAfterRotation() throws Exception {
        assertEquals("user-1", accepted(rs256(now, c -> c)).subject());
        assertEquals(1, jwks.hits());

        jwks.publish(RSA_ROTATED, EC);
        clock.advance(Duration.ofSeconds(11));
        String rotated = sign(RSA_ROTATED, header(JWSAlgorithm.RS256, RSA_ROTATED).build(),
                validClaims(clock.instant()).build());

        assertEquals("user-1", accepted(rotated).subject());
        assertEquals(2, jwks.hits());
        assertEquals(2, keys.fetchCount());
        // The new set is cached now.
        accepted(rotated);
        assertEquals(2, jwks.hits());
    }

    @Test
    void unknownKidWithinTheMinimumIntervalDoesNotRefetch() throws Exception {
        accepted(rs256(now, c -> c));
        jwks.publish(RSA_ROTATED, EC);
        String rotated = sign(RSA_ROTATED, header(JWSAlgorithm.RS256, RSA_ROTATED).build(), validClaims(now).build());

        assertRejected(Reason.UNKNOWN_SIGNING_KEY, rotated);
        assertEquals(1, jwks.hits());

        clock.advance(Duration.ofSeconds(10));
        assertEquals("user-1", accepted(rotated).subject());
        assertEquals(2, jwks.hits());
    }

    @Test
    void floodOfForgedKidsCausesAtMostOneRefresh() throws Exception {
        accepted(rs256(now, c -> c));
        clock.advance(Duration.ofSeconds(11));

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reason>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                RSAKey forged = new RSAKey.Builder(RSA).keyID("forged-" + i).build();
                String token = signed(forged, header(JWSAlgorithm.RS256, forged).build(), validClaims(clock.instant()));
                Callable<Reason> attempt = () -> {
                    start.await();
                    try {
                        validator().validate(token);
                        return null;
                    } catch (TokenRejectedException e) {
                        return e.reason();
                    }
                };
                results.add(pool.submit(attempt));
            }
            start.countDown();
            for (Future<Reason> result : results) {
                assertEquals(Reason.UNKNOWN_SIGNING_KEY, result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, jwks.hits(), "the initial fetch plus a single refresh");
        assertEquals(2, keys.fetchCount());
    }

    @Test
    void cachedKeysKeepWorkingWhenTheEndpointGoesDown() throws Exception {
        accepted(rs256(now, c -> c));
        jwks.mode(JwksServer.Mode.FAIL);
        clock.advance(Duration.ofMinutes(11)); // past the cache TTL

        assertEquals("user-1", accepted(rs256(clock.instant(), c -> c)).subject());
        assertEquals(2, jwks.hits(), "one refresh attempt, which failed");

        // Retries stay rate limited while it is down, and keys keep verifying.
        for (int i = 0; i < 5; i++) {
            accepted(rs256(clock.instant(), c -> c));
        }
        assertEquals(2, jwks.hits());
        jwks.stop();
        clock.advance(Duration.ofSeconds(10));
        assertEquals("user-1", accepted(rs256(clock.instant(), c -> c)).subject());
        assertEquals(3, keys.fetchCount());
    }

    @Test
    void endpointDownFromTheStartRejectsWithAClearReason() {
        jwks.mode(JwksServer.Mode.FAIL);
        assertRejected(Reason.KEYS_UNAVAILABLE, rs256(now, c -> c));
        assertRejected(Reason.KEYS_UNAVAILABLE, rs256(now, c -> c));
        assertEquals(1, jwks.hits(), "the second token does not hit the endpoint again within the interval");
    }

    @Test
    void hangingEndpointIsBoundedByTheTimeout() {
        config.put("mcp.auth.jwks-timeout", "PT0.3S");
        jwks.mode(JwksServer.Mode.HANG);
        Executable validate = () -> assertRejected(Reason.KEYS_UNAVAILABLE, rs256(now, c -> c));
        assertTimeoutPreemptively(Duration.ofSeconds(3), validate);
    }

    @Test
    void unreachableEndpointRejectsQuickly() {
        jwks.stop();
        assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> assertRejected(Reason.KEYS_UNAVAILABLE, rs256(now, c -> c)));
    }

    /** Signs an arbitrary payload (base64url) with {@link TestTokens#RSA}, RS256. */
    private String signRaw(String payload) {
        try {
            JWSObject jws = new JWSObject(header(JWSAlgorithm.RS256, RSA).build(),
                    new Payload(com.nimbusds.jose.util.Base64URL.from(payload)));
            jws.sign(new RSASSASigner(RSA));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
