package dev.jakartamcp.security;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthSettingsTest {

    private final Map<String, String> config = new HashMap<>(Map.of(
            "mp.jwt.verify.issuer", "https://tenant.eu.auth0.com/",
            "mp.jwt.verify.publickey.location", "https://tenant.eu.auth0.com/.well-known/jwks.json",
            "mcp.resource", "https://mcp.example.com/mcp"));

    private AuthSettings read() {
        return AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key)));
    }

    private String failure() {
        return assertThrows(IllegalArgumentException.class, this::read).getMessage();
    }

    @Test
    void defaults() {
        AuthSettings settings = read();

        assertTrue(settings.enabled());
        assertEquals("https://tenant.eu.auth0.com/", settings.issuer());
        assertEquals(URI.create("https://tenant.eu.auth0.com/.well-known/jwks.json"), settings.jwksUri());
        assertEquals("https://mcp.example.com/mcp", settings.resource());
        assertEquals(Set.of("https://mcp.example.com/mcp"), settings.audiences());
        assertEquals(Duration.ofSeconds(30), settings.clockSkew());
        assertEquals(Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"),
                settings.allowedAlgorithms());
        assertEquals(List.of("permissions", "scope", "scp", "roles", "groups"), settings.rolesClaims());
        assertEquals(8192, settings.maxTokenBytes());
        assertEquals(Duration.ofSeconds(30), settings.jwksRefreshMinInterval());
        assertEquals(Duration.ofMinutes(10), settings.jwksCacheTtl());
        assertEquals(Duration.ofSeconds(5), settings.jwksTimeout());
        assertEquals(List.of("https://tenant.eu.auth0.com/"), settings.authorizationServers());
        assertEquals(List.of(), settings.scopesSupported());
        assertEquals(Set.of("at+jwt", "jwt", "none"), settings.tokenTypes());
    }

    /** Commas only fell back to every supported algorithm: a list set to nothing is a mistake, not the default. */
    @Test
    void anAlgorithmListOfCommasOnlyIsInvalid() {
        config.put("mcp.auth.allowed-algorithms", ",");
        assertEquals("Invalid value for mcp.auth.allowed-algorithms: ',' (a list without a single entry)", failure());
    }

    @Test
    void readsEveryKey() {
        config.put("mcp.auth.enabled", "TRUE");
        config.put("mp.jwt.verify.audiences", " https://api.example.com , api://mcp ");
        config.put("mcp.auth.clock-skew", "PT1M");
        config.put("mcp.auth.roles-claims", "permissions, https://example.com/groups");
        config.put("mcp.resource", "https://mcp.example.com/mcp");
        config.put("mcp.authorization-servers", "https://a.example.com,https://b.example.com");
        config.put("mcp.auth.scopes-supported", "channels:read,recordings:write");
        config.put("mcp.auth.max-token-bytes", "16384");
        config.put("mcp.auth.jwks-refresh-min-interval", "60");
        config.put("mcp.auth.jwks-cache-ttl", "pt1h");
        config.put("mcp.auth.jwks-timeout", "PT2.5S");
        config.put("mcp.auth.allowed-algorithms", "RS256, ES256");
        config.put("mcp.auth.token-types", "AT+JWT");

        AuthSettings settings = read();

        assertEquals(Set.of("https://mcp.example.com/mcp", "https://api.example.com", "api://mcp"), settings.audiences());
        assertEquals(Duration.ofMinutes(1), settings.clockSkew());
        assertEquals(List.of("permissions", "https://example.com/groups"), settings.rolesClaims());
        assertEquals("https://mcp.example.com/mcp", settings.resource());
        assertEquals(List.of("https://a.example.com", "https://b.example.com"), settings.authorizationServers());
        assertEquals(List.of("channels:read", "recordings:write"), settings.scopesSupported());
        assertEquals(16384, settings.maxTokenBytes());
        assertEquals(Duration.ofSeconds(60), settings.jwksRefreshMinInterval());
        assertEquals(Duration.ofHours(1), settings.jwksCacheTtl());
        assertEquals(Duration.ofMillis(2500), settings.jwksTimeout());
        assertEquals(Set.of("RS256", "ES256"), settings.allowedAlgorithms());
        assertEquals(Set.of("at+jwt"), settings.tokenTypes());
    }

    @Test
    void blankValuesCountAsAbsent() {
        config.put("mcp.auth.clock-skew", "  ");
        assertEquals(Duration.ofSeconds(30), read().clockSkew());
        config.put("mcp.resource", " ");
        assertTrue(failure().contains("mcp.resource"), "blank is missing, which authorization does not allow");
        config.put("mcp.auth.enabled", "false");
        assertEquals(AuthSettings.DEFAULT_RESOURCE, read().resource());
    }

    @Test
    void durationsAcceptSecondsOrIso8601AsEverySettingDoes() {
        config.put("mcp.auth.clock-skew", "45");
        assertEquals(Duration.ofSeconds(45), read().clockSkew(), "a bare number is seconds, as in every other setting");
        config.put("mcp.auth.clock-skew", "PT45S");
        assertEquals(Duration.ofSeconds(45), read().clockSkew());
        config.put("mcp.auth.clock-skew", "PT0.2S");
        assertEquals(Duration.ofMillis(200), read().clockSkew());
        for (String bad : List.of("45s", "-5", "45000ms")) {
            config.put("mcp.auth.clock-skew", bad);
            assertTrue(failure().contains("mcp.auth.clock-skew"), bad);
        }
    }

    @Test
    void invalidValuesNameTheirKey() {
        config.put("mcp.auth.clock-skew", "soon");
        assertTrue(failure().contains("mcp.auth.clock-skew"));
        config.remove("mcp.auth.clock-skew");

        config.put("mcp.auth.max-token-bytes", "lots");
        assertTrue(failure().contains("mcp.auth.max-token-bytes"));
        config.remove("mcp.auth.max-token-bytes");

        config.put("mcp.auth.enabled", "yes");
        assertTrue(failure().contains("mcp.auth.enabled"));
    }

    @Test
    void negativeValuesAreRejected() {
        config.put("mcp.auth.clock-skew", "-PT5S");
        assertTrue(failure().contains("mcp.auth.clock-skew"));
        config.put("mcp.auth.clock-skew", "5");
        config.put("mcp.auth.max-token-bytes", "-1");
        assertTrue(failure().contains("mcp.auth.max-token-bytes"));
    }

    @Test
    void refreshMinIntervalHasAFloorOfOneSecond() {
        for (String tooSmall : List.of("0", "PT0S", "PT0.999S")) {
            config.put("mcp.auth.jwks-refresh-min-interval", tooSmall);
            String message = failure();
            assertTrue(message.contains("mcp.auth.jwks-refresh-min-interval"), message);
            assertTrue(message.contains("PT1S"), message);
        }
        config.put("mcp.auth.jwks-refresh-min-interval", "1");
        assertEquals(Duration.ofSeconds(1), read().jwksRefreshMinInterval());
        assertEquals(AuthSettings.MIN_JWKS_REFRESH_MIN_INTERVAL, read().jwksRefreshMinInterval());
        assertThrows(IllegalArgumentException.class, () -> new AuthSettings(false, null, null, null, null, null, null,
                0, Duration.ZERO, null, null, null, null, null, null));
    }

    @Test
    void enabledRequiresIssuerAndJwks() {
        config.remove("mp.jwt.verify.issuer");
        assertTrue(failure().contains("mp.jwt.verify.issuer"));
        config.put("mp.jwt.verify.issuer", "https://issuer.example.com/");
        config.remove("mp.jwt.verify.publickey.location");
        assertTrue(failure().contains("mp.jwt.verify.publickey.location"));
    }

    @Test
    void enabledRequiresAnExplicitResource() {
        // With a shared default, two deployments that both kept it would accept each other's tokens.
        config.remove("mcp.resource");
        String message = failure();
        assertTrue(message.contains("mcp.resource"), message);
        assertTrue(message.contains("required"), message);

        config.put("mcp.auth.enabled", "true");
        assertTrue(failure().contains("mcp.resource"));

        assertThrows(IllegalArgumentException.class, () -> new AuthSettings(true, "https://i.example/",
                URI.create("https://i.example/jwks"), null, null, null, null, 0, null, null, null, null, null, null, null));
    }

    @Test
    void disabledNeedsNeitherIssuerNorJwksNorResource() {
        config.clear();
        config.put("mcp.auth.enabled", "false");
        AuthSettings settings = read();
        assertFalse(settings.enabled());
        assertNull(settings.issuer());
        assertEquals(List.of(), settings.authorizationServers());
        assertEquals(AuthSettings.DEFAULT_RESOURCE, settings.resource(), "still used for Host checks and the metadata");
        assertEquals("http://127.0.0.1:8080/mcp", AuthSettings.DEFAULT_RESOURCE);
    }

    @Test
    void jwksLocationMustBeAnHttpUrl() {
        config.put("mp.jwt.verify.publickey.location", "/META-INF/publicKey.pem");
        assertTrue(failure().contains("mp.jwt.verify.publickey.location"));
        config.put("mp.jwt.verify.publickey.location", "file:///etc/jwks.json");
        assertTrue(failure().contains("mp.jwt.verify.publickey.location"));
    }

    @Test
    void jwksOverPlainHttpOnlyFromLoopback() {
        for (String ok : List.of("https://tenant.eu.auth0.com/.well-known/jwks.json", "HTTPS://example.com:8443/k",
                "http://localhost/jwks.json", "http://LocalHost:8080/jwks.json", "http://127.0.0.1:18080/realms/x/certs",
                "http://127.255.3.9/jwks", "http://[::1]:8080/jwks", "http://[0:0:0:0:0:0:0:1]/jwks",
                "http://[::ffff:127.0.0.1]/jwks")) {
            config.put("mp.jwt.verify.publickey.location", ok);
            assertEquals(URI.create(ok), read().jwksUri(), ok);
        }
        for (String bad : List.of("http://tenant.eu.auth0.com/.well-known/jwks.json", "http://10.0.0.1/jwks",
                "http://192.168.1.1:8080/jwks", "http://128.0.0.1/jwks", "http://127.0.0.1.nip.io/jwks",
                "http://localhost.example.com/jwks", "http://localhost./jwks", "http://127.1/jwks",
                "http://0177.0.0.1/jwks", "http://127.000.0.1/jwks", "http://2130706433/jwks", "http://0x7f000001/jwks",
                "http://127.0.0.256/jwks", "http://[::2]/jwks", "http://[::ffff:10.0.0.1]/jwks", "http://0.0.0.0/jwks")) {
            config.put("mp.jwt.verify.publickey.location", bad);
            String message = failure();
            assertTrue(message.contains("mp.jwt.verify.publickey.location"), bad + ": " + message);
        }
        config.put("mp.jwt.verify.publickey.location", "http://tenant.eu.auth0.com/.well-known/jwks.json");
        assertTrue(failure().contains("must be an https URL (plain http only to a loopback host"), failure());
        config.put("mcp.auth.enabled", "false");
        config.put("mp.jwt.verify.publickey.location", "http://keys.example.com/jwks");
        assertTrue(failure().contains("mp.jwt.verify.publickey.location"), "checked even with authorization off");
    }

    /**
     * Clients derive the authorization server's metadata from each entry (an issuer identifier, RFC 8414): a typo was
     * served as it was, and every client's discovery failed while the server looked healthy.
     */
    @Test
    void authorizationServersAreHttpsIssuerIdentifiers() {
        for (String bad : List.of("auth.example.com", "http://auth.example.com", "ftp://auth.example.com", "https://auth.example.com/?tenant=a",
                "https://auth.example.com/#x", "urn:auth", "https://")) {
            config.put("mcp.authorization-servers", "https://ok.example.com, " + bad);
            String message = failure();
            assertTrue(message.contains("mcp.authorization-servers") && message.contains(bad), bad + ": " + message);
        }
        config.put("mcp.authorization-servers", "https://auth.example.com/realms/mcp, http://127.0.0.1:8180/realms/mcp, http://localhost:9000");
        assertEquals(List.of("https://auth.example.com/realms/mcp", "http://127.0.0.1:8180/realms/mcp", "http://localhost:9000"),
                read().authorizationServers());
    }

    @Test
    void resourceMustBeAnAbsoluteHttpUrlWithoutQueryOrFragment() {
        for (String enabled : List.of("true", "false")) {
            config.put("mcp.auth.enabled", enabled);
            for (String bad : List.of("/mcp", "mcp.example.com/mcp", "ftp://mcp.example.com/mcp", "urn:mcp:server",
                    "https:///mcp", "https://mcp.example.com/mcp#x", "https://mcp.example.com/mcp#",
                    "https://mcp.example.com/mcp?tenant=a", "https://mcp.example.com/mcp?")) {
                config.put("mcp.resource", bad);
                String message = failure();
                assertTrue(message.contains("mcp.resource"), enabled + " " + bad + ": " + message);
            }
            config.put("mcp.resource", "https://mcp.example.com/mcp#x");
            assertTrue(failure().contains("fragment"));
            config.put("mcp.resource", "https://mcp.example.com/mcp?x=1");
            assertTrue(failure().contains("query"));
            // it goes into every challenge as it is: a 500 for every request without a token, where only ASCII can go
            config.put("mcp.resource", "https://mcp.example.com/w\u00e9rkzeug/mcp");
            String message = failure();
            assertTrue(message.contains("ASCII") && message.contains("https://mcp.example.com/w%C3%A9rkzeug/mcp"), message);
        }
    }

    @Test
    void symmetricAndUnsecuredAlgorithmsCannotBeAllowed() {
        for (String alg : List.of("HS256", "none", "HS512", "RSA-OAEP", "EdDSA")) {
            config.put("mcp.auth.allowed-algorithms", "RS256," + alg);
            assertTrue(failure().contains(alg), alg);
        }
    }

    @Test
    void tokenTypesAreAtJwtJwtOrNone() {
        for (String type : List.of("JOSE", "logout+jwt", "application/none")) {
            config.put("mcp.auth.token-types", "at+jwt," + type);
            String failure = failure();
            assertTrue(failure.contains("mcp.auth.token-types") && failure.contains(type), failure);
        }
        config.put("mcp.auth.token-types", "application/AT+JWT, None");
        assertEquals(Set.of("at+jwt", "none"), read().tokenTypes(), "the media type's prefix and case do not matter");
    }

    @Test
    void scopesSupportedMustBeScopeTokens() {
        config.put("mcp.auth.scopes-supported", "ok:scope,bad\"scope");
        assertTrue(failure().contains("bad\"scope"));
    }

    @Test
    void constructorFillsDefaultsAndAlwaysIncludesTheResourceInTheAudiences() {
        AuthSettings settings = new AuthSettings(true, "https://i.example/", URI.create("https://i.example/jwks"),
                Set.of("api://x"), null, null, null, 0, null, null, null, "https://h.example/mcp", null, null, null);
        assertEquals(Set.of("https://h.example/mcp", "api://x"), settings.audiences());
        assertEquals(AuthSettings.DEFAULT_CLOCK_SKEW, settings.clockSkew());
        assertEquals(AuthSettings.DEFAULT_ROLES_CLAIMS, settings.rolesClaims());
        assertEquals(List.of("https://i.example/"), settings.authorizationServers());
        assertThrows(UnsupportedOperationException.class, () -> settings.audiences().add("y"));
    }
}
