package dev.jakartamcp.ops;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} ({@code 00-<trace id>-<parent id>-<flags>}), read without OpenTelemetry: the
 * trace a request continues is in its audit record even where the server runs no OpenTelemetry SDK. Versions above
 * {@code 00} are read by their first four fields, as the recommendation asks; all-zero ids are invalid.
 */
public record TraceContext(String traceId, String parentId, boolean sampled) {
    private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_PARENT = "0".repeat(16);
    /** Longer header values are not looked at. */
    static final int MAX_LENGTH = 512;

    /**
     * A new random W3C trace id (32 hex digits, not all zero). Trace ids identify, they protect nothing, so they come
     * from {@link ThreadLocalRandom} as OpenTelemetry's own ids do: a {@code SecureRandom} is one lock shared by every
     * request thread.
     */
    public static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }

    public static Optional<TraceContext> parse(String traceparent) {
        if (traceparent == null || traceparent.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        var m = TRACEPARENT.matcher(traceparent.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String version = m.group(1);
        if (version.equals("ff") || version.equals("00") && m.group(5) != null) {
            return Optional.empty();
        }
        if (m.group(2).equals(ZERO_TRACE) || m.group(3).equals(ZERO_PARENT)) {
            return Optional.empty();
        }
        boolean sampled = (Integer.parseInt(m.group(4), 16) & 1) == 1;
        return Optional.of(new TraceContext(m.group(2), m.group(3), sampled));
    }
}
