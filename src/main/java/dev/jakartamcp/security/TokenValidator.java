package dev.jakartamcp.security;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jakartamcp.security.TokenRejectedException.Reason;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a compact JWS access token against {@link AuthSettings}, for every request.
 *
 * <p>Order of checks: size, shape (JWS only), algorithm, {@code typ}, signing key, signature, then the claims
 * {@code iss}, {@code aud}, whether it is an ID token, {@code exp}, {@code nbf}, {@code iat}, {@code sub}. Claims are only looked at once the
 * signature is known to be good. {@code jti} is not required. Key-carrying headers ({@code jwk}, {@code jku},
 * {@code x5u}, {@code x5c}) are ignored: keys only ever come from the configured JWKS. Thread-safe.
 */
public final class TokenValidator {

    private static final int MIN_RSA_BITS = 2048;
    private static final int PREPARED_KEYS_MAX = 64;
    private static final int GOOD_HEADERS_MAX = 64;
    private static final Map<String, String> RSA_PKCS1_JCA = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");

    private final String issuer;
    private final Set<String> audiences;
    /** {@link #audiences} with the scheme and host of each URI in lower case ({@link #caseless}). */
    private final Set<String> caselessAudiences;
    private final Duration clockSkew;
    private final Set<String> allowedAlgorithms;
    private final Set<String> tokenTypes;
    private final int maxTokenBytes;
    private final JwksKeySource keys;
    private final RoleExtractor roles;
    private final Clock clock;
    private volatile Map<JWK, Prepared> preparedKeys = new IdentityHashMap<>();
    private final Map<String, JWSHeader> goodHeaders = new java.util.concurrent.ConcurrentHashMap<>();

    public TokenValidator(AuthSettings settings, JwksKeySource keys) {
        this(settings, keys, Clock.systemUTC());
    }

    public TokenValidator(AuthSettings settings, JwksKeySource keys, Clock clock) {
        this.issuer = Objects.requireNonNull(settings.issuer(), "settings.issuer");
        this.audiences = settings.audiences();
        this.caselessAudiences = audiences.stream().map(TokenValidator::caseless).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.clockSkew = settings.clockSkew();
        this.allowedAlgorithms = settings.allowedAlgorithms();
        this.tokenTypes = settings.tokenTypes();
        this.maxTokenBytes = settings.maxTokenBytes();
        this.keys = Objects.requireNonNull(keys, "keys");
        this.roles = new RoleExtractor(settings.rolesClaims());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param compactJwt the token as sent after {@code Bearer }
     * @throws TokenRejectedException if the token is not acceptable, with a reason safe to show the client
     */
    public VerifiedToken validate(String compactJwt) throws TokenRejectedException {
        String[] parts = split(compactJwt);
        JWSHeader known = goodHeaders.get(parts[0]);
        JWSHeader header = known != null ? known : parseHeader(parts[0]);
        JWSAlgorithm alg = header.getAlgorithm();
        if (!allowedAlgorithms.contains(alg.getName())) {
            throw new TokenRejectedException(Reason.ALGORITHM_NOT_ALLOWED);
        }
        checkType(header);
        if (parts[2].isEmpty()) {
            throw new TokenRejectedException(Reason.MALFORMED);
        }
        verifySignature(compactJwt, parts, header, candidateKeys(header));
        if (known == null) {
            remember(parts[0], header);
        }
        try {
            String payload = new String(decode(parts[1]), StandardCharsets.UTF_8);
            Map<String, Object> json = payload.strip().startsWith("{") ? JSONObjectUtils.parse(payload) : null;
            if (json == null) {
                // JSON, but no object: null, an array, a number, a string
                throw new TokenRejectedException(Reason.MALFORMED);
            }
            return checkClaims(compactJwt, JWTClaimsSet.parse(json));
        } catch (ParseException e) {
            // No JSON object, or a registered claim of the wrong JSON type, e.g. "exp": "tomorrow" or "aud": 5.
            throw new TokenRejectedException(Reason.MALFORMED, e);
        }
    }

    /**
     * Headers of signatures that verified, parsed once: an issuer signs with a handful of distinct headers (alg, kid,
     * typ), so the same few strings come on every request. Only verified ones are kept, so a caller cannot fill the map;
     * it starts afresh past {@link #GOOD_HEADERS_MAX} (keys rotated).
     */
    private void remember(String encoded, JWSHeader header) {
        if (goodHeaders.size() >= GOOD_HEADERS_MAX) {
            goodHeaders.clear();
        }
        goodHeaders.put(encoded, header);
    }

    /** Base64url without padding (the characters were checked by {@link #split}); the JDK's decoder, which is fast. */
    private static byte[] decode(String part) throws TokenRejectedException {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(Reason.MALFORMED, e);
        }
    }

    private String[] split(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(Reason.MALFORMED);
        }
        // Checked before anything is decoded. Base64url is ASCII, so after the charset check chars == bytes.
        if (token.length() > maxTokenBytes) {
            throw new TokenRejectedException(Reason.TOO_LARGE);
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isBase64Url(c)) {
                throw new TokenRejectedException(Reason.MALFORMED);
            }
        }
        if (dots == 4) {
            throw new TokenRejectedException(Reason.ENCRYPTED);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new TokenRejectedException(Reason.MALFORMED);
        }
        return parts;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static JWSHeader parseHeader(String encoded) throws TokenRejectedException {
        Header header;
        try {
            header = Header.parse(new Base64URL(encoded));
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejectedException(Reason.MALFORMED, e);
        }
        if (header instanceof JWEHeader) {
            throw new TokenRejectedException(Reason.ENCRYPTED);
        }
        if (!(header instanceof JWSHeader jwsHeader)) {
            // PlainHeader: "alg": "none"
            throw new TokenRejectedException(Reason.ALGORITHM_NOT_ALLOWED);
        }
        if (!jwsHeader.isBase64URLEncodePayload()) {
            // RFC 7797 unencoded payloads are not JWTs.
            throw new TokenRejectedException(Reason.MALFORMED);
        }
        return jwsHeader;
    }

    private void checkType(JWSHeader header) throws TokenRejectedException {
        String type = header.getType() == null ? "none" : AuthSettings.tokenType(header.getType().getType());
        if (!tokenTypes.contains(type) || (header.getType() != null && type.equals("none"))) {
            throw new TokenRejectedException(Reason.TYPE_NOT_ACCEPTED);
        }
        if (header.getContentType() != null) {
            // "cty": "JWT" announces a nested token; an access token is never one.
            throw new TokenRejectedException(Reason.TYPE_NOT_ACCEPTED);
        }
    }

    /** Keys that may have signed the token; looks again (rate limited) when the cached set has none. */
    private List<JWK> candidateKeys(JWSHeader header) throws TokenRejectedException {
        JWKSet current = keys.currentKeys().orElseThrow(() -> new TokenRejectedException(Reason.KEYS_UNAVAILABLE));
        List<JWK> found = select(current, header);
        if (!found.isEmpty()) {
            return found;
        }
        JWKSet refreshed = keys.refreshedKeys(current)
                .orElseThrow(() -> new TokenRejectedException(Reason.KEYS_UNAVAILABLE));
        found = refreshed == current ? found : select(refreshed, header);
        if (found.isEmpty()) {
            throw new TokenRejectedException(Reason.UNKNOWN_SIGNING_KEY);
        }
        return found;
    }

    /**
     * With a {@code kid}: the keys with that id, which must suit the algorithm. Without: the one key that suits the
     * algorithm. Empty means "not in this set", which warrants a refresh.
     */
    private List<JWK> select(JWKSet set, JWSHeader header) throws TokenRejectedException {
        JWSAlgorithm alg = header.getAlgorithm();
        String kid = header.getKeyID();
        List<JWK> suitable = new ArrayList<>();
        Reason unsuitable = null;
        for (JWK key : set.getKeys()) {
            if (kid != null && !kid.equals(key.getKeyID())) {
                continue;
            }
            Reason problem = unsuitability(key, alg);
            if (problem == null) {
                suitable.add(key);
            } else if (kid != null) {
                unsuitable = problem;
            }
        }
        if (suitable.isEmpty() && unsuitable != null) {
            throw new TokenRejectedException(unsuitable);
        }
        if (kid == null && suitable.size() > 1) {
            throw new TokenRejectedException(Reason.AMBIGUOUS_SIGNING_KEY);
        }
        return suitable;
    }

    private Reason unsuitability(JWK key, JWSAlgorithm alg) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return Reason.ALGORITHM_KEY_MISMATCH;
        }
        if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return Reason.ALGORITHM_KEY_MISMATCH;
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
            return Reason.ALGORITHM_KEY_MISMATCH;
        }
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            if (!(key instanceof RSAKey rsa)) {
                return Reason.ALGORITHM_KEY_MISMATCH;
            }
            return prepared(rsa).rsaBits() < MIN_RSA_BITS ? Reason.WEAK_SIGNING_KEY : null;
        }
        if (JWSAlgorithm.Family.EC.contains(alg)) {
            if (!(key instanceof ECKey ec)) {
                return Reason.ALGORITHM_KEY_MISMATCH;
            }
            Set<Curve> curves = Curve.forJWSAlgorithm(alg);
            return curves != null && curves.contains(ec.getCurve()) ? null : Reason.ALGORITHM_KEY_MISMATCH;
        }
        return Reason.ALGORITHM_NOT_ALLOWED;
    }

    /**
     * What is derived from a JWKS key, once per key object rather than per request: the RSA modulus size (decoding
     * the modulus) and the verifier with its public key (nimbus's verifiers are thread-safe). The keys come from the
     * cached JWKS, so the same objects come back until the set is fetched again; the map is copied on write and
     * starts afresh when it has grown past {@link #PREPARED_KEYS_MAX} (keys rotated).
     */
    private Prepared prepared(JWK key) {
        Map<JWK, Prepared> current = preparedKeys;
        Prepared found = current.get(key);
        if (found != null) {
            return found;
        }
        Prepared made = key instanceof RSAKey rsa
                ? new Prepared(rsa.size(), rsaVerifier(rsa), rsaPublicKey(rsa))
                : new Prepared(0, ecVerifier((ECKey) key), null);
        Map<JWK, Prepared> next = current.size() >= PREPARED_KEYS_MAX ? new IdentityHashMap<>() : new IdentityHashMap<>(current);
        next.put(key, made);
        preparedKeys = next;
        return made;
    }

    private static JWSVerifier rsaVerifier(RSAKey rsa) {
        try {
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        } catch (JOSEException | RuntimeException e) {
            // unusable (e.g. a modulus that does not decode): verifies nothing, as when the exception was caught per request
            return null;
        }
    }

    private static JWSVerifier ecVerifier(ECKey ec) {
        try {
            return new ECDSAVerifier(ec.toECPublicKey());
        } catch (JOSEException | RuntimeException e) {
            // unusable (e.g. not a valid point on the curve): verifies nothing, as when the exception was caught per request
            return null;
        }
    }

    private static RSAPublicKey rsaPublicKey(RSAKey rsa) {
        try {
            return rsa.toRSAPublicKey();
        } catch (JOSEException | RuntimeException e) {
            return null;
        }
    }

    /** {@code verifier} null: the key cannot verify anything; {@code rsaKey} null: no RSA key. */
    private record Prepared(int rsaBits, JWSVerifier verifier, RSAPublicKey rsaKey) {
    }

    /**
     * RS256/RS384/RS512 without critical header parameters are verified with the JDK's {@link Signature} on the
     * cached public key (what nimbus's verifier does too, minus its slow constant-time Base64 decoding of a public
     * token and a second parse of the header); every other case goes through nimbus's verifier.
     */
    private void verifySignature(String compactJwt, String[] parts, JWSHeader header, List<JWK> candidates) throws TokenRejectedException {
        String jca = header.getCriticalParams() == null ? RSA_PKCS1_JCA.get(header.getAlgorithm().getName()) : null;
        byte[] signingInput = compactJwt.substring(0, compactJwt.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = jca == null ? null : decode(parts[2]);
        SignedJWT jwt = null;
        for (JWK key : candidates) {
            try {
                Prepared prepared = prepared(key);
                if (jca != null && prepared.rsaKey() != null) {
                    Signature verifier = Signature.getInstance(jca);
                    verifier.initVerify(prepared.rsaKey());
                    verifier.update(signingInput);
                    if (verifier.verify(signature)) {
                        return;
                    }
                    continue;
                }
                if (jwt == null) {
                    jwt = new SignedJWT(new Base64URL(parts[0]), new Base64URL(parts[1]), new Base64URL(parts[2]));
                }
                if (prepared.verifier() != null && jwt.verify(prepared.verifier())) {
                    return;
                }
            } catch (ParseException e) {
                throw new TokenRejectedException(Reason.MALFORMED, e);
            } catch (JOSEException | GeneralSecurityException | RuntimeException e) {
                // Unverifiable (e.g. a signature of the wrong length, a critical header we do not understand):
                // treated like a bad signature, the next candidate may still verify.
            }
        }
        throw new TokenRejectedException(Reason.SIGNATURE_INVALID);
    }

    /**
     * An audience as compared when it is not one of the accepted ones as written: a URI's scheme and host in lower case
     * (its canonical form; "implementations SHOULD accept uppercase scheme and host components", basic/authorization,
     * Canonical Server URI), so that a token a client asked for with {@code https://MCP.example.com/mcp} is accepted
     * where {@code https://mcp.example.com/mcp} is. The path and anything else stay as they are; text that is no
     * {@code scheme://authority} URI stays as it is (a client ID).
     */
    static String caseless(String audience) {
        int schemeEnd = audience.indexOf("://");
        if (schemeEnd <= 0) {
            return audience;
        }
        int authorityEnd = audience.length();
        for (int i = schemeEnd + 3; i < audience.length(); i++) {
            char c = audience.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                authorityEnd = i;
                break;
            }
        }
        if (audience.lastIndexOf('@', authorityEnd - 1) > schemeEnd) {
            return audience; // user information is case-sensitive, and no server identifier of ours has any
        }
        return audience.substring(0, authorityEnd).toLowerCase(java.util.Locale.ROOT) + audience.substring(authorityEnd);
    }

    private VerifiedToken checkClaims(String raw, JWTClaimsSet claims) throws ParseException, TokenRejectedException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new TokenRejectedException(Reason.ISSUER_MISMATCH);
        }
        List<String> tokenAudiences = claims.getAudience();
        if (tokenAudiences.isEmpty()) {
            throw new TokenRejectedException(Reason.MISSING_AUDIENCE);
        }
        if (tokenAudiences.stream().noneMatch(audiences::contains)
                && tokenAudiences.stream().noneMatch(a -> a != null && caselessAudiences.contains(caseless(a)))) {
            throw new TokenRejectedException(Reason.AUDIENCE_MISMATCH);
        }
        if (isIdToken(claims)) {
            throw new TokenRejectedException(Reason.ID_TOKEN);
        }

        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejectedException(Reason.MISSING_EXPIRY);
        }
        Instant expiresAt = exp.toInstant();
        if (!now.isBefore(expiresAt.plus(clockSkew))) {
            throw new TokenRejectedException(Reason.EXPIRED);
        }
        if (isAfterNowWithSkew(claims.getNotBeforeTime(), now)) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID);
        }
        if (isAfterNowWithSkew(claims.getIssueTime(), now)) {
            throw new TokenRejectedException(Reason.ISSUED_IN_FUTURE);
        }

        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenRejectedException(Reason.MISSING_SUBJECT);
        }
        return new VerifiedToken(raw, subject, claims.getIssuer(), expiresAt, claims.getClaims(),
                roles.rolesFrom(claims.getClaims()));
    }

    /**
     * An OpenID Connect ID token, which the default {@code typ} policy ({@code JWT} and untyped tokens accepted, as
     * Auth0, Entra ID and Keycloak issue access tokens) cannot tell from an access token: an ID token of the same issuer
     * whose {@code aud} is an accepted audience (a client ID in {@code mp.jwt.verify.audiences}) would otherwise pass
     * (RFC 8725 §3.11, RFC 9068 §4). Only claims no access token carries count: {@code at_hash} and {@code c_hash}
     * (OIDC Core §3.1.3.6, §3.3.2.11), Keycloak's {@code "typ": "ID"}; not {@code nonce}, which some servers copy into
     * access tokens.
     */
    private static boolean isIdToken(JWTClaimsSet claims) {
        return claims.getClaim("at_hash") != null || claims.getClaim("c_hash") != null
                || (claims.getClaim("typ") instanceof String typ && typ.equalsIgnoreCase("ID"));
    }

    private boolean isAfterNowWithSkew(Date time, Instant now) {
        return time != null && time.toInstant().isAfter(now.plus(clockSkew));
    }
}
