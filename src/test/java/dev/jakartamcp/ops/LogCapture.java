package dev.jakartamcp.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Test helper: the records one {@code java.util.logging} logger publishes while the capture is open. Closing it gives
 * the logger back its level and its parents' handlers as they were.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private static final Formatter MESSAGES = new SimpleFormatter();
    private final Logger log;
    private final Level levelBefore;
    private final boolean parentsBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger log, Level level, boolean alone) {
        this.log = log;
        this.levelBefore = log.getLevel();
        this.parentsBefore = log.getUseParentHandlers();
        if (level != null) {
            log.setLevel(level);
        }
        if (alone) {
            log.setUseParentHandlers(false);
        }
        log.addHandler(this);
    }

    /** What {@code log} publishes at its own level, also passed on to its parents' handlers. */
    public static LogCapture of(Logger log) {
        return new LogCapture(log, null, false);
    }

    /** What the logger of {@code type} publishes at its own level, also passed on to its parents' handlers. */
    public static LogCapture of(Class<?> type) {
        return of(Logger.getLogger(type.getName()));
    }

    /** What the logger of {@code type} publishes from {@code level} up, also passed on to its parents' handlers. */
    public static LogCapture of(Class<?> type, Level level) {
        return new LogCapture(Logger.getLogger(type.getName()), level, false);
    }

    /** What {@code log} publishes at its own level, kept from its parents' handlers (the console) while open. */
    public static LogCapture alone(Logger log) {
        return new LogCapture(log, null, true);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    public List<Level> levels() {
        return records.stream().map(LogRecord::getLevel).toList();
    }

    /** The messages, their parameters put in as a log handler's formatter puts them. */
    public List<String> messages() {
        return records.stream().map(this::formatMessage).toList();
    }

    public List<String> messagesAt(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(this::formatMessage).toList();
    }

    private String formatMessage(LogRecord record) {
        return MESSAGES.formatMessage(record);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        log.removeHandler(this);
        log.setLevel(levelBefore);
        log.setUseParentHandlers(parentsBefore);
    }
}
