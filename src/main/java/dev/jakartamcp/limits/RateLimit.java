package dev.jakartamcp.limits;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * A rate: at most {@code permits} requests per {@code per}, with a burst of up to {@code permits} after a quiet
 * {@code per}. Written {@code 10/PT1M} (ISO-8601 duration) or {@code 10/60s}, {@code 10/1m}, {@code 10/1h}.
 */
public record RateLimit(long permits, Duration per) {

    public RateLimit {
        Objects.requireNonNull(per, "per");
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit allows at least 1 request, not " + permits);
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a rate limit's period must be positive: " + per);
        }
        long nanos;
        try {
            nanos = per.toNanos();
        } catch (ArithmeticException e) {
            // beyond 292 years: no counter can keep such a period
            throw new IllegalArgumentException("a rate limit's period must be shorter than 292 years: " + per);
        }
        if (nanos / permits < 1) {
            throw new IllegalArgumentException("a rate limit of " + permits + " per " + per + " is too fine");
        }
    }

    public static RateLimit perMinute(long permits) {
        return new RateLimit(permits, Duration.ofMinutes(1));
    }

    /** Parses {@code <permits>/<period>}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static RateLimit parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new IllegalArgumentException("expected <requests>/<period>, e.g. 10/PT1M or 10/60s: " + text);
        }
        long permits;
        try {
            permits = Long.parseLong(value.substring(0, slash).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of requests: " + value.substring(0, slash));
        }
        return new RateLimit(permits, period(value.substring(slash + 1).trim()));
    }

    private static Duration period(String text) {
        String p = text.toLowerCase(Locale.ROOT);
        try {
            if (p.startsWith("pt") || p.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            char unit = p.charAt(p.length() - 1);
            long amount = Long.parseLong(Character.isDigit(unit) ? p : p.substring(0, p.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> {
                    if (Character.isDigit(unit)) {
                        yield Duration.ofSeconds(amount);
                    }
                    throw new IllegalArgumentException("unknown unit '" + unit + "'");
                }
            };
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException | ArithmeticException e) {
            throw new IllegalArgumentException("not a period (PT1M, 60s, 1m, 1h): " + text);
        }
    }

    @Override
    public String toString() {
        return permits + "/" + per;
    }
}
