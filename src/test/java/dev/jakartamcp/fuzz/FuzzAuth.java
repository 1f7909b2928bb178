package dev.jakartamcp.fuzz;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The authorization side of the fuzz run, in the test JVM: one RSA signing key published by a tiny JWKS endpoint on
 * 127.0.0.1 (the server is pointed at it through {@code mp.jwt.verify.publickey.location}), valid RS256 access tokens
 * for any subject, and a second key the server does not know (for forged tokens).
 */
public final class FuzzAuth implements AutoCloseable {
    public static final String ISSUER = "https://issuer.fuzz.test/";
    public static final List<String> PERMISSIONS = List.of("channels:read", "recordings:write");

    final RSAKey key = rsa("fuzz-rsa-1");
    /** Same kid as {@link #key}, other key material: a token signed with it must be refused. */
    final RSAKey impostor = rsa("fuzz-rsa-1");
    /** A key the JWKS does not publish. */
    final RSAKey stranger = rsa("fuzz-rsa-unknown");

    /** One issue time for the whole run (tokens valid for an hour), so that equal claims give equal tokens and signatures can be reused. */
    final long epoch = Instant.now().getEpochSecond();
    private static final java.util.Map<String, String> SIGNED = new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpServer jwks;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final AtomicInteger fetches = new AtomicInteger();
    private final String resource;

    public FuzzAuth(String resource) throws IOException {
        this.resource = resource;
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = new JWKSet(List.of(key.toPublicJWK())).toString(true).getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        jwks.setExecutor(executor);
        jwks.start();
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
    }

    public int jwksFetches() {
        return fetches.get();
    }

    public String resource() {
        return resource;
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(resource).subject(subject)
                .issueTime(new Date((epoch - 5) * 1000)).expirationTime(new Date((epoch + 3600) * 1000))
                .claim("permissions", PERMISSIONS);
    }

    /** A valid RS256 access token for {@code subject} with both demo permissions. */
    public String token(String subject) {
        return sign(key, header(key).build(), claims(subject).build());
    }

    String token(String subject, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(key, header(key).build(), change.apply(claims(subject)).build());
    }

    static JWSHeader.Builder header(RSAKey signer) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).type(JOSEObjectType.JWT);
    }

    /** RS256 signing is the costly part of making a token: equal inputs (same key, header and claims) reuse the token. */
    static String sign(RSAKey signer, JWSHeader header, JWTClaimsSet claims) {
        String key = System.identityHashCode(signer) + "|" + header.toString() + "|" + claims.toString();
        return SIGNED.computeIfAbsent(key, k -> signNow(signer, header, claims));
    }

    private static String signNow(RSAKey signer, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(signer.toRSAPrivateKey(), true));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 over arbitrary header and payload JSON text (which nimbus would refuse to build). */
    String signRaw(String headerJson, String payloadJson) {
        return SIGNED.computeIfAbsent("raw|" + headerJson + "|" + payloadJson, k -> signRawNow(headerJson, payloadJson));
    }

    private String signRawNow(String headerJson, String payloadJson) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key.toRSAPrivateKey());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64URL.encode(s.sign());
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 keyed with the published RSA public key's encoding: the classic algorithm confusion. */
    String hs256WithPublicKey(String payloadJson) {
        String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID() + "\"}") + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.toRSAPublicKey().getEncoded(), "HmacSHA256"));
            return signingInput + "." + Base64URL.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void close() {
        jwks.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
