package dev.jakartamcp.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrainTest {
    @Test
    void aRunningRequestMayFinishWithinTheGraceNewOnesAreRefused() throws Exception {
        Drain drain = new Drain();
        assertTrue(drain.enter());
        assertTrue(drain.begin());
        assertFalse(drain.begin(), "once");
        assertTrue(drain.draining());
        assertFalse(drain.enter(), "no new request once the drain began");
        assertEquals(1, drain.running());
        long started = System.nanoTime(); // before the request's 300 ms begin
        CompletableFuture<Void> finishing = CompletableFuture.runAsync(() -> {
            sleep(300);
            drain.exit();
        });
        assertEquals(0, drain.awaitRunning(Duration.ofSeconds(10)));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waited >= 250 && waited < 5000, "waited for the running request only: " + waited + " ms");
        finishing.get();
    }

    @Test
    void theGraceEndsTheWait() {
        Drain drain = new Drain();
        assertTrue(drain.enter());
        drain.begin();
        long started = System.nanoTime();
        assertEquals(1, drain.awaitRunning(Duration.ofMillis(300)), "still running after the grace");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waited >= 290 && waited < 3000, waited + " ms");
    }

    @Test
    void answersAreTakenWhileWorkRunsNotWhileOnlyOtherAnswersDo() {
        Drain drain = new Drain();
        assertTrue(drain.enter(), "a call that waits for its client's answer");
        drain.begin();
        assertTrue(drain.enterWhileRunning(), "answer A, while the call runs");
        drain.exit(); // the call ended, while answer A's body is still read
        assertFalse(drain.enterWhileRunning(), "answer B: no call runs any more, only answer A");
        assertEquals(1, drain.running(), "answer A, which the drain still waits for");
        drain.exitAnswering();
        assertEquals(0, drain.awaitRunning(Duration.ZERO), "nothing runs once answer A ended");
        assertFalse(drain.enterWhileRunning(), "nothing left to answer");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
