package dev.jakartamcp.bench.bare;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.HashSet;
import java.util.List;

/**
 * Bearer token validation of the bare endpoint with nimbus-jose-jwt (bundled in the bare WAR's WEB-INF/lib), with the
 * product's policy: the JWKS fetched once and cached for 10 minutes (an unknown key refetches at most every 30 s), and
 * on every request the RS256 signature, {@code typ}, issuer (exact), audience (the product's {@code mcp.resource}),
 * expiry / not-before / issued-at with 30 s clock skew, a subject, and the permission the tool needs. No cache of
 * verified tokens, as in the product. Configured by system properties of the server JVM: {@code bench.issuer},
 * {@code bench.audience}, {@code bench.jwks}.
 */
final class BareTokens {
    private static final long JWKS_TTL_MS = 10 * 60 * 1000L;
    private static final long JWKS_FETCH_TIMEOUT_MS = 5_000L;
    private static final long JWKS_MIN_INTERVAL_MS = 30_000L;
    private static final BareTokens INSTANCE = new BareTokens();

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private BareTokens() {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(url(required("bench.jwks")))
                .cache(JWKS_TTL_MS, JWKS_FETCH_TIMEOUT_MS)
                .refreshAheadCache(false)
                .rateLimited(JWKS_MIN_INTERVAL_MS)
                .retrying(false)
                .outageTolerant(false)
                .build();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                // nimbus asks these sets whether they contain null, which Set.of answers with an exception
                new HashSet<>(List.of(required("bench.audience"))),
                new JWTClaimsSet.Builder().issuer(required("bench.issuer")).build(),
                new HashSet<>(List.of("sub", "exp")),
                null);
        claims.setMaxClockSkew(30);
        processor.setJWTClaimsSetVerifier(claims);
    }

    static BareTokens instance() {
        return INSTANCE;
    }

    /** Whether {@code authorization} is {@code Bearer <valid token>} whose permissions include {@code permission}. */
    boolean permits(String authorization, String permission) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        try {
            JWTClaimsSet claims = processor.process(authorization.substring(7).trim(), null);
            List<String> permissions = claims.getStringListClaim("permissions");
            return permissions != null && permissions.contains(permission);
        } catch (Exception e) {
            return false;
        }
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the bare WAR needs the system property " + key);
        }
        return value;
    }

    private static URL url(String value) {
        try {
            return new URL(value);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(value, e);
        }
    }
}
