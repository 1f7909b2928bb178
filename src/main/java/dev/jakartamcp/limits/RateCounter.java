package dev.jakartamcp.limits;

import java.time.Duration;
import java.util.Optional;

/** Counts requests per key against a {@link RateLimit}: in this server ({@link RateLimiter}) or shared by a cluster. */
public interface RateCounter {
    /** Counts one request for {@code key}: empty when it is allowed, else how long until the next one would be. */
    Optional<Duration> acquire(String key, RateLimit limit);

    /** Requests refused so far (by this server). */
    long refused();

    /** Makes the counters of one kind of limit ("requests", "items") holding at most {@code maxKeys} keys. */
    interface Factory {
        RateCounter create(String name, int maxKeys);
    }
}
