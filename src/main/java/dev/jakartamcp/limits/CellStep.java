package dev.jakartamcp.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * One request counted by the generic cell rate algorithm against a bucket that is full again at {@code fullAt}: it
 * is allowed, or refused with {@link #waitNanos()} until a request would be; either way the bucket is then full again
 * at {@link #fullAt()}, which the counter stores. Times are nanoseconds on the counter's clock.
 */
public record CellStep(long fullAt, long waitNanos) {

    /** Counts one request at {@code now} against {@code limit}, the bucket being full again at {@code fullAt}. */
    public static CellStep take(RateLimit limit, long fullAt, long now) {
        long period = limit.per().toNanos();
        long interval = period / limit.permits();
        // A limit set live to a shorter period counts what was used under the old one as at most the new burst (and
        // stores that), so nobody waits longer than the new limit says.
        long ahead = Math.min(Math.max(fullAt - now, 0), period);
        if (ahead > period - interval) {
            return new CellStep(fullAt - now > period ? now + period : fullAt, ahead - (period - interval));
        }
        return new CellStep(now + ahead + interval, 0);
    }

    public boolean allowed() {
        return waitNanos == 0;
    }

    /** Empty when allowed, else how long until a request would be. */
    public Optional<Duration> waitTime() {
        return allowed() ? Optional.empty() : Optional.of(Duration.ofNanos(waitNanos));
    }
}
