package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.McpSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
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
    private LogCapture notices;

    @BeforeEach
    void listen() {
        notices = LogCapture.of(ThrottledContainerLog.NOTICES);
    }

    @AfterEach
    void stopListening() {
        notices.close();
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
        assertEquals(List.of(Level.WARNING), notices.levels());
        String notice = notices.messages().get(0);
        assertTrue(notice.contains("jakarta.enterprise.web.core") && notice.contains("mcp.container-log.max-per-minute")
                && notice.contains("non-decimal value"), notice);

        LogRecord plain = new LogRecord(Level.WARNING, "Context path from ServletContext differs");
        assertTrue(filter.isLoggable(plain), "a record without a stack trace is not counted");

        clock.addAndGet(ThrottledContainerLog.WINDOW_NANOS - 1);
        assertFalse(filter.isLoggable(withTrace("AS-WEB-CORE-00037")), "still the same minute");
        clock.addAndGet(1);
        assertTrue(filter.isLoggable(withTrace("AS-WEB-CORE-00037")), "a new minute");
        assertEquals(8, filter.suppressed());
        assertEquals(2, notices.messages().size(), notices.messages()::toString);
        assertTrue(notices.messages().get(1).startsWith("8 records of the logger jakarta.enterprise.web.core with a stack trace were left out"),
                notices.messages().get(1));
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
        assertEquals(1, notices.messages().size());
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

            try (LogCapture written = LogCapture.alone(webCore)) {
                webCore.log(withTrace("first"));
                webCore.log(withTrace("second"));
                webCore.log(withTrace("third"));
                webCore.log(new LogRecord(Level.SEVERE, "refused"));
                assertEquals(List.of("first"), written.messages());
            }
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
