package dev.jakartamcp.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(1000, nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aFullBucketAllowsABurstOfPermitsThenRefusesWithTheWait() {
        RateLimit limit = RateLimit.perMinute(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("alice", limit).isEmpty(), "request " + i);
        }
        Optional<Duration> wait = limiter.acquire("alice", limit);
        assertEquals(Optional.of(Duration.ofSeconds(20)), wait, "one permit comes back every 20 s");
        assertEquals(1, limiter.refused());
    }

    @Test
    void permitsComeBackAtTheRate() {
        RateLimit limit = RateLimit.perMinute(3);
        for (int i = 0; i < 3; i++) {
            limiter.acquire("alice", limit);
        }
        advance(Duration.ofSeconds(19));
        assertTrue(limiter.acquire("alice", limit).isPresent());
        advance(Duration.ofSeconds(1));
        assertTrue(limiter.acquire("alice", limit).isEmpty());
        assertTrue(limiter.acquire("alice", limit).isPresent());
        advance(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("alice", limit).isEmpty(), "a quiet period refills the whole burst, not more");
        }
        assertTrue(limiter.acquire("alice", limit).isPresent());
    }

    /**
     * A limit raised live relieves a caller at once: the uses not yet paid back count as uses of the new limit, not as
     * the old limit's longer intervals (one call under 1/P1D counted as 95 of the 100 a day it was raised to).
     */
    @Test
    void aLimitRaisedLiveCountsWhatWasUsedAsUsesOfTheNewLimit() {
        assertTrue(limiter.acquire("alice", RateLimit.parse("1/P1D")).isEmpty());
        advance(Duration.ofHours(1));
        RateLimit raised = RateLimit.parse("100/P1D");
        for (int i = 0; i < 99; i++) {
            assertTrue(limiter.acquire("alice", raised).isEmpty(), "request " + i + " of the 99 left of the new 100");
        }
        assertTrue(limiter.acquire("alice", raised).isPresent(), "the hundredth use of the day");
    }

    /** A limit lowered live does not forgive what was just used: the uses not yet paid back count under the new one. */
    @Test
    void aLimitLoweredLiveStillCountsWhatWasJustUsed() {
        assertTrue(limiter.acquire("alice", RateLimit.parse("100/P1D")).isEmpty());
        advance(Duration.ofMinutes(1));
        Optional<Duration> wait = limiter.acquire("alice", RateLimit.parse("1/P1D"));
        assertTrue(wait.isPresent(), "the use of a minute ago is most of the one a day now allowed");
        assertTrue(wait.get().compareTo(Duration.ofHours(22)) > 0 && wait.get().compareTo(Duration.ofDays(1)) < 0, wait.toString());
    }

    @Test
    void aLimitChangedLiveToAShorterPeriodNeverHoldsACallerBeyondThatPeriod() {
        RateLimit hourly = new RateLimit(100, Duration.ofHours(1));
        for (int i = 0; i < 100; i++) {
            assertTrue(limiter.acquire("alice", hourly).isEmpty(), "request " + i);
        }
        RateLimit perMinute = RateLimit.perMinute(10);
        assertEquals(Optional.of(Duration.ofSeconds(6)), limiter.acquire("alice", perMinute),
                "under the new limit a caller who used everything waits for one permit (6 s), not for the old hour");
        advance(Duration.ofSeconds(6));
        assertTrue(limiter.acquire("alice", perMinute).isEmpty());
        advance(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.acquire("alice", perMinute).isEmpty(), "a quiet minute refills the new burst: request " + i);
        }
        assertTrue(limiter.acquire("alice", perMinute).isPresent());
    }

    @Test
    void theWaitAMessageNamesIsWholeSecondsRoundedUpToTheNanosecond() {
        assertEquals(7, RateLimits.seconds(Duration.ofNanos(6_000_000_500L)));
        assertEquals(6, RateLimits.seconds(Duration.ofSeconds(6)));
        assertEquals(1, RateLimits.seconds(Duration.ofNanos(1)));
    }

    @Test
    void keysAreCountedApart() {
        RateLimit limit = RateLimit.perMinute(1);
        assertTrue(limiter.acquire("alice", limit).isEmpty());
        assertTrue(limiter.acquire("alice", limit).isPresent());
        assertTrue(limiter.acquire("bob", limit).isEmpty());
    }

    @Test
    void aFullTableIsSweptOfIdleKeysAndNeverLocksNewCallersOut() {
        RateLimiter small = new RateLimiter(2, nanos::get);
        RateLimit limit = RateLimit.perMinute(10);
        small.acquire("a", limit);
        small.acquire("b", limit);
        assertTrue(small.acquire("c", limit).isEmpty(), "both a and b are active: c passes untracked");
        assertEquals(1, small.untracked());
        assertEquals(2, small.size());
        advance(Duration.ofMinutes(1));
        assertTrue(small.acquire("c", limit).isEmpty());
        assertEquals(1, small.size(), "a and b refilled, so the sweep dropped them");
        assertEquals(1, small.untracked());
    }

    @Test
    void whileEveryTrackedCallerIsActiveNewCallersDoNotSweepTheTableEachTime() {
        RateLimiter small = new RateLimiter(2, nanos::get);
        RateLimit limit = RateLimit.perMinute(10);
        small.acquire("a", limit);
        advance(Duration.ofSeconds(1));
        small.acquire("b", limit);
        for (int i = 0; i < 100; i++) {
            assertTrue(small.acquire("new-" + i, limit).isEmpty());
        }
        assertEquals(1, small.sweeps(), "nothing can be freed before a's bucket is full again, 6 s after its request");
        assertEquals(100, small.untracked());
        advance(Duration.ofSeconds(5));
        assertTrue(small.acquire("c", limit).isEmpty());
        assertEquals(2, small.sweeps());
        assertEquals(2, small.size(), "a was dropped for c, b is still active");
        assertEquals(100, small.untracked());
        advance(Duration.ofMinutes(1));
        small.acquire("d", limit);
        small.acquire("e", limit);
        assertEquals(3, small.sweeps(), "b and c were dropped for d, none was left");
        advance(Duration.ofMinutes(1));
        assertTrue(small.acquire("f", limit).isEmpty());
        assertEquals(4, small.sweeps(), "keys added since the last sweep are swept when they are free");
        assertEquals(1, small.size(), "d and e were dropped for f");
        assertEquals(100, small.untracked());
    }

    /**
     * A caller taken in after a pass kept the time before which no key can be idle only if its own bucket is full
     * again sooner: that time was thrown away, so the next new caller passed over the full table again for nothing.
     */
    @Test
    void aNewCallerTakenInAfterAPassDoesNotMakeTheNextOnePassBeforeAnyKeyCanBeIdle() {
        RateLimiter small = new RateLimiter(2, nanos::get);
        RateLimit limit = RateLimit.perMinute(10);
        small.acquire("a", limit);
        advance(Duration.ofSeconds(1));
        small.acquire("b", limit);
        advance(Duration.ofMillis(5500));
        assertTrue(small.acquire("c", limit).isEmpty());
        assertEquals(1, small.sweeps(), "a was dropped for c");
        advance(Duration.ofMillis(200));
        for (int i = 0; i < 100; i++) {
            assertTrue(small.acquire("new-" + i, limit).isEmpty());
        }
        assertEquals(1, small.sweeps(), "nothing can be freed before b's bucket is full again, 7 s after a's request");
        assertEquals(100, small.untracked());
        advance(Duration.ofMillis(300));
        small.acquire("d", limit);
        assertEquals(2, small.sweeps(), "b was dropped for d");
        assertEquals(100, small.untracked());
    }

    /**
     * Callers coming and going while the table is full: each new caller passed over the whole table to free the key or
     * two idle since the last one did, so every new caller paid a pass.
     */
    @Test
    void callersComingAndGoingAtAFullTableAreDroppedInBatchesNotEachOnAPass() {
        RateLimiter small = new RateLimiter(100, nanos::get);
        RateLimit limit = new RateLimit(1, Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            small.acquire("first-" + i, limit);
            advance(Duration.ofMillis(10));
        }
        // from now on one tracked caller becomes idle and one new caller comes every 10 ms, for 10 s
        for (int i = 0; i < 1000; i++) {
            assertTrue(small.acquire("next-" + i, limit).isEmpty());
            advance(Duration.ofMillis(10));
        }
        assertTrue(small.sweeps() <= 100, "at most one pass every 100 ms, not one per new caller: " + small.sweeps());
        // the callers let through while the table waited for its second pass leave a gap in it that comes round once a
        // second, as its keys become idle: nine of every hundred new callers pass untracked, the others are counted
        assertTrue(small.untracked() <= 100, "a pass frees room for the callers until the next: " + small.untracked());
    }

    /**
     * A request that found its caller's idle bucket just before a sweep (for another caller's key) dropped it: the
     * request was counted on a bucket no longer in the table, so the caller's next request found a fresh one.
     */
    @Test
    void aRequestCountedWhileASweepDropsItsIdleBucketIsNotLost() throws Exception {
        AtomicReference<Thread> pausedOnItsClock = new AtomicReference<>();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch swept = new CountDownLatch(1);
        RateLimiter small = new RateLimiter(2, () -> {
            if (pausedOnItsClock.compareAndSet(Thread.currentThread(), null)) {
                paused.countDown();
                try {
                    swept.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return nanos.get();
        });
        RateLimit brief = new RateLimit(1, Duration.ofSeconds(1));
        small.acquire("alice", brief);
        small.acquire("filler", brief);
        advance(Duration.ofSeconds(2)); // both buckets full again: the next sweep drops them

        RateLimit daily = new RateLimit(1, Duration.ofDays(1));
        AtomicReference<Optional<Duration>> first = new AtomicReference<>();
        Thread alice = new Thread(() -> first.set(small.acquire("alice", daily)));
        pausedOnItsClock.set(alice);
        alice.start();
        assertTrue(paused.await(10, TimeUnit.SECONDS));
        assertTrue(small.acquire("bob", daily).isEmpty(), "a new caller while the table is full: a sweep");
        swept.countDown();
        alice.join(10_000);

        assertEquals(Optional.empty(), first.get(), "alice's one call of the day");
        assertTrue(small.acquire("alice", daily).isPresent(), "alice's second call of the day is refused");
        assertEquals(0, small.untracked());
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
        RateLimiter real = new RateLimiter(1000);
        RateLimit limit = new RateLimit(500, Duration.ofHours(1));
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 250; i++) {
                    if (real.acquire("shared", limit).isEmpty()) {
                        allowed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(500, allowed.get(), "2000 attempts within far less than the 7.2 s a permit takes to come back");
        assertEquals(1500, real.refused());
    }

    @Test
    void ratesParse() {
        assertEquals(new RateLimit(10, Duration.ofMinutes(1)), RateLimit.parse("10/PT1M"));
        assertEquals(new RateLimit(10, Duration.ofSeconds(60)), RateLimit.parse(" 10 / 60s "));
        assertEquals(new RateLimit(5, Duration.ofMinutes(2)), RateLimit.parse("5/2m"));
        assertEquals(new RateLimit(100, Duration.ofHours(1)), RateLimit.parse("100/1h"));
        assertEquals(new RateLimit(7, Duration.ofSeconds(30)), RateLimit.parse("7/30"));
        for (String bad : new String[]{"10", "/PT1M", "10/", "ten/PT1M", "0/PT1M", "-1/PT1M", "10/PT0S", "10/soon", "10/5x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RateLimit.parse(bad), bad);
            assertFalse(e.getMessage().isBlank());
        }
    }
}
