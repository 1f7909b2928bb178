package dev.jakartamcp.limits;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.LiveFallback;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;

/**
 * The server's rate limits: every request (POST) of a caller against {@code mcp.rate-limit.requests-per-minute}, and
 * each use of an item against its {@code mcp.<kind>.<name>.rate-limit}, both per caller and read live. A refused
 * request is an {@link McpException.Reason#RATE_LIMITED} error saying when to retry.
 */
@ApplicationScoped
public class RateLimits {
    /** mcp.rate-limit.requests-per-minute's default, in force while a live value cannot be read. */
    private static final RateLimit DEFAULT_REQUESTS = RateLimit.perMinute(McpSettings.DEFAULT_REQUESTS_PER_MINUTE);

    @Inject
    McpSettings settings;

    @Inject
    RateCounter.Factory counters;

    private RateCounter requests;
    private RateCounter items;
    private final java.util.concurrent.atomic.AtomicLong bodies = new java.util.concurrent.atomic.AtomicLong();

    public RateLimits() {
    }

    /** Limits read from {@code settings}, counted in this server, ready to use (outside CDI: tests). */
    public RateLimits(McpSettings settings) {
        this.settings = settings;
        this.counters = (name, maxKeys) -> new RateLimiter(maxKeys);
        init();
    }

    @PostConstruct
    void init() {
        requests = counters.create("requests", settings.rateLimitMaxCallers());
        items = counters.create("items", settings.rateLimitMaxCallers());
    }

    /** Counts one request of {@code caller}; throws when the caller exceeded {@code mcp.rate-limit.requests-per-minute}. */
    public void checkRequest(Caller caller) {
        // broken while running: the default holds, logged once (readiness reports it), where every POST
        // was a 500 with a stack trace
        RateLimit limit = LiveFallback.read(settings::requestRateLimit, DEFAULT_REQUESTS);
        Optional<Duration> wait = requests.acquire(caller.quotaKey(), limit);
        if (wait.isPresent()) {
            throw McpException.rateLimited("Rate limit exceeded: at most " + limit.permits() + " requests per minute per caller; retry in "
                    + seconds(wait.get()) + " s", wait.get());
        }
    }

    /**
     * Counts one use by {@code caller} of the item whose uses {@code bucket} counts (its property, e.g.
     * "mcp.tools.get_channels.rate-limit") against {@code limit}; a refusal names it as {@code what} ("tool get_channels").
     */
    public void checkItem(Caller caller, String bucket, String what, RateLimit limit) {
        Optional<Duration> wait = items.acquire(bucket + "\n" + caller.quotaKey(), limit);
        if (wait.isPresent()) {
            throw McpException.rateLimited("Rate limit exceeded: " + what + " allows " + limit.permits() + " calls per "
                    + limit.per() + " per caller; retry in " + seconds(wait.get()) + " s", wait.get());
        }
    }

    public long refused() {
        return requests.refused() + items.refused();
    }

    /** Requests refused since the start by {@code mcp.rate-limit.requests-per-minute}. */
    public long requestsRefused() {
        return requests.refused();
    }

    /** Uses of items refused since the start by their {@code mcp.<kind>.<name>.rate-limit}. */
    public long itemUsesRefused() {
        return items.refused();
    }

    /** Counts a request refused before its body was read: its caller had {@code mcp.request-body.max-per-caller} arriving. */
    public void bodyRefused() {
        bodies.incrementAndGet();
    }

    /** Requests refused since the start by {@code mcp.request-body.max-per-caller}. */
    public long bodiesRefused() {
        return bodies.get();
    }

    /** Whole seconds, rounded up to the nanosecond (a client that waits them is never early), at least 1. */
    static long seconds(Duration wait) {
        return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
    }
}
