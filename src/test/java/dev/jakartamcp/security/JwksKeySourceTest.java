package dev.jakartamcp.security;

import com.nimbusds.jose.jwk.JWKSet;
import dev.jakartamcp.ops.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static dev.jakartamcp.security.TestTokens.EC;
import static dev.jakartamcp.security.TestTokens.RSA;
import static dev.jakartamcp.security.TestTokens.RSA_ROTATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwksKeySourceTest {

    private final MutableClock clock = new MutableClock();
    private final Map<String, String> config = new HashMap<>();
    private JwksServer server;

    @BeforeEach
    void start() throws Exception {
        server = new JwksServer().publish(RSA, EC);
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        config.put("mp.jwt.verify.publickey.location", server.uri().toString());
        config.put("mcp.resource", TestTokens.RESOURCE);
        config.put("mcp.auth.jwks-refresh-min-interval", "PT30S");
        config.put("mcp.auth.jwks-cache-ttl", "PT10M");
        config.put("mcp.auth.jwks-timeout", "PT20S"); // generous: a loaded 2-core CI machine must not turn a slow fetch into a false failure
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JwksKeySource source() {
        AuthSettings settings = AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key)));
        return new JwksKeySource(settings, HttpClient.newHttpClient(), clock);
    }

    private static List<String> kids(Optional<JWKSet> keys) {
        return keys.orElseThrow().getKeys().stream().map(k -> k.getKeyID()).toList();
    }

    @Test
    void fetchesOnFirstUseAndCachesWithinTtl() {
        JwksKeySource source = source();
        assertEquals(0, server.hits(), "nothing is fetched before it is needed");

        assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
        clock.advance(Duration.ofMinutes(9));
        source.currentKeys();
        source.currentKeys();

        assertEquals(1, server.hits());
        assertEquals(1, source.fetchCount());
    }

    @Test
    void aWarmUpFetchesOnceAndTheFirstUseIsServedFromItsCache() {
        JwksKeySource source = source();
        source.warmUp();
        assertEquals(1, server.hits());
        assertTrue(source.status().hasKeys());

        assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
        source.warmUp();
        assertEquals(1, server.hits(), "the first use and a second warm-up fetch nothing");
    }

    @Test
    void aFailedWarmUpIsReportedButDoesNotHoldBackTheFirstFetch() {
        server.mode(JwksServer.Mode.FAIL);
        JwksKeySource source = source();
        try (LogCapture log = LogCapture.of(JwksKeySource.class)) {
            source.warmUp();
            List<String> warnings = log.messagesAt(Level.WARNING);
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("next attempt with the first token or readiness probe"), warnings::toString);
        }
        assertEquals(1, server.hits());
        JwksKeySource.Status status = source.status();
        assertFalse(status.hasKeys());
        assertEquals(1, status.failures());
        assertTrue(status.lastError().contains("HTTP status 503"), status::toString);

        server.mode(JwksServer.Mode.SERVE);
        assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()), "at once, not after the minimum interval");
        assertEquals(2, server.hits());
    }

    @Test
    void aFailedFetchAfterAFailedWarmUpStartsTheBackOff() {
        server.mode(JwksServer.Mode.FAIL);
        JwksKeySource source = source();
        source.warmUp();
        assertTrue(source.currentKeys().isEmpty());
        assertTrue(source.refreshedKeys(null).isEmpty());
        source.warmUp();
        assertEquals(2, server.hits(), "the warm-up's failure and one more; then no fetch within the interval");

        server.mode(JwksServer.Mode.SERVE);
        clock.advance(Duration.ofSeconds(30));
        assertTrue(source.currentKeys().isPresent());
        assertEquals(3, server.hits());
    }

    @Test
    void aProbeDuringAHangingWarmUpWaitsForItOnlyAndAnswersWithinOneTimeout() throws Exception {
        config.put("mcp.auth.jwks-timeout", "PT2S");
        server.mode(JwksServer.Mode.HANG);
        JwksKeySource source = source();
        Thread warmUp = new Thread(source::warmUp);
        warmUp.start();
        while (server.hits() == 0) {
            Thread.sleep(5);
        }
        // a fetch under way is no success: counted as one until it failed, the exported counter went down then
        assertEquals(List.of(0L, 0L), List.of(source.status().successes(), source.status().failures()));
        long start = System.nanoTime();
        assertTrue(source.currentKeys().isEmpty(), "what readiness asks while the warm-up's fetch is hanging");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        warmUp.join();

        assertTrue(took.compareTo(Duration.ofMillis(3800)) < 0, "took " + took + ": one timeout of 2 s, not two");
        assertEquals(1, server.hits(), "the fetch the probe waited for is its attempt, not one more after it");
        assertTrue(source.status().lastError().contains("timed out"), source.status()::toString);
    }

    @Test
    void refetchesOnceTheTtlHasPassed() {
        JwksKeySource source = source();
        source.currentKeys();
        server.publish(RSA_ROTATED);
        clock.advance(Duration.ofMinutes(10));

        assertEquals(List.of("rsa-2"), kids(source.currentKeys()));
        assertEquals(2, server.hits());
    }

    @Test
    void honoursCacheControlMaxAgeWithinBounds() {
        server.cacheControl("public, max-age=120, must-revalidate");
        JwksKeySource source = source();
        source.currentKeys();
        clock.advance(Duration.ofSeconds(119));
        source.currentKeys();
        assertEquals(1, server.hits());
        clock.advance(Duration.ofSeconds(1));
        source.currentKeys();
        assertEquals(2, server.hits());
    }

    @Test
    void tinyMaxAgeIsRaisedToTheMinimumInterval() {
        server.cacheControl("max-age=0");
        JwksKeySource source = source();
        source.currentKeys();
        clock.advance(Duration.ofSeconds(29));
        source.currentKeys();
        assertEquals(1, server.hits());
        clock.advance(Duration.ofSeconds(1));
        source.currentKeys();
        assertEquals(2, server.hits());
    }

    @Test
    void hugeMaxAgeIsCappedAtTheConfiguredTtl() {
        server.cacheControl("max-age=31536000");
        JwksKeySource source = source();
        source.currentKeys();
        clock.advance(Duration.ofMinutes(10));
        source.currentKeys();
        assertEquals(2, server.hits());
    }

    @Test
    void refreshAfterAMissIsRateLimited() {
        JwksKeySource source = source();
        JWKSet first = source.currentKeys().orElseThrow();
        server.publish(RSA_ROTATED);

        assertSame(first, source.refreshedKeys(first).orElseThrow(), "within the interval: no fetch");
        assertEquals(1, server.hits());

        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of("rsa-2"), kids(source.refreshedKeys(first)));
        assertEquals(2, server.hits());
    }

    @Test
    void refreshWithAnOutdatedSetReturnsTheNewerOneWithoutFetching() {
        JwksKeySource source = source();
        JWKSet first = source.currentKeys().orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        JWKSet second = source.refreshedKeys(first).orElseThrow();
        clock.advance(Duration.ofSeconds(30));

        assertSame(second, source.refreshedKeys(first).orElseThrow());
        assertEquals(2, server.hits());
    }

    @Test
    void concurrentMissesCoalesceIntoOneFetch() throws Exception {
        JwksKeySource source = source();
        JWKSet first = source.currentKeys().orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<JWKSet>>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return source.refreshedKeys(first);
                }));
            }
            go.countDown();
            for (Future<Optional<JWKSet>> result : results) {
                assertTrue(result.get(10, TimeUnit.SECONDS).isPresent());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, server.hits());
    }

    /**
     * A key rotation on a busy server: a token naming the new key that comes while another such token's fetch runs
     * waits for that fetch and gets the new key; it was refused (401 "unknown signing key") with the old set at once,
     * since the back-off starts when a fetch starts.
     */
    @Test
    void aMissWhileTheFetchItNeedsRunsWaitsForItsResult() throws Exception {
        JwksKeySource source = source();
        JWKSet first = source.currentKeys().orElseThrow();
        CountDownLatch opened = new CountDownLatch(1);
        server.publish(RSA_ROTATED).hold(opened);
        clock.advance(Duration.ofMinutes(1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<JWKSet>> a = pool.submit(() -> source.refreshedKeys(first));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.hits() < 2 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(2, server.hits(), "a's fetch is running");
            Future<Optional<JWKSet>> b = pool.submit(() -> source.refreshedKeys(first));
            Thread.sleep(200);
            opened.countDown();
            assertEquals(List.of("rsa-2"), kids(b.get(10, TimeUnit.SECONDS)), "b waited for a's fetch");
            assertEquals(List.of("rsa-2"), kids(a.get(10, TimeUnit.SECONDS)));
        } finally {
            opened.countDown();
            pool.shutdownNow();
        }
        assertEquals(2, server.hits(), "one fetch for both");
    }

    /** The wall clock stepped back an hour (an NTP step, a restored VM): the back-off still ends after its interval. */
    @Test
    void aWallClockSteppedBackNeitherKeepsTheNextFetchAwayNorTheKeysFresh() {
        java.util.concurrent.atomic.AtomicLong ticker = new java.util.concurrent.atomic.AtomicLong();
        AuthSettings settings = AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key)));
        JwksKeySource source = new JwksKeySource(settings, HttpClient.newHttpClient(), clock, ticker::get);
        server.mode(JwksServer.Mode.FAIL);
        assertTrue(source.currentKeys().isEmpty());
        int tried = server.hits();
        clock.advance(Duration.ofHours(-1));
        ticker.addAndGet(Duration.ofSeconds(31).toNanos());
        server.mode(JwksServer.Mode.SERVE);
        assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()), "fetched once the interval passed");
        assertEquals(tried + 1, server.hits());
        clock.advance(Duration.ofHours(-1));
        ticker.addAndGet(Duration.ofMinutes(11).toNanos());
        source.currentKeys();
        assertEquals(tried + 2, server.hits(), "the cache aged by the ticker, not the wall clock");
    }

    @Test
    void servesStaleKeysWhileTheEndpointIsDownAndRecoversAfterwards() {
        JwksKeySource source = source();
        source.currentKeys();
        server.mode(JwksServer.Mode.FAIL);
        clock.advance(Duration.ofMinutes(11));

        assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
        assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
        assertEquals(2, server.hits(), "one failed attempt, no retry within the interval");

        server.mode(JwksServer.Mode.SERVE).publish(RSA_ROTATED);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of("rsa-2"), kids(source.currentKeys()));
        assertEquals(3, server.hits());
    }

    @Test
    void nothingCachedAndEndpointDownGivesEmpty() {
        server.mode(JwksServer.Mode.FAIL);
        JwksKeySource source = source();
        assertTrue(source.currentKeys().isEmpty());
        assertTrue(source.refreshedKeys(null).isEmpty());
        assertEquals(1, server.hits());

        server.mode(JwksServer.Mode.SERVE);
        clock.advance(Duration.ofSeconds(30));
        assertTrue(source.currentKeys().isPresent());
    }

    @Test
    void aHangingEndpointIsCutOffAtTheTimeout() {
        config.put("mcp.auth.jwks-timeout", "PT0.2S");
        server.mode(JwksServer.Mode.HANG);
        JwksKeySource source = source();
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertTrue(source.currentKeys().isEmpty()));
    }

    @Test
    void oversizedResponseIsRefused() {
        server.publishRaw("{\"keys\":[],\"padding\":\"" + "x".repeat(JwksKeySource.MAX_RESPONSE_BYTES) + "\"}");
        assertTrue(source().currentKeys().isEmpty());
    }

    @Test
    void invalidJsonIsRefused() {
        server.publishRaw("<html>login</html>");
        assertTrue(source().currentKeys().isEmpty());
        server.publishRaw("{\"keys\":\"nope\"}");
        assertTrue(source().currentKeys().isEmpty());
    }

    /**
     * A key this library cannot read (a curve it does not know, a point off its curve, an RSA key without its exponent)
     * is left out and named in a warning, once while the set of such keys stays the same; the others are used. Read
     * as a whole, one such key failed the whole set: no key of the issuer could be used.
     */
    @Test
    void aKeyThisServerCannotReadIsLeftOutAndTheOthersUsed() {
        String unreadable = "{\"kty\":\"EC\",\"crv\":\"brainpoolP256r1\",\"kid\":\"bp\",\"x\":\"AAAA\",\"y\":\"AAAA\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"no-exponent\",\"n\":\"AQAB\"},7";
        server.publishRaw("{\"keys\":[" + RSA.toPublicJWK().toJSONString() + "," + unreadable + "," + EC.toPublicJWK().toJSONString() + "]}");
        JwksKeySource source = source();
        try (LogCapture log = LogCapture.of(JwksKeySource.class)) {
            assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
            List<String> warnings = log.messagesAt(Level.WARNING);
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("3 key(s) left out") && warnings.get(0).contains("#1: ")
                    && warnings.get(0).contains("#3: ") && warnings.get(0).contains("using the other 2"), warnings::toString);
        }
        assertTrue(source.status().hasKeys());
    }

    /** Keys fetched, but none that can verify a token (none, an encryption key, a symmetric one): readiness must say so. */
    @Test
    void aKeySetWithoutASigningKeyHasNoKeysToVerifyWith() {
        for (String keys : List.of("", RSA.toPublicJWK().toJSONString().replace("{", "{\"use\":\"enc\","),
                "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}",
                EC.toPublicJWK().toJSONString().replace("{", "{\"key_ops\":[\"encrypt\"],"))) {
            server.publishRaw("{\"keys\":[" + keys + "]}");
            JwksKeySource source = source();
            assertTrue(source.currentKeys().isPresent(), keys);
            assertFalse(source.status().hasKeys(), keys);
        }
        server.publishRaw("{\"keys\":[" + RSA.toPublicJWK().toJSONString().replace("{", "{\"use\":\"sig\",") + "]}");
        JwksKeySource signing = source();
        assertTrue(signing.currentKeys().isPresent());
        assertTrue(signing.status().hasKeys());
    }

    /**
     * A set without a key that can verify is fetched again by the readiness probe once the minimum interval passed,
     * not kept for its cache lifetime: a node out of rotation gets no token that would ask for a refresh.
     */
    @Test
    void theProbeFetchesASetWithoutASigningKeyAgainAfterTheMinimumInterval() {
        server.publishRaw("{\"keys\":[]}");
        java.util.concurrent.atomic.AtomicLong ticker = new java.util.concurrent.atomic.AtomicLong();
        JwksKeySource source = new JwksKeySource(AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key))),
                HttpClient.newHttpClient(), clock, ticker::get);
        assertFalse(source.statusFetchingIfNoKeys().hasKeys());
        assertEquals(1, server.hits());
        server.publish(RSA);
        assertFalse(source.statusFetchingIfNoKeys().hasKeys(), "within the minimum interval nothing is fetched");
        assertEquals(1, server.hits());
        ticker.addAndGet(Duration.ofSeconds(31).toNanos()); // past the interval, well within the set's cache lifetime
        assertTrue(source.statusFetchingIfNoKeys().hasKeys());
        assertEquals(2, server.hits());
        assertTrue(source.statusFetchingIfNoKeys().hasKeys());
        assertEquals(2, server.hits(), "a set that can verify is not fetched again by the probe");
    }

    // --- redirects -------------------------------------------------------------------------------------------

    private JwksKeySource sourceAt(java.net.URI location) {
        config.put("mp.jwt.verify.publickey.location", location.toString());
        return source();
    }

    @Test
    void followsUpToThreeSameOriginRedirects() {
        server.redirect("1", 301, "/r/2")                                  // relative
                .redirect("2", 307, "r/../3")                              // relative to /r/2: /r/3
                .redirect("3", 308, server.uri().toString());              // absolute, same origin
        JwksKeySource source = sourceAt(server.uri("/r/1"));

        assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
        assertEquals(3, server.redirectHits());
        assertEquals(1, server.hits());
        assertEquals(1, source.fetchCount(), "one fetch, however many hops");
    }

    @Test
    void aFourthRedirectFailsTheFetch() {
        server.redirect("1", "/r/2").redirect("2", 303, "/r/3").redirect("3", "/r/4").redirect("4", "/jwks.json");
        JwksKeySource source = sourceAt(server.uri("/r/1"));

        assertTrue(source.currentKeys().isEmpty());
        assertEquals(4, server.redirectHits());
        assertEquals(0, server.hits(), "the keys behind the fourth redirect are never fetched");
    }

    @Test
    void redirectsToAnotherOriginAreNotFollowed() throws Exception {
        try (JwksServer other = new JwksServer().publish(RSA_ROTATED)) {
            List<String> elsewhere = List.of(
                    other.uri().toString(),                                             // another port
                    "http://localhost:" + server.port() + "/jwks.json",                 // another host name, same socket
                    "http://[::1]:" + server.port() + "/jwks.json",
                    "https://127.0.0.1:" + server.port() + "/jwks.json",                // another scheme
                    "http://keys.example.com/jwks.json",                                // and plain http off loopback
                    "//localhost:" + server.port() + "/jwks.json");                     // scheme-relative
            for (String target : elsewhere) {
                server.redirect("away", target);
                assertTrue(sourceAt(server.uri("/r/away")).currentKeys().isEmpty(), target);
            }
            assertEquals(0, other.hits());
            assertEquals(0, server.hits());
        }
    }

    @Test
    void theProductionClientDoesNotFollowRedirectsToAnotherOriginEither() throws Exception {
        // JwksKeySource(settings) builds its own HttpClient; it must not follow redirects behind our back.
        try (JwksServer other = new JwksServer().publish(RSA_ROTATED)) {
            for (String target : List.of(other.uri().toString(), "http://localhost:" + server.port() + "/jwks.json")) {
                server.redirect("away", target);
                config.put("mp.jwt.verify.publickey.location", server.uri("/r/away").toString());
                JwksKeySource source = new JwksKeySource(AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key))));
                assertTrue(source.currentKeys().isEmpty(), target);
            }
            assertEquals(0, other.hits());
            assertEquals(0, server.hits());

            server.redirect("same", "/jwks.json");
            config.put("mp.jwt.verify.publickey.location", server.uri("/r/same").toString());
            JwksKeySource source = new JwksKeySource(AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key))));
            assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
        }
    }

    @Test
    void aRedirectWithoutOrWithABrokenLocationFailsTheFetch() {
        server.redirect("nowhere", "http://127.0.0.1:" + server.port() + "/a b");
        assertTrue(sourceAt(server.uri("/r/nowhere")).currentKeys().isEmpty());
        assertTrue(sourceAt(server.uri("/r/unknown")).currentKeys().isEmpty(), "404 under /r/");
        assertEquals(0, server.hits());
    }

    @Test
    void aRefusedRedirectKeepsTheCachedKeysAndIsLoggedOncePerOutage() {
        try (LogCapture log = LogCapture.of(JwksKeySource.class)) {
            server.redirect("moved", "/jwks.json");
            JwksKeySource source = sourceAt(server.uri("/r/moved"));
            assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));

            server.redirect("moved", "http://localhost:" + server.port() + "/jwks.json").publish(RSA_ROTATED);
            clock.advance(Duration.ofMinutes(11));
            assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
            clock.advance(Duration.ofSeconds(30));
            assertEquals(List.of("rsa-1", "ec-1"), kids(source.currentKeys()));
            assertEquals(3, source.fetchCount());
            assertEquals(1, server.hits());
            List<String> warnings = log.messagesAt(Level.WARNING);
            assertEquals(1, warnings.size(), "two failed fetches, one warning");
            assertTrue(warnings.get(0).contains("another origin"), warnings::toString);

            server.redirect("moved", "/jwks.json");
            clock.advance(Duration.ofSeconds(30));
            assertEquals(List.of("rsa-2"), kids(source.currentKeys()));
        }
    }

    @Test
    void theTimeoutCoversAllHops() {
        config.put("mcp.auth.jwks-timeout", "PT0.3S");
        server.redirect("1", "/r/2").redirect("2", "/jwks.json").mode(JwksServer.Mode.HANG);
        JwksKeySource source = sourceAt(server.uri("/r/1"));
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertTrue(source.currentKeys().isEmpty()));
    }

    /** Each hop within the timeout, all of them beyond it: the fetch fails (a timeout per hop would take the keys). */
    @Test
    void hopsThatEachAnswerInTimeButTogetherDoNotFailTheFetch() {
        config.put("mcp.auth.jwks-timeout", "PT0.5S");
        server.redirect("1", "/r/2").redirect("2", "/jwks.json").redirectDelay(Duration.ofMillis(300)).publish(RSA);
        JwksKeySource source = sourceAt(server.uri("/r/1"));
        assertTrue(source.currentKeys().isEmpty(), "two hops of 0.3 s are beyond a timeout of 0.5 s");
        assertEquals(0, server.hits(), "the key set was never asked for");
    }

    @Test
    void aClientThatFollowsRedirectsItselfIsRefused() {
        AuthSettings settings = AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key)));
        for (HttpClient.Redirect policy : List.of(HttpClient.Redirect.NORMAL, HttpClient.Redirect.ALWAYS)) {
            HttpClient following = HttpClient.newBuilder().followRedirects(policy).build();
            assertThrows(IllegalArgumentException.class, () -> new JwksKeySource(settings, following, clock));
        }
        assertNotNull(new JwksKeySource(settings));
    }

    @Test
    void originComparisonCountsDefaultPorts() {
        java.net.URI base = java.net.URI.create("https://Keys.Example.com/jwks");
        assertTrue(JwksKeySource.sameOrigin(base, java.net.URI.create("https://keys.example.com:443/other")));
        assertFalse(JwksKeySource.sameOrigin(base, java.net.URI.create("https://keys.example.com:8443/jwks")));
        assertFalse(JwksKeySource.sameOrigin(base, java.net.URI.create("http://keys.example.com/jwks")));
        assertFalse(JwksKeySource.sameOrigin(base, java.net.URI.create("https://keys.example.com.evil/jwks")));
        assertTrue(JwksKeySource.sameOrigin(java.net.URI.create("http://127.0.0.1/a"),
                java.net.URI.create("http://127.0.0.1:80/b")));
    }

    @Test
    void keepsOnlyPublicKeys() {
        server.publishRaw(new JWKSet(List.of(RSA, EC)).toString(false));
        JWKSet keys = source().currentKeys().orElseThrow();
        assertEquals(2, keys.size());
        assertFalse(keys.containsNonPublicKeys());
        assertNotNull(keys.getKeyByKeyId("rsa-1"));
    }
}
