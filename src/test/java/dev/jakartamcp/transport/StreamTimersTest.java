package dev.jakartamcp.transport;

import dev.jakartamcp.ops.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamTimersTest {

    @Test
    void aRepeatedTaskThatThrowsRunsAgain() throws Exception {
        StreamTimers timers = new StreamTimers();
        timers.start();
        try {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch again = new CountDownLatch(1);
            timers.every("a test task", 10, () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("the session store is unavailable");
                }
                again.countDown();
            });
            assertTrue(again.await(5, TimeUnit.SECONDS), "run again after its first run threw; runs: " + runs.get());
        } finally {
            timers.stop();
        }
    }

    /**
     * A task that asks a slow data grid (a stream follower, a GET stream's look at its session) must not make the
     * deadlines, revocations and token expiries late: it runs on the timers' other thread.
     */
    @Test
    void aTaskWaitingForTheGridDoesNotHoldUpTheOtherTimers() throws Exception {
        StreamTimers timers = new StreamTimers();
        timers.start();
        CountDownLatch gridAnswers = new CountDownLatch(1);
        try {
            CountDownLatch asking = new CountDownLatch(1);
            timers.everyAskingGrid("following another node's stream", 1, () -> {
                asking.countDown();
                try {
                    gridAnswers.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(asking.await(5, TimeUnit.SECONDS));
            CountDownLatch deadline = new CountDownLatch(1);
            timers.after(0, deadline::countDown);
            assertTrue(deadline.await(2, TimeUnit.SECONDS), "a deadline's timer ran while a grid read waited");
        } finally {
            gridAnswers.countDown();
            timers.stop();
        }
    }

    @Test
    void aCancelledTimerLeavesTheQueueAtOnceNotAtItsTime() {
        StreamTimers timers = new StreamTimers();
        timers.start();
        try {
            // as a stream opened with a token valid for hours, ended after a moment, many times over
            for (int i = 0; i < 1000; i++) {
                byte[] heldByTheTask = new byte[1024];
                timers.after(TimeUnit.HOURS.toMillis(2), () -> heldByTheTask[0]++).cancel(false);
                timers.every("a stream's keep-alive", TimeUnit.SECONDS.toMillis(15), () -> { }).cancel(false);
            }
            assertEquals(0, timers.waiting(), "cancelled timers still queued");
        } finally {
            timers.stop();
        }
    }

    @Test
    void aTaskFailingOnEveryRunWarnsOnceAMinute() {
        try (LogCapture log = LogCapture.of(StreamTimers.class, Level.FINE)) {
            StreamTimers.Repeated task = new StreamTimers.Repeated("the sweep", () -> {
                throw new IllegalStateException("always");
            });
            task.run();
            task.run();
            task.run();
            assertEquals(List.of(Level.WARNING, Level.FINE, Level.FINE), log.levels());
            assertTrue(log.messages().stream().allMatch(m -> m.contains("the sweep")), log.messages()::toString);
        }
    }

    @Test
    void aFatalErrorIsNotSwallowed() {
        StreamTimers.Repeated task = new StreamTimers.Repeated("the sweep", () -> {
            throw new OutOfMemoryError("simulated");
        });
        assertThrows(OutOfMemoryError.class, task::run);
    }

    /**
     * The timers' tasks share one thread: when one of their grid calls is not answered (a member frozen), they leave
     * the grid alone for a while instead of each waiting out the bound in turn; other failures do not pause them.
     */
    @Test
    void aRunTheGridDidNotAnswerPausesTheTimersGridCalls() {
        StreamTimers timers = new StreamTimers();
        assertFalse(timers.gridPaused());
        new StreamTimers.Repeated("a keep-alive", () -> {
            throw new IllegalStateException("a bug");
        }, timers::gridDidNotAnswer).run();
        assertFalse(timers.gridPaused(), "a failure of another kind");
        new StreamTimers.Repeated("a keep-alive", () -> {
            throw dev.jakartamcp.protocol.McpException.overCapacity(dev.jakartamcp.protocol.ErrorCode.OVER_CAPACITY,
                    "the data grid did not answer", java.time.Duration.ofSeconds(5), "grid");
        }, timers::gridDidNotAnswer).run();
        assertTrue(timers.gridPaused());
    }
}
