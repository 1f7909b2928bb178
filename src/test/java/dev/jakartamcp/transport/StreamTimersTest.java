package dev.jakartamcp.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

    @Test
    void aTaskFailingOnEveryRunWarnsOnceAMinute() {
        List<Level> levels = new ArrayList<>();
        Logger log = Logger.getLogger(StreamTimers.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                levels.add(record.getLevel());
                assertTrue(record.getMessage().contains("the sweep"), record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = log.getLevel();
        log.setLevel(Level.FINE);
        log.addHandler(handler);
        try {
            StreamTimers.Repeated task = new StreamTimers.Repeated("the sweep", () -> {
                throw new IllegalStateException("always");
            });
            task.run();
            task.run();
            task.run();
            assertEquals(List.of(Level.WARNING, Level.FINE, Level.FINE), levels);
        } finally {
            log.removeHandler(handler);
            log.setLevel(before);
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
