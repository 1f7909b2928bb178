package dev.jakartamcp.security;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.jakartamcp.protocol.Texts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issuer's signing keys, fetched from its JWKS endpoint and cached.
 *
 * <ul>
 *   <li>The cache lives for {@code Cache-Control: max-age}, clamped to
 *       [{@link AuthSettings#jwksRefreshMinInterval()}, {@link AuthSettings#jwksCacheTtl()}];
 *       without max-age it lives for {@code jwksCacheTtl}.</li>
 *   <li>Every HTTP fetch, whatever triggered it, is at least {@code jwksRefreshMinInterval} after the previous
 *       attempt (a failed {@link #warmUp()} at the start excepted), so forged {@code kid}s cannot make us hammer the
 *       issuer. Concurrent callers that miss the cache
 *       wait for the one fetch in flight instead of starting their own, and take its result, failed or not, so that
 *       none waits longer than one {@link AuthSettings#jwksTimeout()}.</li>
 *   <li>When a fetch fails, the last good key set keeps being served; the failure is logged once per outage.</li>
 *   <li>Each fetch is bounded by {@link AuthSettings#jwksTimeout()} end to end (redirects included) and by
 *       {@link #MAX_RESPONSE_BYTES} per response.</li>
 *   <li>Every URL fetched must pass {@link AuthSettings#isAllowedJwksUrl(URI)} (https, or http to loopback).
 *       Redirects (301, 302, 303, 307, 308) are followed here, not by the {@link HttpClient}: only to the same
 *       origin (scheme, host and port) and at most {@link #MAX_REDIRECTS} times. A redirect elsewhere, or one too
 *       many, is a failed fetch like any other.</li>
 * </ul>
 *
 * <p>Only public keys are kept; a JWKS that accidentally carries private or symmetric keys is reduced to its
 * public part. Thread-safe.
 */
public final class JwksKeySource {

    public static final int MAX_RESPONSE_BYTES = 256 * 1024;
    /** Same-origin redirects followed per fetch; one more is a failed fetch. */
    public static final int MAX_REDIRECTS = 3;

    private static final System.Logger LOG = System.getLogger(JwksKeySource.class.getName());
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?",
            Pattern.CASE_INSENSITIVE);

    private final URI jwksUri;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Duration minInterval;
    /** Guarded by {@link #fetchLock}; without one given, built for the first fetch (see the one-argument constructor). */
    private HttpClient http;
    private final Clock clock;
    /**
     * Nanoseconds for the cache's age and the back-off: a step of the wall clock (an NTP step, a restored VM) must
     * neither hold the keys fresh nor keep the next fetch away for as long as it stepped back.
     */
    private final java.util.function.LongSupplier ticker;

    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicInteger fetchCount = new AtomicInteger();
    /**
     * Fetches that succeeded, counted once they did: derived as attempts minus failures, a fetch under way counted as a
     * success until it failed, and the exported counter went down when it did.
     */
    private final AtomicLong successes = new AtomicLong();
    private final AtomicInteger fetchesFinished = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private volatile Cached cached;
    private volatile Instant lastAttempt;
    /** When ({@link #ticker}) the back-off of {@code minInterval} began: the last fetch, unless it was a failed {@link #warmUp()}. */
    private volatile Long backOffFrom;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile boolean failing;
    /** The keys the last fetch left out, as logged; guarded by {@link #fetchLock}. */
    private String lastSkipped;

    /** {@code expiresAt}: on the {@link #ticker}. */
    private record Cached(JWKSet keys, long expiresAt) {
    }

    /**
     * What operators need to know about the keys (health, metrics, operations API).
     *
     * @param keyIds      the {@code kid}s of the current key set (empty before the first successful fetch)
     * @param hasKeys     whether the current key set holds a key that can verify a token (an RSA or EC signing key)
     * @param lastSuccess when a fetch last succeeded, or null
     * @param lastAttempt when a fetch was last attempted, or null
     * @param lastError   what went wrong with the last failed fetch since the last success, or null
     */
    public record Status(URI uri, List<String> keyIds, boolean hasKeys, Instant lastSuccess, Instant lastAttempt,
                         String lastError, long successes, long failures) {
    }

    /**
     * With the JDK's {@link HttpClient}, built for the first fetch rather than here: its SSL context takes tens of
     * milliseconds, which the application's start need not wait for when the keys are fetched on another thread.
     */
    public JwksKeySource(AuthSettings settings) {
        this(settings, Clock.systemUTC());
    }

    private JwksKeySource(AuthSettings settings, Clock clock) {
        // the system's clock: the JVM's monotonic time; a test's clock: its own, which the test moves
        this(settings, clock, clock.equals(Clock.systemUTC()) ? System::nanoTime : () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    private JwksKeySource(AuthSettings settings, Clock clock, java.util.function.LongSupplier ticker) {
        this.jwksUri = Objects.requireNonNull(settings.jwksUri(), "settings.jwksUri");
        this.timeout = settings.jwksTimeout();
        this.cacheTtl = settings.jwksCacheTtl();
        this.minInterval = settings.jwksRefreshMinInterval();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = ticker;
    }

    /** As {@link #JwksKeySource(AuthSettings, HttpClient, Clock)}, ages measured by {@code ticker} (nanoseconds). */
    JwksKeySource(AuthSettings settings, HttpClient http, Clock clock, java.util.function.LongSupplier ticker) {
        this(settings, clock, ticker);
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * @param http  used for the fetches; a container integration may pass a client built on a managed executor. It
     *              must not follow redirects itself ({@link HttpClient.Redirect#NEVER}, the default of
     *              {@link HttpClient#newBuilder()}): this class follows same-origin ones only.
     * @param clock drives cache expiry and the refresh rate limit
     * @throws IllegalArgumentException if {@code http} follows redirects
     */
    public JwksKeySource(AuthSettings settings, HttpClient http, Clock clock) {
        this(settings, clock);
        this.http = Objects.requireNonNull(http, "http");
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HttpClient for the JWKS must not follow redirects (it follows "
                    + http.followRedirects() + "); JwksKeySource follows same-origin redirects itself");
        }
    }

    /**
     * The current key set: cached while fresh; once stale, refetched (rate limited) with the stale set as fallback.
     *
     * @return empty if no key set was ever fetched successfully
     */
    public Optional<JWKSet> currentKeys() {
        Cached current = cached;
        if (current != null && ticker.getAsLong() - current.expiresAt() < 0) {
            return Optional.of(current.keys());
        }
        if (current != null) {
            // Stale: one caller refreshes, the others keep using the stale set rather than queueing.
            if (fetchLock.tryLock()) {
                try {
                    if (cached == current && mayFetchNow()) {
                        fetch(false);
                    }
                } finally {
                    fetchLock.unlock();
                }
            }
            return Optional.of(cached.keys());
        }
        return refreshedKeys(null);
    }

    /**
     * A key set newer than {@code seen}, fetched because a token names a key that {@code seen} lacks. If another
     * caller already replaced {@code seen}, or a fetch was attempted within the minimum interval, no new fetch
     * happens and the current set is returned.
     *
     * @param seen the set the caller looked in, or {@code null}
     * @return empty if no key set was ever fetched successfully
     */
    public Optional<JWKSet> refreshedKeys(JWKSet seen) {
        int finished = fetchesFinished.get();
        Cached before = cached;
        // a fetch running now may bring the key (the back-off starts when a fetch starts): wait for it below, as the
        // callers that came before it began do, rather than refuse the token with the set it is replacing
        if (before != null && (before.keys() != seen || !mayFetchNow() && !fetchLock.isLocked())) {
            // read again: a fetch may have ended between the read above and the lock's check, its set the newer
            Cached current = cached;
            return Optional.of((current != null ? current : before).keys());
        }
        fetchLock.lock();
        try {
            Cached now = cached;
            boolean someoneElseFetched = now != before || (now != null && now.keys() != seen);
            // A fetch that ended while this caller waited is its attempt too, even a failed warm-up (which leaves the
            // back-off open): fetching once more would make it wait up to two timeouts.
            boolean someoneElseTried = fetchesFinished.get() != finished;
            if (!someoneElseFetched && !someoneElseTried && mayFetchNow()) {
                fetch(false);
            }
        } finally {
            fetchLock.unlock();
        }
        Cached after = cached;
        return after == null ? Optional.empty() : Optional.of(after.keys());
    }

    /**
     * Fetches the keys ahead of the first token, if no fetch was attempted yet: meant for a background thread while
     * the application starts, so that the first request does not wait for the issuer. A failed warm-up is counted and
     * reported like any fetch but does not start the back-off: the authorization server may simply start after this
     * one, and the first token (or readiness probe) must not then be refused for {@code minInterval}. Returns at once
     * if another caller is fetching.
     */
    public void warmUp() {
        if (!fetchLock.tryLock()) {
            return;
        }
        try {
            if (lastAttempt == null) {
                fetch(true);
            }
        } finally {
            fetchLock.unlock();
        }
    }

    /** Number of HTTP fetches attempted so far, successful or not. */
    public int fetchCount() {
        return fetchCount.get();
    }

    public Status status() {
        Cached current = cached;
        List<String> kids = current == null ? List.of()
                : current.keys().getKeys().stream().map(k -> k.getKeyID() == null ? "" : k.getKeyID()).toList();
        boolean canVerify = current != null && current.keys().getKeys().stream().anyMatch(JwksKeySource::mayVerify);
        return new Status(jwksUri, kids, canVerify, lastSuccess, lastAttempt, failing ? lastError : null,
                successes.get(), failures.get());
    }

    /**
     * Whether {@code key} could verify a token's signature: an RSA or EC key whose {@code use} and {@code key_ops}, if
     * given, allow it (the validator also checks the algorithm and the size or curve per token).
     */
    private static boolean mayVerify(JWK key) {
        return (key instanceof RSAKey || key instanceof ECKey)
                && (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                && (key.getKeyOperations() == null || key.getKeyOperations().contains(KeyOperation.VERIFY));
    }

    /**
     * The status, after a fetch when no key that can verify a token is cached: none fetched yet, or the set fetched
     * holds none (empty, encryption keys only). Such a set is fetched again at most once per
     * {@code mcp.auth.jwks-refresh-min-interval}, rather than kept for its cache lifetime while readiness keeps the node
     * out of rotation, and so away from the tokens that would ask for a refresh.
     */
    public Status statusFetchingIfNoKeys() {
        if (!status().hasKeys()) {
            currentKeys().filter(keys -> !status().hasKeys()).ifPresent(this::refreshedKeys);
        }
        return status();
    }

    private boolean mayFetchNow() {
        Long last = backOffFrom;
        return last == null || ticker.getAsLong() - last >= nanos(minInterval);
    }

    /** Called with {@link #fetchLock} held; {@code warmUp}: a failure does not start the back-off. */
    private void fetch(boolean warmUp) {
        lastAttempt = clock.instant();
        backOffFrom = ticker.getAsLong();
        fetchCount.incrementAndGet();
        try {
            HttpResponse<byte[]> response = download();
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            JWKSet keys = parse(new String(response.body(), StandardCharsets.UTF_8));
            Duration ttl = timeToLive(response.headers().firstValue("Cache-Control").orElse(null));
            cached = new Cached(keys, ticker.getAsLong() + nanos(ttl));
            lastSuccess = clock.instant();
            successes.incrementAndGet();
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "JWKS {0} reachable again, {1} key(s)", jwksUri, keys.size());
            }
        } catch (IOException | ParseException | RuntimeException e) {
            boolean firstFailure = !failing;
            failures.incrementAndGet();
            lastError = Texts.cut(e.toString(), 500);
            failing = true;
            String fallback = cached == null ? "no keys cached yet, tokens are rejected"
                    : "keeping " + cached.keys().size() + " cached key(s)";
            if (warmUp) {
                backOffFrom = null;
            }
            LOG.log(firstFailure ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "JWKS fetch from {0} failed ({1}); {2}; next attempt {3}",
                    jwksUri, e.toString(), fallback, warmUp ? "with the first token or readiness probe"
                            : "in " + minInterval + " at the earliest");
        } finally {
            fetchesFinished.incrementAndGet();
        }
    }

    /**
     * The public keys of a JWKS document. A key this library cannot read (a curve it does not know, a member missing
     * or malformed) is left out, as RFC 7517 section 5 asks, and named in the log when the set of such keys changes:
     * read as a whole, one such key made the whole set fail, and so every key of the issuer unusable. A document
     * without a {@code keys} array is a failed fetch.
     */
    private JWKSet parse(String document) throws ParseException {
        Map<String, Object> json = JSONObjectUtils.parse(document);
        if (!(json.get("keys") instanceof List<?> members)) {
            throw new ParseException("the JWKS has no \"keys\" array", 0);
        }
        List<JWK> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            try {
                if (!(members.get(i) instanceof Map<?, ?> member)) {
                    throw new ParseException("not an object", 0);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) member;
                keys.add(JWK.parse(object));
            } catch (ParseException | RuntimeException e) {
                skipped.add("#" + i + ": " + Texts.cut(String.valueOf(e.getMessage()), 120));
            }
        }
        String skippedNow = skipped.isEmpty() ? null : String.join("; ", skipped.subList(0, Math.min(skipped.size(), 10)));
        if (!Objects.equals(skippedNow, lastSkipped)) {
            lastSkipped = skippedNow;
            if (skippedNow != null) {
                LOG.log(System.Logger.Level.WARNING, "JWKS {0}: {1} key(s) left out, which this server cannot read ({2}); using the other {3}",
                        jwksUri, skipped.size(), skippedNow, keys.size());
            }
        }
        return new JWKSet(keys).toPublicJWKSet();
    }

    /** The final response, after at most {@link #MAX_REDIRECTS} same-origin redirects, all within {@link #timeout}. */
    private HttpResponse<byte[]> download() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI url = jwksUri;
        for (int redirects = 0; ; redirects++) {
            if (!AuthSettings.isAllowedJwksUrl(url)) {
                throw new IOException("not fetching keys from " + url + ": https required (http only to loopback)");
            }
            HttpResponse<byte[]> response = send(url, deadline);
            if (!REDIRECTS.contains(response.statusCode())) {
                return response;
            }
            if (redirects == MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects, the last from " + url);
            }
            URI next = redirectTarget(url, response);
            if (!sameOrigin(url, next)) {
                throw new IOException("redirect from " + url + " to another origin refused: " + next);
            }
            url = next;
        }
    }

    private static URI redirectTarget(URI from, HttpResponse<?> response) throws IOException {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("HTTP status " + response.statusCode() + " without Location"));
        try {
            URI target = from.resolve(new URI(location.trim()));
            if (target.getRawFragment() != null) {
                String text = target.toString();
                target = new URI(text.substring(0, text.indexOf('#')));
            }
            return target;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("redirect from " + from + " to an invalid URL: " + location, e);
        }
    }

    /** Scheme, host and port equal, the default port of the scheme counting as given. */
    static boolean sameOrigin(URI a, URI b) {
        if (a.getScheme() == null || b.getScheme() == null || a.getHost() == null || b.getHost() == null) {
            return false;
        }
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : uri.getScheme().equalsIgnoreCase("http") ? 80 : -1;
    }

    private HttpResponse<byte[]> send(URI url, long deadline) throws IOException {
        long remainingNanos = deadline - System.nanoTime();
        if (remainingNanos <= 0) {
            throw new IOException("timed out after " + timeout);
        }
        Duration remaining = Duration.ofNanos(remainingNanos);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(remaining)
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        if (http == null) {
            http = defaultClient(timeout);
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new LimitedBodySubscriber(MAX_RESPONSE_BYTES));
        try {
            // The request timeout only covers the response headers; this bounds the body as well.
            return future.get(remainingNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("timed out after " + timeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        }
    }

    /** {@code d} in nanoseconds, at most a century: the settings are bounded by nothing else, and the ticker wraps. */
    private static long nanos(Duration d) {
        return TimeUnit.SECONDS.toNanos(Math.min(d.getSeconds(), TimeUnit.DAYS.toSeconds(36_500))) + d.getNano();
    }

    private Duration timeToLive(String cacheControl) {
        if (cacheControl == null) {
            return cacheTtl;
        }
        Matcher m = MAX_AGE.matcher(cacheControl);
        if (!m.find()) {
            return cacheTtl;
        }
        Duration maxAge = Duration.ofSeconds(Long.parseLong(m.group(1)));
        if (maxAge.compareTo(minInterval) < 0) {
            return minInterval;
        }
        return maxAge.compareTo(cacheTtl) > 0 ? cacheTtl : maxAge;
    }

    private static HttpClient defaultClient(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Collects the body, failing once it exceeds the limit instead of buffering an unbounded response. */
    private static final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBodySubscriber(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + item.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("JWKS response larger than " + limit + " bytes"));
                    return;
                }
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                buffer.write(bytes, 0, bytes.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
