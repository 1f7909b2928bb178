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
    /**
     * The longest period: the cluster counts in nanoseconds of the wall clock since 1970, and a bucket's "full again
     * at" (now plus up to a period) must fit a long. A hundred years leaves room until 2162 (292 years would not).
     */
    public static final Duration MAX_PERIOD = Duration.ofDays(36_500);

    public RateLimit {
        Objects.requireNonNull(per, "per");
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit allows at least 1 request, not " + permits);
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a rate limit's period must be positive: " + per);
        }
        if (per.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("a rate limit's period is at most 100 years, P36500D: " + per);
        }
        if (per.toNanos() / permits < 1) {
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
