package dev.jakartamcp.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The series of one metric, one per distinct set of attribute values, at most {@code maxSeries} of them: values of
 * further attribute sets go to one overflow series ({@code otel.metric.overflow="true"}, as OpenTelemetry's SDK does),
 * so no caller can grow a metric without bound (threads racing past the bound at the same moment may each add one).
 */
final class LabeledSeries<T> {
    static final Map<String, String> OVERFLOW = Map.of("otel.metric.overflow", "true");

    private final Map<Map<String, String>, T> series = new ConcurrentHashMap<>();
    private final Supplier<T> factory;
    private final int maxSeries;

    LabeledSeries(Supplier<T> factory, int maxSeries) {
        this.factory = factory;
        this.maxSeries = maxSeries;
    }

    /** The series of these attribute values (kept in the order given), created on first use. */
    T of(Map<String, String> labels) {
        T existing = series.get(labels);
        if (existing != null) {
            return existing;
        }
        if (series.size() >= maxSeries) {
            return series.computeIfAbsent(OVERFLOW, k -> factory.get());
        }
        return series.computeIfAbsent(Collections.unmodifiableMap(new LinkedHashMap<>(labels)), k -> factory.get());
    }

    void forEach(BiConsumer<Map<String, String>, T> action) {
        series.forEach(action);
    }

    int size() {
        return series.size();
    }
}
