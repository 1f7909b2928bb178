package dev.jakartamcp.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assertions for the {@code format} values the validator checks; other formats always pass.
 *
 * <p>The regular expressions here are anchored and linear (each digit run ends in a letter or
 * separator that the next part needs), and email addresses are cut off at 254 characters before any
 * regex runs; the validator hands in its step-counting text all the same, so that even a 4 MiB value
 * costs at most the pattern budget ({@link Budget.Exhausted} then escapes to the caller).
 */
final class Formats {

    private static final String TIME = "(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?(?:[Zz]|([+-])(\\d{2}):(\\d{2}))";
    private static final Pattern DATE_TIME = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})[Tt]" + TIME + "$");
    private static final Pattern DATE = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})$");
    private static final Pattern FULL_TIME = Pattern.compile("^" + TIME + "$");
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern DURATION = Pattern.compile(
            "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$");
    private static final Pattern EMAIL_LOCAL = Pattern.compile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$");
    private static final Pattern EMAIL_DOMAIN = Pattern.compile(
            "^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$");

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "date-time", "a valid date-time (RFC 3339, e.g. 2024-05-01T12:00:00Z)",
            "date", "a valid date (e.g. 2024-05-01)",
            "time", "a valid time with offset (e.g. 12:00:00Z)",
            "duration", "a valid ISO 8601 duration (e.g. PT15M)",
            "email", "a valid email address",
            "uuid", "a valid UUID",
            "uri", "a valid absolute URI");

    private Formats() {
    }

    /** "a valid date (e.g. 2024-05-01)", or null when the format is not asserted. */
    static String describe(String format) {
        return DESCRIPTIONS.get(format);
    }

    /** Whether {@code value} has the format; true for formats that are not asserted. */
    static boolean isValid(String format, CharSequence value) {
        return switch (format) {
            case "date-time" -> isDateTime(value);
            case "date" -> isDate(value);
            case "time" -> isTime(value);
            case "duration" -> DURATION.matcher(value).matches();
            case "email" -> isEmail(value.toString());
            case "uuid" -> UUID.matcher(value).matches();
            case "uri" -> isUri(value.toString());
            default -> true;
        };
    }

    private static boolean isDateTime(CharSequence value) {
        Matcher m = DATE_TIME.matcher(value);
        return m.matches() && isDate(m.group(1), m.group(2), m.group(3)) && isTime(m, 4);
    }

    private static boolean isDate(CharSequence value) {
        Matcher m = DATE.matcher(value);
        return m.matches() && isDate(m.group(1), m.group(2), m.group(3));
    }

    private static boolean isTime(CharSequence value) {
        Matcher m = FULL_TIME.matcher(value);
        return m.matches() && isTime(m, 1);
    }

    private static boolean isDate(String year, String month, String day) {
        try {
            LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** Checks hour, minute, second and offset from the groups of {@link #TIME} starting at {@code first}. */
    private static boolean isTime(Matcher m, int first) {
        int hour = Integer.parseInt(m.group(first));
        int minute = Integer.parseInt(m.group(first + 1));
        int second = Integer.parseInt(m.group(first + 2));
        int offsetMinutes = 0;
        if (m.group(first + 3) != null) {
            int offsetHour = Integer.parseInt(m.group(first + 4));
            int offsetMinute = Integer.parseInt(m.group(first + 5));
            if (offsetHour > 23 || offsetMinute > 59) {
                return false;
            }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (m.group(first + 3).equals("-") ? -1 : 1);
        }
        if (hour > 23 || minute > 59 || second > 60) {
            return false;
        }
        // RFC 3339 allows a leap second only as the last second of a UTC day.
        int utcMinuteOfDay = Math.floorMod(hour * 60 + minute - offsetMinutes, 24 * 60);
        return second < 60 || utcMinuteOfDay == 23 * 60 + 59;
    }

    private static boolean isEmail(String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0 || at > 64 || at == value.length() - 1 || value.length() > 254) {
            return false;
        }
        return EMAIL_LOCAL.matcher(value.substring(0, at)).matches()
                && EMAIL_DOMAIN.matcher(value.substring(at + 1)).matches();
    }

    private static boolean isUri(String value) {
        // RFC 3986 is ASCII only, where java.net.URI takes other characters too (an IRI: http://例え.jp/é)
        if (!value.chars().allMatch(c -> c < 0x80)) {
            return false;
        }
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
