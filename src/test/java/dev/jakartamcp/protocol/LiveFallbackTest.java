package dev.jakartamcp.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveFallbackTest {

    /** A broken live value read by background work counts as the default and is logged once per distinct problem. */
    @Test
    void aBrokenValueCountsAsTheFallbackAndEachDistinctProblemIsLoggedOnce() {
        Logger logger = Logger.getLogger(LiveFallback.class.getName());
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            String key = "mcp.test.live-fallback-" + System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertEquals(1000, LiveFallback.read(() -> {
                    throw McpSettings.invalid(key, "lots", "expected a whole number");
                }, 1000));
            }
            assertEquals(1000, LiveFallback.read(() -> {
                throw McpSettings.invalid(key, "-1", "must be at least 1");
            }, 1000));
            assertEquals(7, LiveFallback.read(() -> 7, 1000));
            assertEquals(List.of(
                    Level.WARNING + " Invalid value for " + key + ": 'lots' (expected a whole number); using 1000 until it is mended",
                    Level.WARNING + " Invalid value for " + key + ": '-1' (must be at least 1); using 1000 until it is mended"), logged);
        } finally {
            logger.removeHandler(handler);
        }
    }
}
