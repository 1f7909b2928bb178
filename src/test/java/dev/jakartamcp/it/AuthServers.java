package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The authorization side of the authorization ITs, all in the test JVM and bound to 127.0.0.1 on random ports:
 *
 * <ul>
 *   <li>a real authorization server, mock-oauth2-server, issuing tokens at its token endpoint over HTTP
 *       ({@code client_credentials}); each token's claims are set per request with a one-shot token callback;</li>
 *   <li>a JWKS endpoint the deployment is pointed at ({@code mp.jwt.verify.publickey.location}). It serves the
 *       authorization server's own JWKS (fetched live on every request) plus keys this class controls, so that
 *       hand-crafted tokens (ES256, PS256, claims the authorization server cannot produce) are signed by a key the
 *       issuer publishes. It counts fetches, and can rotate keys, go down and set {@code Cache-Control}.</li>
 * </ul>
 *
 * Every token, from the authorization server or hand-crafted, carries the issuer
 * {@code http://127.0.0.1:<port>/default}: mock-oauth2-server derives {@code iss} from the Host header, so it is
 * always called on 127.0.0.1.
 */
final class AuthServers implements AutoCloseable {
    static final String ISSUER_ID = "default";
    /**
     * The canonical resource URL ({@code mcp.resource}). The deployment's real port is only known after it booted,
     * so the tests pretend the server sits behind a TLS-terminating proxy at {@code https://mcp.test}; clients
     * (and the tokens they get) use that URL, while the tests talk to the loopback listener directly.
     */
    static final String RESOURCE = "https://mcp.test/mcp";
    static final String METADATA_URL = "https://mcp.test/.well-known/oauth-protected-resource/mcp";
    /** A second accepted audience ({@code mp.jwt.verify.audiences}), as Entra's application ID URI would be. */
    static final String APP_ID_URI = "api://jakarta-mcp-test";
    /** {@code mcp.auth.jwks-refresh-min-interval} of the deployments. */
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(3);

    final RSAKey rsa = rsaKey("test-rsa");
    final ECKey ec = ecKey("test-ec");
    /** Not published until {@link #publishRotatedKey()}. */
    final RSAKey rotated = rsaKey("test-rotated");
    /** Published, but for encryption ({@code use: enc}): must not verify signatures. */
    final RSAKey encryptionKey = new RSAKey.Builder(rsaKey("test-enc")).keyUse(KeyUse.ENCRYPTION).build();
    /** Published, but only 1024 bits. */
    final RSAKey weak = weakRsaKey("test-weak");

    private final MockOAuth2Server authorizationServer;
    private final HttpServer jwks;
    private final ExecutorService jwksExecutor = Executors.newFixedThreadPool(4);
    private final HttpClient http = Http.client()
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile Instant lastFetch = Instant.EPOCH;
    private final List<JWK> ownKeys = new CopyOnWriteArrayList<>(List.of(rsa, ec, encryptionKey, weak));
    private volatile boolean down;
    private volatile Integer maxAgeSeconds;

    AuthServers() {
        try {
            authorizationServer = new MockOAuth2Server();
            authorizationServer.start(InetAddress.getByName("127.0.0.1"), 0);
            jwks = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            jwks.createContext("/jwks.json", this::serveJwks);
            jwks.setExecutor(jwksExecutor);
            jwks.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test authorization server", e);
        }
    }

    String issuer() {
        return issuerOf(ISSUER_ID);
    }

    /** An issuer of the authorization server; only {@link #ISSUER_ID} is the one the deployment trusts. */
    String issuerOf(String issuerId) {
        return "http://127.0.0.1:" + authorizationServer.baseUrl().port() + "/" + issuerId;
    }

    URI jwksUri() {
        return URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
    }

    /** Authorization on, pointed at these servers; {@code extra} adds or overrides keys. */
    Map<String, String> deploymentConfig(Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mcp.auth.enabled", "true");
        config.put("mp.jwt.verify.issuer", issuer());
        config.put("mp.jwt.verify.publickey.location", jwksUri().toString());
        config.put("mp.jwt.verify.audiences", APP_ID_URI);
        config.put("mcp.resource", RESOURCE);
        config.put("mcp.auth.jwks-refresh-min-interval", "PT" + REFRESH_INTERVAL.toSeconds() + "S");
        config.putAll(extra);
        return config;
    }

    // ---- tokens from the authorization server ----

    /**
     * A token from the authorization server's token endpoint ({@code client_credentials}); the callback decides
     * its header {@code typ}, {@code sub}, {@code aud}, extra claims and lifetime. The server adds {@code iss},
     * {@code iat}, {@code nbf}, {@code exp}, {@code jti} and {@code tid} and signs with its RS256 key
     * ({@code kid} "default").
     */
    String issue(String subject, String typ, List<String> audience, Map<String, Object> claims, long expirySeconds) {
        return issueFrom(ISSUER_ID, subject, typ, audience, claims, expirySeconds);
    }

    /** Like {@link #issue}, from another issuer (tenant) of the same authorization server. */
    String issueFrom(String issuerId, String subject, String typ, List<String> audience, Map<String, Object> claims,
                     long expirySeconds) {
        authorizationServer.enqueueCallback(new FixedCallback(issuerId, subject, typ, audience, claims, expirySeconds));
        String form = "grant_type=client_credentials&client_id=mcp-it-client&client_secret=not-checked"
                + "&resource=" + URLEncoder.encode(RESOURCE, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuerOf(issuerId) + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
            }
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                JsonObject body = reader.readObject();
                return body.getString("access_token");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A token for {@link #RESOURCE} from the authorization server with the given {@code permissions}, typ JWT. */
    String issueWithPermissions(String subject, String... permissions) {
        return issue(subject, "JWT", List.of(RESOURCE), Map.of("permissions", List.of(permissions)), 300);
    }

    // ---- hand-crafted tokens ----

    /** Claims a valid token for {@link #RESOURCE} has: iss, aud, sub, iat, exp in 5 minutes, jti. */
    JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(RESOURCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    static JWSHeader.Builder header(JWSAlgorithm alg, JWK key) {
        return new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
    }

    static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r.toRSAPrivateKey(), true) : new ECDSASigner((ECKey) key);
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 by {@link #rsa}, typ JWT, with {@code changes} applied to {@link #claims(String)}. */
    String rs256(String subject, UnaryOperator<JWTClaimsSet.Builder> changes) {
        return sign(rsa, header(JWSAlgorithm.RS256, rsa).build(), changes.apply(claims(subject)).build());
    }

    static JWTClaimsSet parseClaims(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ---- the JWKS endpoint ----

    int jwksFetches() {
        return fetches.get();
    }

    /**
     * Waits until the deployment may fetch the JWKS again: its refresh interval after the end of the last fetch
     * seen here (the deployment notes its attempt before that), plus a margin. A key set served with
     * {@code max-age=0} has expired by then as well.
     */
    void awaitRefreshAllowed() throws InterruptedException {
        Instant allowed = lastFetch.plus(REFRESH_INTERVAL).plusMillis(500);
        long millis = Duration.between(Instant.now(), allowed).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    void publishRotatedKey() {
        if (!ownKeys.contains(rotated)) {
            ownKeys.add(rotated);
        }
    }

    /** While down, the JWKS endpoint answers 503. */
    void jwksDown(boolean isDown) {
        down = isDown;
    }

    /** {@code Cache-Control: max-age} on JWKS responses, or none for {@code null}. */
    void jwksMaxAge(Integer seconds) {
        maxAgeSeconds = seconds;
    }

    private void serveJwks(HttpExchange exchange) throws IOException {
        fetches.incrementAndGet();
        lastFetch = Instant.now();
        try (exchange) {
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            List<JWK> keys = new ArrayList<>();
            try {
                HttpResponse<String> upstream = http.send(HttpRequest.newBuilder(URI.create(issuer() + "/jwks")).build(),
                        HttpResponse.BodyHandlers.ofString());
                keys.addAll(JWKSet.parse(upstream.body()).getKeys());
            } catch (ParseException | InterruptedException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            keys.addAll(ownKeys);
            byte[] body = new JWKSet(keys).toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            Integer maxAge = maxAgeSeconds;
            if (maxAge != null) {
                exchange.getResponseHeaders().set("Cache-Control", "max-age=" + maxAge);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            lastFetch = Instant.now();
        }
    }

    @Override
    public void close() {
        jwks.stop(0);
        jwksExecutor.shutdownNow();
        try {
            jwksExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        authorizationServer.shutdown();
    }

    /** Signs any payload text, e.g. claims of the wrong JSON type that nimbus' claims builder would not produce. */
    static String signRaw(JWK key, JWSHeader header, String payload) {
        try {
            JWSObject jws = new JWSObject(header, new Payload(payload));
            jws.sign(key instanceof RSAKey r ? new RSASSASigner(r.toRSAPrivateKey(), true) : new ECDSASigner((ECKey) key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey weakRsaKey(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()).keyID(kid).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One token's worth of decisions for mock-oauth2-server. */
    private record FixedCallback(String issuerId, String subject, String typ, List<String> audience, Map<String, Object> claims,
                                 long expirySeconds) implements OAuth2TokenCallback {
        @Override
        public String subject(TokenRequest request) {
            return subject;
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return typ;
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return audience;
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            return claims;
        }

        @Override
        public long tokenExpiry() {
            return expirySeconds;
        }
    }
}
