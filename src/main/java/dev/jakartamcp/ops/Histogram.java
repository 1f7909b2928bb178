package dev.jakartamcp.ops;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A histogram of durations in seconds with fixed bucket boundaries. Recording takes no lock; a snapshot read while
 * others record may be off by the values in flight, never inconsistent by more.
 */
public final class Histogram {
    /** The explicit bucket boundaries the OpenTelemetry MCP conventions advise for all their duration metrics. */
    public static final List<Double> BOUNDARIES_SECONDS = List.of(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0,
            60.0, 120.0, 300.0);

    private final double[] boundaries;
    /** Per bucket, not cumulative; the last one is (last boundary, +Inf). */
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram(List<Double> boundaries) {
        this.boundaries = boundaries.stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 1; i < this.boundaries.length; i++) {
            if (!(this.boundaries[i] > this.boundaries[i - 1])) {
                throw new IllegalArgumentException("bucket boundaries must increase: " + boundaries);
            }
        }
        this.counts = new AtomicLongArray(this.boundaries.length + 1);
    }

    public Histogram() {
        this(BOUNDARIES_SECONDS);
    }

    /** Records one value; a bucket holds the values up to and including its boundary. Negative values count as 0. */
    public void record(double value) {
        double v = Double.isNaN(value) || value < 0 ? 0 : value;
        int bucket = 0;
        while (bucket < boundaries.length && v > boundaries[bucket]) {
            bucket++;
        }
        counts.incrementAndGet(bucket);
        sum.add(v);
    }

    public Snapshot snapshot() {
        long[] cumulative = new long[counts.length()];
        long running = 0;
        for (int i = 0; i < cumulative.length; i++) {
            running += counts.get(i);
            cumulative[i] = running;
        }
        // the count is the +Inf bucket, as the exposition format requires of _count: read apart, a request recorded
        // between the two reads made them differ
        return new Snapshot(boundaries.clone(), cumulative, sum.sum(), cumulative[cumulative.length - 1]);
    }

    /**
     * @param boundaries the upper bounds ({@code le}) of all but the last bucket
     * @param cumulative per bucket, the number of values up to its bound; the last entry is the {@code +Inf} bucket
     */
    public record Snapshot(double[] boundaries, long[] cumulative, double sum, long count) {
    }
}
