package dev.jakartamcp.ops;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistogramTest {
    /** The exposition format requires _count to equal the +Inf bucket; read apart, values recorded meanwhile split them. */
    @Test
    void aSnapshotsCountIsItsInfinityBucketWhileValuesAreRecorded() throws InterruptedException {
        Histogram histogram = new Histogram(Histogram.BOUNDARIES_SECONDS);
        java.util.concurrent.atomic.AtomicBoolean recording = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread recorder = new Thread(() -> {
            while (recording.get()) {
                histogram.record(0.3);
            }
        });
        recorder.start();
        try {
            for (int i = 0; i < 100_000; i++) {
                Histogram.Snapshot s = histogram.snapshot();
                assertEquals(s.cumulative()[s.cumulative().length - 1], s.count());
            }
        } finally {
            recording.set(false);
            recorder.join();
        }
        assertEquals(histogram.snapshot().cumulative()[Histogram.BOUNDARIES_SECONDS.size()], histogram.snapshot().count());
    }
    @Test
    void theConventionsBuckets() {
        assertEquals(List.of(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0), Histogram.BOUNDARIES_SECONDS);
    }

    @Test
    void aBucketHoldsValuesUpToAndIncludingItsBoundCumulatively() {
        Histogram h = new Histogram(List.of(0.1, 1.0, 10.0));
        h.record(0.1);
        h.record(0.05);
        h.record(0.5);
        h.record(10.0);
        h.record(11.0);
        h.record(-3);
        h.record(Double.NaN);
        Histogram.Snapshot s = h.snapshot();
        assertArrayEquals(new long[]{4, 5, 6, 7}, s.cumulative(), "le=0.1 holds 0.1, 0.05, -3→0, NaN→0");
        assertEquals(7, s.count());
        assertEquals(0.1 + 0.05 + 0.5 + 10.0 + 11.0, s.sum(), 1e-9);
    }

    @Test
    void boundariesMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(List.of(1.0, 1.0)));
    }

    @Test
    void prometheusTextOfAHistogram() {
        LabeledSeries<Histogram> series = new LabeledSeries<>(() -> new Histogram(List.of(0.5, 1.0)), 10);
        series.of(Map.of("mcp.method.name", "tools/call")).record(0.7);
        PrometheusText text = new PrometheusText();
        text.histogram("mcp.server.operation.duration", "s", "help\nwith a line break", series);
        assertEquals("""
                # HELP mcp_server_operation_duration_seconds help\\nwith a line break
                # TYPE mcp_server_operation_duration_seconds histogram
                mcp_server_operation_duration_seconds_bucket{mcp_method_name="tools/call",le="0.5"} 0
                mcp_server_operation_duration_seconds_bucket{mcp_method_name="tools/call",le="1.0"} 1
                mcp_server_operation_duration_seconds_bucket{mcp_method_name="tools/call",le="+Inf"} 1
                mcp_server_operation_duration_seconds_sum{mcp_method_name="tools/call"} 0.7
                mcp_server_operation_duration_seconds_count{mcp_method_name="tools/call"} 1
                """, text.toString());
    }

    @Test
    void labelValuesAreEscapedAndNamesSanitised() {
        assertEquals("a\\\\b\\\"c\\nd", PrometheusText.escape("a\\b\"c\nd"));
        assertEquals("gen_ai_tool_name", PrometheusText.name("gen_ai.tool.name"));
        assertEquals("_1a_b", PrometheusText.name("1a-b"));
        assertEquals("300.0", PrometheusText.number(300));
        assertEquals("0.01", PrometheusText.number(0.01));
    }

    @Test
    void seriesBeyondTheLimitGoToOneOverflowSeries() {
        LabeledSeries<Histogram> series = new LabeledSeries<>(Histogram::new, 3);
        for (int i = 0; i < 10; i++) {
            series.of(Map.of("gen_ai.tool.name", "tool" + i)).record(1);
        }
        assertEquals(4, series.size(), "three series and the overflow one");
        assertEquals(7, series.of(LabeledSeries.OVERFLOW).snapshot().count());
        assertEquals(1, series.of(Map.of("gen_ai.tool.name", "tool0")).snapshot().count(), "existing series go on");
    }
}
