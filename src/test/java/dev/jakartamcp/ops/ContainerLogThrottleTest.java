package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.McpSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on the container's log records with a stack trace: per logger and minute, the rest counted and announced. */
class ContainerLogThrottleTest {
    private final List<LogRecord> notices = new ArrayList<>();
    private final Handler capture = collecting(notices);

    /** A handler that keeps what it is given in {@code records}. */
    private static Handler collecting(List<LogRecord> records) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    @BeforeEach
    void listen() {
        ThrottledContainerLog.NOTICES.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        ThrottledContainerLog.NOTICES.removeHandler(capture);
    }

    private static LogRecord withTrace(String message) {
        LogRecord record = new LogRecord(Level.SEVERE, message);
        record.setThrown(new IllegalStateException("Host header 127.0.0.1:-1 contained a non-decimal value"));
        return record;
    }

    @Test
    void atMostTheLimitOfRecordsWithAStackTracePassAMinuteAndTheFirstLeftOutIsAnnounced() {
        AtomicLong clock = new AtomicLong(5_000_000_000L);
        ThrottledContainerLog filter = new ThrottledContainerLog("jakarta.enterprise.web.core", null, () -> 3, clock::get);

        int passed = 0;
        for (int i = 0; i < 10; i++) {
            passed += filter.isLoggable(withTrace("AS-WEB-CORE-00037")) ? 1 : 0;
        }
        assertEquals(3, passed);
        assertEquals(7, filter.suppressed());
        assertEquals(1, notices.size(), notices::toString);
        String notice = notices.get(0).getMessage();
        assertEquals(Level.WARNING, notices.get(0).getLevel());
        assertTrue(notice.contains("jakarta.enterprise.web.core") && notice.contains("mcp.container-log.max-per-minute")
                && notice.contains("non-decimal value"), notice);

        LogRecord plain = new LogRecord(Level.WARNING, "Context path from ServletContext differs");
        assertTrue(filter.isLoggable(plain), "a record without a stack trace is not counted");

        clock.addAndGet(ThrottledContainerLog.WINDOW_NANOS - 1);
        assertFalse(filter.isLoggable(withTrace("AS-WEB-CORE-00037")), "still the same minute");
        clock.addAndGet(1);
        assertTrue(filter.isLoggable(withTrace("AS-WEB-CORE-00037")), "a new minute");
        assertEquals(8, filter.suppressed());
        assertEquals(2, notices.size(), notices::toString);
        assertTrue(notices.get(1).getMessage().startsWith("8 records of the logger jakarta.enterprise.web.core with a stack trace were left out"),
                notices.get(1).getMessage());
    }

    @Test
    void zeroLogsNoneAndTheLimitIsReadAtEveryRecord() {
        AtomicInteger limit = new AtomicInteger(0);
        ThrottledContainerLog filter = new ThrottledContainerLog("x", null, limit::get, () -> 0L);
        assertFalse(filter.isLoggable(withTrace("a")));
        assertFalse(filter.isLoggable(withTrace("b")));
        limit.set(3);
        assertTrue(filter.isLoggable(withTrace("c")), "the raised limit counts within the same minute");
        assertEquals(2, filter.suppressed());
        assertEquals(1, notices.size());
    }

    @Test
    void theLoggersOwnFilterStillDecidesFirst() {
        Filter refuseAll = record -> false;
        ThrottledContainerLog filter = new ThrottledContainerLog("x", refuseAll, () -> 5, () -> 0L);
        assertFalse(filter.isLoggable(withTrace("a")));
        assertFalse(filter.isLoggable(new LogRecord(Level.INFO, "plain")));
        assertEquals(0, filter.suppressed(), "what the logger's own filter refuses is not ours to count");

        filter.remove();
        Filter acceptAll = record -> true;
        ThrottledContainerLog removed = new ThrottledContainerLog("y", acceptAll, () -> 0, () -> 0L);
        removed.remove();
        assertTrue(removed.isLoggable(withTrace("a")), "a removed filter lets everything pass");
        assertEquals(0, removed.suppressed());
    }

    @Test
    void theBeanThrottlesThePayaraLoggersThatExistAndGivesBackTheirFiltersWhenTheApplicationStops() {
        Logger webCore = Logger.getLogger("jakarta.enterprise.web.core"); // held: JUL keeps loggers only weakly
        Filter own = record -> !"refused".equals(record.getMessage());
        webCore.setFilter(own);
        try {
            ContainerLogThrottle throttle = new ContainerLogThrottle();
            throttle.settings = settings("1");
            throttle.install();
            assertTrue(throttle.loggers().contains("jakarta.enterprise.web.core"), throttle.loggers().toString());
            assertTrue(webCore.getFilter() instanceof ThrottledContainerLog);

            webCore.setUseParentHandlers(false);
            List<LogRecord> written = new ArrayList<>();
            Handler out = collecting(written);
            webCore.addHandler(out);
            try {
                webCore.log(withTrace("first"));
                webCore.log(withTrace("second"));
                webCore.log(withTrace("third"));
                webCore.log(new LogRecord(Level.SEVERE, "refused"));
            } finally {
                webCore.removeHandler(out);
                webCore.setUseParentHandlers(true);
            }
            assertEquals(List.of("first"), written.stream().map(LogRecord::getMessage).toList());
            assertEquals(2, throttle.suppressed());
            assertEquals(2L, throttle.suppressedByLogger().get("jakarta.enterprise.web.core"));

            throttle.uninstall();
            assertSame(own, webCore.getFilter());
            assertTrue(throttle.loggers().isEmpty());
        } finally {
            webCore.setFilter(null);
        }
    }

    @Test
    void aLoggerAnotherDeploymentThrottlesAlreadyIsLeftToIt() {
        Logger webCore = Logger.getLogger("jakarta.enterprise.web.core");
        try {
            ContainerLogThrottle first = new ContainerLogThrottle();
            first.settings = settings("1");
            first.install();
            Filter firsts = webCore.getFilter();
            ContainerLogThrottle second = new ContainerLogThrottle();
            second.settings = settings("5");
            second.install();
            assertSame(firsts, webCore.getFilter(), "not wrapped a second time");
            assertFalse(second.loggers().contains("jakarta.enterprise.web.core"), second.loggers().toString());
            second.uninstall();
            first.uninstall();
            assertNull(webCore.getFilter());
        } finally {
            webCore.setFilter(null);
        }
    }

    @Test
    void aMalformedLiveLimitCountsAsTheDefault() {
        ContainerLogThrottle throttle = new ContainerLogThrottle();
        throttle.settings = settings("ten");
        assertEquals(McpSettings.DEFAULT_CONTAINER_LOG_MAX_PER_MINUTE, throttle.maxPerMinute());
        throttle.settings = new McpSettings(key -> Optional.empty());
        assertEquals(10, throttle.maxPerMinute());
    }

    private static McpSettings settings(String maxPerMinute) {
        Map<String, String> values = Map.of("mcp.container-log.max-per-minute", maxPerMinute);
        return new McpSettings(key -> Optional.ofNullable(values.get(key)));
    }
}
