package dev.jakartamcp.schema;

import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Map;

/**
 * Reads and writes java.time values in the forms the generated schemas promise. Written values
 * always have seconds (RFC 3339 requires them, while {@code toString()} drops {@code :00}), and a
 * {@code ZonedDateTime} is written with its offset only, since a {@code [Europe/Paris]} suffix is
 * not RFC 3339.
 */
final class Temporals {

    private static final DateTimeFormatter LOCAL_TIME = new DateTimeFormatterBuilder()
            .appendValue(HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(SECOND_OF_MINUTE, 2)
            .appendFraction(NANO_OF_SECOND, 0, 9, true)
            .toFormatter();
    private static final DateTimeFormatter OFFSET_TIME = new DateTimeFormatterBuilder()
            .append(LOCAL_TIME).appendOffset("+HH:MM", "Z").toFormatter();
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T').append(LOCAL_TIME).toFormatter();
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(LOCAL_DATE_TIME).appendOffset("+HH:MM", "Z").toFormatter();

    private static final Map<Class<?>, String> EXPECTED = Map.of(
            Instant.class, "a date-time with offset, e.g. 2024-05-01T12:00:00Z",
            OffsetDateTime.class, "a date-time with offset, e.g. 2024-05-01T12:00:00+02:00",
            ZonedDateTime.class, "a date-time with offset, e.g. 2024-05-01T12:00:00+02:00",
            LocalDateTime.class, "a date-time without offset, e.g. 2024-05-01T12:00:00",
            LocalDate.class, "a date, e.g. 2024-05-01",
            LocalTime.class, "a time without offset, e.g. 12:00:00",
            OffsetTime.class, "a time with offset, e.g. 12:00:00Z",
            Duration.class, "a duration in days, hours, minutes and seconds, e.g. PT15M",
            Period.class, "a period in years, months, weeks and days, e.g. P1M");

    private Temporals() {
    }

    static boolean handles(Class<?> type) {
        return EXPECTED.containsKey(type);
    }

    /** What a value of the type looks like, for messages. */
    static String expected(Class<?> type) {
        return EXPECTED.get(type);
    }

    /** Parses the text; throws {@link java.time.DateTimeException} when it does not fit. */
    static Object parse(Class<?> type, String text) {
        // RFC 3339 allows a lower-case "t" and "z"; java.time does not.
        String s = text;
        if (s.length() > 10 && s.charAt(10) == 't') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        if (s.endsWith("z")) {
            s = s.substring(0, s.length() - 1) + 'Z';
        }
        s = withoutLeapSecond(type, s);
        if (type == Instant.class) {
            return OffsetDateTime.parse(s).toInstant();
        } else if (type == OffsetDateTime.class) {
            return OffsetDateTime.parse(s);
        } else if (type == ZonedDateTime.class) {
            return ZonedDateTime.parse(s);
        } else if (type == LocalDateTime.class) {
            return LocalDateTime.parse(s);
        } else if (type == LocalDate.class) {
            return LocalDate.parse(s);
        } else if (type == LocalTime.class) {
            return LocalTime.parse(s);
        } else if (type == OffsetTime.class) {
            return OffsetTime.parse(s);
        } else if (type == Duration.class) {
            return Duration.parse(s);
        } else if (type == Period.class) {
            return Period.parse(s);
        }
        throw new IllegalArgumentException("Not a java.time type: " + type);
    }

    /**
     * {@code text} with RFC 3339's leap second (second 60, allowed as the last second of a UTC day, which the date-time
     * and time formats accept) read as second 59, as {@code Instant.parse} reads it: java.time has no second 60
     * otherwise. A second 60 anywhere else is left for the parser to refuse.
     */
    private static String withoutLeapSecond(Class<?> type, String text) {
        String format = type == OffsetTime.class ? "time"
                : type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class ? "date-time" : null;
        int second = "time".equals(format) ? 6 : 17;
        if (format == null || !text.startsWith("60", second) || !Formats.isValid(format, text)) {
            return text;
        }
        return text.substring(0, second) + "59" + text.substring(second + 2);
    }

    private static final Instant FIRST_WRITABLE = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant AFTER_LAST_WRITABLE = Instant.parse("+10000-01-01T00:00:00Z");

    /**
     * Why {@code value} cannot be written in the form its schema declares, or null: the duration format has no sign,
     * and RFC 3339 dates (and the pattern of a local date-time) have four digits for the year, where {@code toString()}
     * writes {@code PT-5M} and {@code +10000-01-01}.
     */
    static String unwritable(Object value) {
        if (value instanceof Duration duration && duration.isNegative()) {
            return "is a negative duration, which the duration format cannot express";
        } else if (value instanceof Period period && period.isNegative()) {
            return "is a negative period, which the duration format cannot express";
        }
        java.time.ZoneOffset offset = value instanceof OffsetDateTime d ? d.getOffset() : value instanceof ZonedDateTime d ? d.getOffset()
                : value instanceof OffsetTime t ? t.getOffset() : null;
        if (offset != null && offset.getTotalSeconds() % 60 != 0) {
            // a zone's local mean time (Europe/Amsterdam in 1850: +00:17:30); written as +00:17 it would name another instant
            return "has an offset of seconds (" + offset + "), which RFC 3339 cannot express";
        }
        boolean inRange = true;
        if (value instanceof Instant instant) {
            inRange = !instant.isBefore(FIRST_WRITABLE) && instant.isBefore(AFTER_LAST_WRITABLE);
        } else if (value instanceof OffsetDateTime dateTime) {
            inRange = fourDigits(dateTime.getYear());
        } else if (value instanceof ZonedDateTime dateTime) {
            inRange = fourDigits(dateTime.getYear());
        } else if (value instanceof LocalDateTime dateTime) {
            inRange = fourDigits(dateTime.getYear());
        } else if (value instanceof LocalDate date) {
            inRange = fourDigits(date.getYear());
        }
        return inRange ? null : "has a year outside 0000-9999, which RFC 3339 cannot express";
    }

    private static boolean fourDigits(int year) {
        return year >= 0 && year <= 9999;
    }

    static String format(Object value) {
        if (value instanceof Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        } else if (value instanceof OffsetDateTime dateTime) {
            return OFFSET_DATE_TIME.format(dateTime);
        } else if (value instanceof ZonedDateTime dateTime) {
            return OFFSET_DATE_TIME.format(dateTime.toOffsetDateTime());
        } else if (value instanceof LocalDateTime dateTime) {
            return LOCAL_DATE_TIME.format(dateTime);
        } else if (value instanceof LocalTime time) {
            return LOCAL_TIME.format(time);
        } else if (value instanceof OffsetTime time) {
            return OFFSET_TIME.format(time);
        }
        return value.toString(); // LocalDate, Duration, Period: already in their standard form
    }
}
