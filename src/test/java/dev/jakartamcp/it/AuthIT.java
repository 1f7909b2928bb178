package dev.jakartamcp.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jakartamcp.it.AuthClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.jakartamcp.it.AuthAssertions.assertAccepted;
import static dev.jakartamcp.it.AuthAssertions.assertSessionNotFound;
import static dev.jakartamcp.it.AuthAssertions.assertToolText;
import static dev.jakartamcp.it.AuthAssertions.toolJson;
import static dev.jakartamcp.it.AuthClient.bearer;
import static dev.jakartamcp.it.AuthServers.APP_ID_URI;
import static dev.jakartamcp.it.AuthServers.RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authorization end to end on Payara Micro: the packaged WAR as an OAuth 2.1 resource server in front of a real
 * authorization server (mock-oauth2-server, in this JVM) and hand-crafted tokens signed by keys the issuer's JWKS
 * publishes (see {@link AuthServers}).
 *
 * <p>The deployment's canonical resource is {@value AuthServers#RESOURCE} (as if behind a TLS-terminating proxy;
 * the real port is only known after the boot), so every challenge points at {@value AuthServers#METADATA_URL}.
 * {@value AuthServers#APP_ID_URI} is a second accepted audience. JWKS refreshes are at least
 * {@link AuthServers#REFRESH_INTERVAL} apart; the clock skew is the default 30 s.
 */
@Tag("all-servers")
@ExtendWith(ArquillianExtension.class)
class AuthIT extends AuthorizedIT {
    /** What the tools need, derived from their @RolesAllowed: every 401 asks for it. */
    static final String SCOPES = "channels:read recordings:write";
    static final AuthAssertions EXPECT = new AuthAssertions(AuthServers.METADATA_URL, SCOPES);
    static final JsonObject RECORDING = Json.createObjectBuilder()
            .add("channel", "NHK G").add("start", "2026-12-24T21:00:00+09:00").build();
    static final JsonObject LOCATION = Json.createObjectBuilder().add("location", "Tokyo").build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.product(as.deploymentConfig(Map.of())).addPackage("dev.jakartamcp.it.authfixture");
    }


    // =====================================================================================================
    // Tokens that must be accepted
    // =====================================================================================================

    @Test
    void token01_rs256FromAuthorizationServer() {
        String token = as.issueWithPermissions("alice", "channels:read");
        assertEquals("RS256", header(token).getAlgorithm().getName());
        assertAccepted(client().modernToolsList(bearer(token)));
    }

    @Test
    void token02_es256() {
        String token = AuthServers.sign(as.ec, AuthServers.header(JWSAlgorithm.ES256, as.ec).build(),
                as.claims("alice").claim("permissions", List.of("channels:read")).build());
        assertAccepted(client().modernToolsList(bearer(token)));
    }

    @Test
    void token03_ps256() {
        String token = AuthServers.sign(as.rsa, AuthServers.header(JWSAlgorithm.PS256, as.rsa).build(),
                as.claims("alice").claim("permissions", List.of("channels:read")).build());
        assertAccepted(client().modernToolsList(bearer(token)));
    }

    /**
     * Auth0's default access token profile: no {@code jti}, {@code typ: JWT}, {@code aud} an array with the API
     * identifier and the userinfo URL, {@code azp}, a {@code scope} string and an RBAC {@code permissions} array.
     * Payara's own MP-JWT would refuse it (it requires jti), so a 200 also shows Payara's MP-JWT stays out.
     */
    @Test
    void token04_auth0DefaultProfile() {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(as.issuer())
                .subject("auth0|6560a1b2c3d4e5f607182930")
                .audience(List.of(RESOURCE, "https://tenant.example.auth0.com/userinfo"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(86400)))
                .claim("azp", "Xk3pQ9rT2vW8yZ1aB4cD6eF7gH0iJ5kL")
                .claim("scope", "openid profile email")
                .claim("permissions", List.of("channels:read", "recordings:write"))
                .build();
        String token = AuthServers.sign(as.rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(as.rsa.getKeyID()).build(), claims);
        assertNull(AuthServers.parseClaims(token).getJWTID());
        assertAccepted(client().modernToolsList(bearer(token)));
        assertToolText(client().modernCall(bearer(token), "record_program", RECORDING), "Recording scheduled: NHK G at ");
    }

    /** Auth0's RFC 9068 profile (and any RFC 9068 server): {@code typ: at+jwt}, {@code client_id}, {@code jti}. */
    @Test
    void token05_rfc9068AtJwtFromAuthorizationServer() {
        String token = as.issue("auth0|rfc9068-user", "at+jwt", List.of(RESOURCE), Map.of(
                "client_id", "Xk3pQ9rT2vW8yZ1aB4cD6eF7gH0iJ5kL",
                "scope", "channels:read",
                "permissions", List.of("channels:read")), 300);
        assertEquals("at+jwt", header(token).getType().getType());
        assertAccepted(client().modernToolsList(bearer(token)));
    }

    /** Keycloak: aud array (client audience mapper), azp, realm/resource roles, permissions by a client-role mapper. */
    @Test
    void token06_keycloakLike() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("typ", "Bearer");
        claims.put("azp", "mcp-inspector");
        claims.put("sid", UUID.randomUUID().toString());
        claims.put("acr", "1");
        claims.put("preferred_username", "kc-alice");
        claims.put("email_verified", true);
        claims.put("scope", "profile email mcp:tools");
        claims.put("realm_access", Map.of("roles", List.of("offline_access", "uma_authorization")));
        claims.put("resource_access", Map.of("mcp-server", Map.of("roles", List.of("channels:read", "recordings:write")),
                "account", Map.of("roles", List.of("manage-account"))));
        claims.put("permissions", List.of("channels:read", "recordings:write"));
        String token = as.issue("0b9d2f2e-6c1a-4f0e-9a7b-3c2d1e0f9a8b", "JWT", List.of(RESOURCE, "mcp-server", "account"), claims, 300);
        assertAccepted(client().modernToolsList(bearer(token)));
        JsonObject me = whoami(token);
        assertEquals("kc-alice", me.getString("name"));
        assertTrue(me.getJsonArray("groups").getValuesAs(JsonValue::toString).containsAll(List.of("\"channels:read\"", "\"recordings:write\"")), me::toString);
        assertToolText(client().modernCall(bearer(token), "record_program", RECORDING), "Recording scheduled: NHK G at ");
    }

    /** Microsoft Entra (v2): aud the application ID URI, delegated permissions in {@code scp}, app roles in {@code roles}. */
    @Test
    void token07_entraLike() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("ver", "2.0");
        claims.put("tid", "72f988bf-86f1-41af-91ab-2d7cd011db47");
        claims.put("oid", "a1b2c3d4-e5f6-4711-8899-aabbccddeeff");
        claims.put("azp", "f0e1d2c3-b4a5-4697-8877-665544332211");
        claims.put("azpacr", "0");
        claims.put("name", "Alice Example");
        claims.put("scp", "channels:read recordings:write");
        claims.put("roles", List.of("Recordings.Admin"));
        String token = as.issue("AAAAAAAAAAAAAAAAAAAAAGbbMgdDuVuUnNNfXn8QpsI", "JWT", List.of(APP_ID_URI), claims, 3600);
        assertAccepted(client().modernToolsList(bearer(token)));
        assertEquals(List.of("get_channels", "record_program", "whoami"), client().modernToolsList(bearer(token)).toolNames());
        assertToolText(client().modernCall(bearer(token), "record_program", RECORDING), "Recording scheduled: NHK G at ");
    }

    /** exp 10 s ago is inside the default 30 s clock skew. */
    @Test
    void token08_expiredWithinClockSkewAccepted() {
        String token = as.rs256("alice", c -> c.expirationTime(Date.from(Instant.now().minusSeconds(10))));
        assertAccepted(client().modernToolsList(bearer(token)));
    }

    /** {@code typ} is optional; the scheme name is case-insensitive (RFC 9110 §11.1). */
    @Test
    void token09_noTypHeaderAndLowercaseScheme() {
        String token = AuthServers.sign(as.rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(as.rsa.getKeyID()).build(),
                as.claims("alice").build());
        assertAccepted(client().modernToolsList("bearer " + token));
    }

    /** nbf a few seconds ahead (a clock a little behind the issuer's) is inside the skew. */
    @Test
    void token10_notBeforeWithinClockSkewAccepted() {
        String token = as.rs256("alice", c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(10)))
                .issueTime(Date.from(Instant.now().plusSeconds(10))));
        assertAccepted(client().modernToolsList(bearer(token)));
    }

    // =====================================================================================================
    // Requests without a usable bearer token
    // =====================================================================================================

    @Test
    void token11_missingToken() {
        assertMissingToken(client().modernToolsList(null));
    }

    @Test
    void token12_nonBearerScheme() {
        assertMissingToken(client().modernToolsList("Basic " + java.util.Base64.getEncoder()
                .encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8))));
        String token = as.issueWithPermissions("alice", "channels:read");
        assertMissingToken(client().modernToolsList("DPoP " + token));
        assertMissingToken(client().modernToolsList("Bearer"));
        assertMissingToken(client().modernToolsList("Bearer    "));
    }

    /** RFC 6750 §2.3 URI query parameter: refused even though the token is valid (400 invalid_request). */
    @Test
    void token13_tokenInQueryStringRefused() {
        String token = as.issueWithPermissions("alice", "channels:read");
        AuthClient client = client();
        JsonObject body = client.request("tools/list", JsonValue.EMPTY_JSON_OBJECT);
        Reply alone = client.send(client.post("/mcp?access_token=" + token, null, body));
        assertInvalidRequest(alone, "access tokens are accepted in the Authorization header only");
        Reply withHeader = client.send(client.post("/mcp?foo=1&access_token=" + token, bearer(token), body));
        assertInvalidRequest(withHeader, "access tokens are accepted in the Authorization header only");
    }

    /** RFC 6750 §2.2 form-encoded body parameter: not a way in (the request counts as having no token). */
    @Test
    void token14_tokenInFormBodyNotAccepted() {
        String token = as.issueWithPermissions("alice", "channels:read");
        AuthClient client = client();
        Reply reply = client.send(HttpRequest.newBuilder(client.uri("/mcp"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + token)));
        assertMissingToken(reply);
    }

    @Test
    void token15_twoAuthorizationHeadersRefused() {
        String token = as.issueWithPermissions("alice", "channels:read");
        AuthClient client = client();
        Reply reply = client.send(client.post("/mcp", bearer(token), client.request("tools/list", JsonValue.EMPTY_JSON_OBJECT))
                .header("Authorization", bearer(token)));
        assertInvalidRequest(reply, "more than one Authorization header");
    }

    // =====================================================================================================
    // Tokens that must be rejected: claims
    // =====================================================================================================

    @Test
    void token16_expired() {
        String token = as.rs256("alice", c -> c.issueTime(Date.from(Instant.now().minusSeconds(600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(120))));
        assertInvalidToken(client().modernToolsList(bearer(token)), "token expired");
    }

    @Test
    void token17_expiredFromAuthorizationServer() {
        String token = as.issue("alice", "JWT", List.of(RESOURCE), Map.of("permissions", List.of("channels:read")), -120);
        assertInvalidToken(client().modernToolsList(bearer(token)), "token expired");
    }

    @Test
    void token18_notBeforeInFuture() {
        String token = as.rs256("alice", c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(120))));
        assertInvalidToken(client().modernToolsList(bearer(token)), "token not yet valid");
    }

    @Test
    void token19_issuedInFuture() {
        String token = as.rs256("alice", c -> c.issueTime(Date.from(Instant.now().plusSeconds(120))));
        assertInvalidToken(client().modernToolsList(bearer(token)), "token issued in the future");
    }

    @Test
    void token20_missingExp() {
        String token = as.rs256("alice", c -> c.expirationTime(null));
        assertNull(AuthServers.parseClaims(token).getExpirationTime());
        assertInvalidToken(client().modernToolsList(bearer(token)), "missing exp");
    }

    @Test
    void token21_wrongIssuer() {
        String token = as.rs256("alice", c -> c.issuer("https://evil.example/default"));
        assertInvalidToken(client().modernToolsList(bearer(token)), "issuer mismatch");
        // exact match: a trailing slash is another issuer
        String slash = as.rs256("alice", c -> c.issuer(as.issuer() + "/"));
        assertInvalidToken(client().modernToolsList(bearer(slash)), "issuer mismatch");
    }

    /** Another tenant of the same authorization server: its own key, which our issuer's JWKS does not have. */
    @Test
    void token22_otherIssuerOfSameAuthorizationServer() {
        String token = as.issueFrom("other", "alice", "JWT", List.of(RESOURCE), Map.of("permissions", List.of("channels:read")), 300);
        assertEquals(as.issuerOf("other"), AuthServers.parseClaims(token).getIssuer());
        assertInvalidToken(client().modernToolsList(bearer(token)), "unknown signing key");
    }

    @Test
    void token23_wrongAudience() {
        String token = as.rs256("alice", c -> c.audience(List.of("https://other.example/mcp", "https://tenant.example.auth0.com/userinfo")));
        assertInvalidToken(client().modernToolsList(bearer(token)), "audience mismatch");
        String fromServer = as.issue("alice", "JWT", List.of("https://other.example/mcp"), Map.of(), 300);
        assertInvalidToken(client().modernToolsList(bearer(fromServer)), "audience mismatch");
    }

    @Test
    void token24_missingAudience() {
        String token = as.rs256("alice", c -> c.audience((List<String>) null));
        assertTrue(AuthServers.parseClaims(token).getAudience().isEmpty());
        assertInvalidToken(client().modernToolsList(bearer(token)), "missing aud");
    }

    @Test
    void token25_missingSubject() {
        String token = as.rs256("alice", c -> c.subject(null));
        assertInvalidToken(client().modernToolsList(bearer(token)), "missing sub");
    }

    @Test
    void token26_typFoo() {
        String token = AuthServers.sign(as.rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(as.rsa.getKeyID())
                .type(new JOSEObjectType("foo")).build(), as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(token)), "token type not accepted");
        String idToken = AuthServers.sign(as.rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(as.rsa.getKeyID())
                .type(new JOSEObjectType("logout+jwt")).build(), as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(idToken)), "token type not accepted");
    }

    // =====================================================================================================
    // Tokens that must be rejected: algorithm, signature, shape
    // =====================================================================================================

    @Test
    void token27_algNone() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = Base64URL.encode(as.claims("alice").claim("permissions", List.of("recordings:write")).build()
                .toString().getBytes(StandardCharsets.UTF_8)).toString();
        assertInvalidToken(client().modernToolsList(bearer(header + "." + payload + ".")), "algorithm not allowed");
        assertInvalidToken(client().modernToolsList(bearer(header + "." + payload)), "malformed token");
    }

    /** HS256 "signed" with the issuer's RSA public key as the HMAC secret: the classic key confusion attack. */
    @Test
    void token28_hs256AlgorithmConfusion() throws JOSEException {
        byte[] publicKey = as.rsa.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(as.rsa.getKeyID()).type(JOSEObjectType.JWT).build(),
                as.claims("alice").claim("permissions", List.of("recordings:write")).build());
        jwt.sign(new MACSigner(publicKey));
        assertInvalidToken(client().modernToolsList(bearer(jwt.serialize())), "algorithm not allowed");
    }

    /** A real token whose payload was changed to grant more. */
    @Test
    void token29_tamperedPayload() throws Exception {
        String token = as.issueWithPermissions("alice", "channels:read");
        String[] parts = token.split("\\.");
        JWTClaimsSet original = AuthServers.parseClaims(token);
        JWTClaimsSet forged = new JWTClaimsSet.Builder(original).claim("permissions", List.of("channels:read", "recordings:write")).build();
        String tampered = parts[0] + "." + Base64URL.encode(forged.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertInvalidToken(client().modernToolsList(bearer(tampered)), "signature invalid");
        // the untouched token still works
        assertAccepted(client().modernToolsList(bearer(token)));
    }

    @Test
    void token30_tamperedSignature() {
        String token = as.issueWithPermissions("alice", "channels:read");
        int dot = token.lastIndexOf('.');
        char[] chars = token.toCharArray();
        int middle = dot + (token.length() - dot) / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        assertInvalidToken(client().modernToolsList(bearer(new String(chars))), "signature invalid");
        // a signature from another key under the issuer's kid
        RSAKey attacker = AuthServers.rsaKey(as.rsa.getKeyID());
        String forged = AuthServers.sign(attacker, AuthServers.header(JWSAlgorithm.RS256, attacker).build(), as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(forged)), "signature invalid");
    }

    /** The key must come from the issuer's JWKS: a key embedded in the header ({@code jwk}) is ignored. */
    @Test
    void token31_embeddedJwkHeaderIgnored() {
        RSAKey attacker = AuthServers.rsaKey(as.rsa.getKeyID());
        String token = AuthServers.sign(attacker, AuthServers.header(JWSAlgorithm.RS256, attacker)
                .jwk(attacker.toPublicJWK()).build(), as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(token)), "signature invalid");
    }

    /** ES256 claimed for a kid whose key is RSA. */
    @Test
    void token32_algorithmKeyMismatch() {
        String token = AuthServers.sign(as.ec, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(as.rsa.getKeyID())
                .type(JOSEObjectType.JWT).build(), as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(token)), "algorithm does not match key");
    }

    @Test
    void token33_oversized() {
        String token = as.rs256("alice", c -> c.claim("padding", "x".repeat(9000)));
        assertTrue(token.length() > 8192);
        assertInvalidToken(client().modernToolsList(bearer(token)), "token too large");
    }

    @Test
    void token34_garbage() {
        assertInvalidToken(client().modernToolsList(bearer("not a jwt")), "malformed token");
        assertInvalidToken(client().modernToolsList(bearer("abc.def.ghi")), "malformed token");
        assertInvalidToken(client().modernToolsList(bearer("e30.e30.")), "malformed token");
        assertInvalidToken(client().modernToolsList(bearer("%7B%7D.e30.AAAA")), "malformed token");
    }

    @Test
    void token35_jweShaped() {
        String header = b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"" + as.rsa.getKeyID() + "\"}");
        String jwe = header + ".c2VjcmV0LWtleQ.aXYtaXYtaXY.Y2lwaGVydGV4dA.dGFn";
        assertInvalidToken(client().modernToolsList(bearer(jwe)), "encrypted tokens not accepted");
    }

    /**
     * The filter guards the endpoint under every spelling the container might map to it: an initialize without a
     * token never opens a session, whatever the path looks like.
     */
    @Test
    void token39_pathVariantsDoNotBypassTheFilter() {
        AuthClient client = client();
        JsonObject initialize = client.request("initialize", Json.createObjectBuilder()
                .add("protocolVersion", AuthClient.LEGACY).add("capabilities", JsonValue.EMPTY_JSON_OBJECT)
                .add("clientInfo", Json.createObjectBuilder().add("name", "bypass").add("version", "1")).build());
        for (String path : List.of("/mcp", "/mcp;jsessionid=abc", "/mcp;x=y/", "/%6Dcp", "/%6dcp", "/./mcp", "/x/../mcp",
                "//mcp", "/mcp/", "/MCP", "/mcp%2F", "/mcp?x=/mcp")) {
            Reply reply = client.send(client.post(path, null, initialize));
            assertNull(reply.header("Mcp-Session-Id"), () -> path + " opened a session without a token: " + reply);
            assertTrue(reply.status() == 401 || reply.status() == 404 || reply.status() == 400,
                    () -> path + ": " + reply);
            if (reply.status() == 401) {
                assertMissingToken(reply);
            }
        }
    }

    /** RFC 7515 §4.1.11: a critical header parameter the server does not understand makes the token invalid. */
    @Test
    void token40_unknownCriticalHeader() {
        String token = AuthServers.sign(as.rsa, AuthServers.header(JWSAlgorithm.RS256, as.rsa)
                .criticalParams(java.util.Set.of("urn:example:must-understand"))
                .customParam("urn:example:must-understand", true).build(), as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(token)), "signature invalid");
    }

    /** The issuer publishes the kid, but as an encryption key ({@code use: enc}): it verifies nothing. */
    @Test
    void token41_encryptionKeyUsedForSigning() {
        String token = AuthServers.sign(as.encryptionKey, AuthServers.header(JWSAlgorithm.RS256, as.encryptionKey).build(),
                as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(token)), "algorithm does not match key");
    }

    @Test
    void token42_weakRsaKey() {
        String token = AuthServers.sign(as.weak, AuthServers.header(JWSAlgorithm.RS256, as.weak).build(), as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(token)), "signing key too weak");
    }

    /** Without kid the one key that fits the algorithm is used; with several RSA keys published, none is guessed. */
    @Test
    void token43_noKid() {
        String es256 = AuthServers.sign(as.ec, new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
                as.claims("alice").build());
        assertAccepted(client().modernToolsList(bearer(es256)));
        String rs256 = AuthServers.sign(as.rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                as.claims("alice").build());
        assertInvalidToken(client().modernToolsList(bearer(rs256)), "signing key not identified");
    }

    /** Registered claims of the wrong JSON type, correctly signed. */
    @Test
    void token44_claimOfWrongType() {
        long now = Instant.now().getEpochSecond();
        String base = "\"iss\":\"" + as.issuer() + "\",\"sub\":\"alice\",\"iat\":" + now;
        JWSHeader header = AuthServers.header(JWSAlgorithm.RS256, as.rsa).build();
        assertInvalidToken(client().modernToolsList(bearer(AuthServers.signRaw(as.rsa, header,
                "{" + base + ",\"aud\":\"" + RESOURCE + "\",\"exp\":\"tomorrow\"}"))), "malformed token");
        assertInvalidToken(client().modernToolsList(bearer(AuthServers.signRaw(as.rsa, header,
                "{" + base + ",\"aud\":42,\"exp\":" + (now + 300) + "}"))), "malformed token");
        assertInvalidToken(client().modernToolsList(bearer(AuthServers.signRaw(as.rsa, header, "[1,2,3]"))), "malformed token");
        // the same claims with the right types pass
        assertAccepted(client().modernToolsList(bearer(AuthServers.signRaw(as.rsa, header,
                "{" + base + ",\"aud\":\"" + RESOURCE + "\",\"exp\":" + (now + 300) + "}"))));
    }

    // =====================================================================================================
    // Keys: unknown kid, rotation, flood, outage
    // =====================================================================================================

    /**
     * A token signed by a key the JWKS does not have yet: one refresh, 401. The issuer then publishes the key; within
     * the refresh interval nothing is fetched, after it one refresh picks the key up and the token passes.
     */
    @Test
    void token36_unknownKidThenRotatedJwksPickedUp() throws InterruptedException {
        String token = AuthServers.sign(as.rotated, AuthServers.header(JWSAlgorithm.RS256, as.rotated).build(),
                as.claims("alice").claim("permissions", List.of("channels:read")).build());
        as.awaitRefreshAllowed();
        int before = as.jwksFetches();
        assertInvalidToken(client().modernToolsList(bearer(token)), "unknown signing key");
        assertEquals(1, as.jwksFetches() - before, "an unknown kid triggers exactly one JWKS refresh");

        as.publishRotatedKey();
        assertInvalidToken(client().modernToolsList(bearer(token)), "unknown signing key");
        assertEquals(1, as.jwksFetches() - before, "no second refresh within the refresh interval");

        as.awaitRefreshAllowed();
        assertAccepted(client().modernToolsList(bearer(token)));
        assertEquals(2, as.jwksFetches() - before, "one refresh picked the rotated key up");
        assertAccepted(client().modernToolsList(bearer(token)));
        assertEquals(2, as.jwksFetches() - before, "the rotated key is cached");
    }

    /** 60 tokens with forged kids, 8 at a time: all 401, and the issuer's JWKS endpoint sees at most one fetch. */
    @Test
    void token37_forgedKidFloodDoesNotFloodJwks() throws Exception {
        as.awaitRefreshAllowed();
        int before = as.jwksFetches();
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Reply>> replies = new ArrayList<>();
        AuthClient client = client();
        try {
            for (int i = 0; i < 60; i++) {
                String token = AuthServers.sign(as.rsa, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID("forged-" + UUID.randomUUID()).type(JOSEObjectType.JWT).build(), as.claims("mallory").build());
                replies.add(pool.submit(() -> client.modernToolsList(bearer(token))));
            }
            for (Future<Reply> reply : replies) {
                assertInvalidToken(reply.get(), "unknown signing key");
            }
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.between(start, Instant.now());
        int fetched = as.jwksFetches() - before;
        long allowed = 1 + took.toMillis() / AuthServers.REFRESH_INTERVAL.toMillis();
        assertTrue(fetched >= 1 && fetched <= allowed,
                "60 forged kids in " + took.toMillis() + " ms caused " + fetched + " JWKS fetches; at most " + allowed + " allowed");
    }

    /**
     * The JWKS endpoint goes down after the cache expired: the fetch fails, the cached keys keep working, and a kid
     * that is not cached is still a plain 401 (not an outage error).
     */
    @Test
    void token38_jwksOutageCachedKeysStillWork() throws InterruptedException {
        String fromServer = as.issueWithPermissions("alice", "channels:read");
        String handMade = as.rs256("alice", c -> c);
        try {
            // a fetch whose answer expires quickly (max-age=0 is clamped to the refresh interval)
            as.jwksMaxAge(0);
            as.awaitRefreshAllowed();
            String forged = AuthServers.sign(as.rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("forged-" + UUID.randomUUID())
                    .type(JOSEObjectType.JWT).build(), as.claims("mallory").build());
            int before = as.jwksFetches();
            assertInvalidToken(client().modernToolsList(bearer(forged)), "unknown signing key");
            assertEquals(1, as.jwksFetches() - before);

            as.jwksDown(true);
            as.awaitRefreshAllowed();
            // valid tokens pass all along, until (and after) the expired cache makes the server try the endpoint
            before = as.jwksFetches();
            Instant deadline = Instant.now().plusSeconds(15);
            do {
                assertAccepted(client().modernToolsList(bearer(fromServer)));
                if (as.jwksFetches() == before) {
                    Thread.sleep(200);
                }
            } while (as.jwksFetches() == before && Instant.now().isBefore(deadline));
            assertEquals(1, as.jwksFetches() - before, "the expired cache made the server try the JWKS endpoint, once");
            assertAccepted(client().modernToolsList(bearer(fromServer)));
            assertAccepted(client().modernToolsList(bearer(handMade)));
            assertAccepted(client().modernToolsList(bearer(as.issueWithPermissions("bob", "channels:read"))));
            assertInvalidToken(client().modernToolsList(bearer(forged)), "unknown signing key");
        } finally {
            as.jwksDown(false);
            as.jwksMaxAge(null);
        }
        as.awaitRefreshAllowed();
        assertAccepted(client().modernToolsList(bearer(handMade)));
    }

    // =====================================================================================================
    // RFC 9728 protected resource metadata
    // =====================================================================================================

    @Test
    void metadata_atRootAndPathSuffixedWithoutToken() {
        JsonObject expected = Json.createObjectBuilder()
                .add("resource", RESOURCE)
                .add("authorization_servers", Json.createArrayBuilder().add(as.issuer()))
                .add("scopes_supported", Json.createArrayBuilder().add("channels:read").add("recordings:write"))
                .add("bearer_methods_supported", Json.createArrayBuilder().add("header"))
                .add("resource_name", "Jakarta MCP Server")
                .build();
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            Reply reply = client().get(path, null);
            assertEquals(200, reply.status(), reply::toString);
            assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
            assertEquals(expected, reply.json(), path);
            assertNull(reply.header("WWW-Authenticate"));

            // a browser's request (Origin) may read it: exactly one Access-Control-Allow-Origin, else the browser
            // refuses the document (Liberty's RESTEasy added the resource's copy of the header to the filter's)
            Reply fromBrowser = client().send(HttpRequest.newBuilder(client().uri(path)).timeout(Duration.ofSeconds(30)).GET()
                    .header("Accept", "application/json").header("Origin", "https://inspector.example"));
            assertEquals(200, fromBrowser.status(), fromBrowser::toString);
            List<String> allowOrigin = fromBrowser.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Access-Control-Allow-Origin")).flatMap(e -> e.getValue().stream()).toList();
            assertEquals(List.of("*"), allowOrigin, fromBrowser::toString);
            assertEquals(expected, fromBrowser.json(), path);
        }
    }

    /** The challenge's resource_metadata names a document this deployment serves, about the same resource. */
    @Test
    void metadata_challengePointsAtServedDocument() {
        Reply challenge = client().modernToolsList(null);
        URI metadata = URI.create(challenge.challenge().get("resource_metadata"));
        Reply document = client().get(metadata.getRawPath(), null);
        assertEquals(200, document.status(), document::toString);
        assertEquals(RESOURCE, document.json().getString("resource"));
        assertEquals(URI.create(RESOURCE).getHost(), metadata.getHost());
    }

    @Test
    void metadata_publicEvenWithBadTokenAndUnknownSuffix404() {
        Reply withGarbage = client().get("/.well-known/oauth-protected-resource/mcp", bearer("garbage"));
        assertEquals(200, withGarbage.status(), withGarbage::toString);
        assertEquals(RESOURCE, withGarbage.json().getString("resource"));
        assertEquals(404, client().get("/.well-known/oauth-protected-resource/other", null).status());
    }

    // =====================================================================================================
    // Per-tool permissions
    // =====================================================================================================

    @Test
    void permissions_listFilteredInBothEras() {
        String readOnly = as.issueWithPermissions("alice", "channels:read");
        String both = as.issueWithPermissions("carol", "channels:read", "recordings:write");
        String none = as.issueWithPermissions("dave");
        AuthClient client = client();

        assertEquals(List.of("get_channels", "whoami"), client.modernToolsList(bearer(readOnly)).toolNames());
        assertEquals(List.of("get_channels", "record_program", "whoami"), client.modernToolsList(bearer(both)).toolNames());
        assertEquals(List.of("whoami"), client.modernToolsList(bearer(none)).toolNames());

        String session = client.openSession(bearer(readOnly));
        assertEquals(List.of("get_channels", "whoami"),
                client.legacy(bearer(readOnly), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT).toolNames());
        String bothSession = client.openSession(bearer(both));
        assertEquals(List.of("get_channels", "record_program", "whoami"),
                client.legacy(bearer(both), bothSession, "tools/list", JsonValue.EMPTY_JSON_OBJECT).toolNames());
    }

    @Test
    void permissions_callWithoutPermissionIs403InsufficientScope() {
        String readOnly = as.issueWithPermissions("alice", "channels:read");
        AuthClient client = client();
        assertToolText(client.modernCall(bearer(readOnly), "get_channels", LOCATION), "NHK G");

        assertInsufficientScope(client.modernCall(bearer(readOnly), "record_program", RECORDING), "record_program", "recordings:write");
        String session = client.openSession(bearer(readOnly));
        assertInsufficientScope(client.legacyCall(bearer(readOnly), session, "record_program", RECORDING), "record_program", "recordings:write");

        String none = as.issueWithPermissions("dave");
        assertInsufficientScope(client.modernCall(bearer(none), "get_channels", LOCATION), "get_channels", "channels:read");
    }

    @Test
    void permissions_bothPermissionsSucceed() {
        String both = as.issueWithPermissions("carol", "channels:read", "recordings:write");
        AuthClient client = client();
        assertToolText(client.modernCall(bearer(both), "record_program", RECORDING), "Recording scheduled: NHK G at 2026-12-24T21:00+09:00");
        String session = client.openSession(bearer(both));
        assertToolText(client.legacyCall(bearer(both), session, "record_program", RECORDING), "Recording scheduled: NHK G at ");
    }

    /** An authorization server that only puts granted scopes in the {@code scope} string (no permissions claim). */
    @Test
    void permissions_fromScopeString() {
        String token = as.issue("erin", "JWT", List.of(RESOURCE), Map.of("scope", "openid channels:read recordings:write"), 300);
        AuthClient client = client();
        assertEquals(List.of("get_channels", "record_program", "whoami"), client.modernToolsList(bearer(token)).toolNames());
        assertToolText(client.modernCall(bearer(token), "record_program", RECORDING), "Recording scheduled: NHK G at ");

        String narrow = as.issue("erin", "JWT", List.of(RESOURCE), Map.of("scope", "openid channels:read"), 300);
        assertEquals(List.of("get_channels", "whoami"), client.modernToolsList(bearer(narrow)).toolNames());
        assertInsufficientScope(client.modernCall(bearer(narrow), "record_program", RECORDING), "record_program", "recordings:write");
    }

    // =====================================================================================================
    // Sessions (2025-11-25) and the caller's token
    // =====================================================================================================

    @Test
    void session_boundToIssuerAndSubject() {
        AuthClient client = client();
        String alice = as.issueWithPermissions("alice", "channels:read");
        String session = client.openSession(bearer(alice));
        assertEquals(200, client.legacy(bearer(alice), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT).status());

        String bob = as.issueWithPermissions("bob", "channels:read", "recordings:write");
        Reply hijack = client.legacy(bearer(bob), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT);
        assertSessionNotFound(hijack);
        assertSessionNotFound(client.legacyCall(bearer(bob), session, "record_program", RECORDING));
        assertSessionNotFound(client.deleteSession(bearer(bob), session));
        assertSessionNotFound(client.openStream(bearer(bob), session));

        // the session is not tied to one token: alice's next token (new jti) still works, and her session survived
        String aliceAgain = as.issueWithPermissions("alice", "channels:read");
        assertNotEquals(alice, aliceAgain);
        assertEquals(200, client.legacy(bearer(aliceAgain), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT).status());
        // same subject at the same issuer by a hand-crafted token signed with another key of the issuer
        assertEquals(200, client.legacy(bearer(as.rs256("alice", c -> c)), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT).status());
        Reply deleted = client.deleteSession(bearer(aliceAgain), session);
        assertEquals(200, deleted.status(), deleted::toString);
    }

    /** A token that expires while the session goes on: 401 once it is past exp + skew; a fresh token continues the session. */
    @Test
    void session_expiredTokenMidSessionIs401() throws InterruptedException {
        AuthClient client = client();
        // accepted for about 8 more seconds (30 s skew)
        Instant exp = Instant.now().minusSeconds(22);
        String shortLived = as.rs256("alice", c -> c.claim("permissions", List.of("channels:read")).expirationTime(Date.from(exp)));
        String session = client.openSession(bearer(shortLived));
        assertEquals(200, client.legacy(bearer(shortLived), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT).status());

        long wait = Duration.between(Instant.now(), exp.plusSeconds(31)).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        assertInvalidToken(client.legacy(bearer(shortLived), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT), "token expired");
        assertInvalidToken(client.legacyCall(bearer(shortLived), session, "get_channels", LOCATION), "token expired");
        String renewed = as.issueWithPermissions("alice", "channels:read");
        assertEquals(200, client.legacy(bearer(renewed), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT).status());
    }

    @Test
    void jsonWebToken_injectedIntoToolBean() {
        String token = as.issue("alice", "JWT", List.of(RESOURCE), Map.of(
                "permissions", List.of("channels:read", "recordings:write"),
                "preferred_username", "alice@example.test"), 300);
        JsonObject me = whoami(token);
        JWTClaimsSet claims = AuthServers.parseClaims(token);
        assertEquals("alice@example.test", me.getString("name"));
        assertEquals("alice", me.getString("subject"));
        assertEquals(as.issuer(), me.getString("issuer"));
        assertEquals(Json.createArrayBuilder().add("channels:read").add("recordings:write").build(), me.getJsonArray("permissions"));
        assertEquals(Json.createArrayBuilder().add("channels:read").add("recordings:write").build(), me.getJsonArray("groups"));
        assertEquals(Json.createArrayBuilder().add(RESOURCE).build(), me.getJsonArray("audience"));
        assertEquals(claims.getExpirationTime().toInstant().getEpochSecond(), me.getJsonNumber("expiresAt").longValue());
        // MCP forbids token passthrough: the raw token stays out of tool code unless mcp.auth.expose-raw-token=true
        assertEquals(0, me.getInt("rawTokenLength"));

        // request scoped: the next caller sees its own token, in a 2025 session as well
        String bob = as.issueWithPermissions("bob", "channels:read");
        AuthClient client = client();
        String session = client.openSession(bearer(bob));
        JsonObject bobSeen = toolJson(client.legacyCall(bearer(bob), session, "whoami", JsonValue.EMPTY_JSON_OBJECT));
        assertEquals("bob", bobSeen.getString("subject"));
        assertEquals("bob", bobSeen.getString("name"));
        assertEquals(Json.createArrayBuilder().add("channels:read").build(), bobSeen.getJsonArray("groups"));
    }

    // =====================================================================================================
    // helpers
    // =====================================================================================================

    JsonObject whoami(String token) {
        return toolJson(client().modernCall(bearer(token), "whoami", JsonValue.EMPTY_JSON_OBJECT));
    }

    static void assertInvalidToken(Reply reply, String description) {
        EXPECT.assertInvalidToken(reply, description);
    }

    static void assertMissingToken(Reply reply) {
        EXPECT.assertMissingToken(reply);
    }

    static void assertInvalidRequest(Reply reply, String description) {
        EXPECT.assertInvalidRequest(reply, description);
    }

    static void assertInsufficientScope(Reply reply, String tool, String scope) {
        EXPECT.assertInsufficientScope(reply, tool, scope);
    }

    static JWSHeader header(String token) {
        try {
            return SignedJWT.parse(token).getHeader();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
