package dev.jakartamcp.ops;

import java.util.Locale;
import java.util.Map;

/**
 * Prometheus text exposition format 0.0.4, with OpenTelemetry's names for it: dots become underscores, a duration in
 * seconds gets {@code _seconds}, a counter {@code _total}, and attribute names become label names the same way
 * ({@code mcp.method.name} → {@code mcp_method_name}).
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    void histogram(String metric, String unit, String help, LabeledSeries<Histogram> series) {
        String name = name(metric) + ("s".equals(unit) ? "_seconds" : "");
        header(name, "histogram", help);
        series.forEach((labels, histogram) -> {
            Histogram.Snapshot s = histogram.snapshot();
            for (int i = 0; i < s.boundaries().length; i++) {
                sample(name + "_bucket", labels, "le", number(s.boundaries()[i]), s.cumulative()[i]);
            }
            sample(name + "_bucket", labels, "le", "+Inf", s.cumulative()[s.boundaries().length]);
            sample(name + "_sum", labels, null, null, s.sum());
            sample(name + "_count", labels, null, null, s.count());
        });
    }

    void gauge(String metric, String help, long value) {
        String name = name(metric);
        header(name, "gauge", help);
        sample(name, Map.of(), null, null, value);
    }

    void counter(McpMetrics.Counter counter) {
        String name = name(counter.name()) + "_total";
        header(name, "counter", counter.description());
        counter.forEach((labels, value) -> sample(name, labels, null, null, value));
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, Map<String, String> labels, String extraLabel, String extraValue, Object value) {
        out.append(name);
        if (!labels.isEmpty() || extraLabel != null) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                first = label(label.getKey(), label.getValue(), first);
            }
            if (extraLabel != null) {
                label(extraLabel, extraValue, first);
            }
            out.append('}');
        }
        out.append(' ').append(value instanceof Double d ? number(d) : value.toString()).append('\n');
    }

    private boolean label(String key, String value, boolean first) {
        if (!first) {
            out.append(',');
        }
        out.append(name(key)).append("=\"").append(escape(value)).append('"');
        return false;
    }

    /** A metric or label name: what is not {@code [a-zA-Z0-9_]} becomes {@code _}; a leading digit gets one before it. */
    static String name(String otelName) {
        StringBuilder b = new StringBuilder(otelName.length() + 1);
        if (!otelName.isEmpty() && Character.isDigit(otelName.charAt(0))) {
            b.append('_');
        }
        for (char c : otelName.toCharArray()) {
            b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
        }
        return b.toString();
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return Double.toString(d);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
