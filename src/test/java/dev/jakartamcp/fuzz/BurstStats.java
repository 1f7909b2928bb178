package dev.jakartamcp.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one burst produced: counts per status, the slowest answer, and the problems with a few examples each. */
final class BurstStats {
    static final int EXAMPLES = 3;

    record Example(String label, String request, String answer, long latencyMs) {
    }

    final String name;
    final String description;
    int planned;
    int sent;
    int failed;
    long maxLatencyMs;
    String slowest = "";
    final Map<String, Integer> statuses = new TreeMap<>();
    /** Answers the HTTP connector gave before the application (see {@link Verdict#byConnector}), per status. */
    final Map<String, Integer> connector = new TreeMap<>();
    final Map<String, Integer> problems = new LinkedHashMap<>();
    final Map<String, List<Example>> examples = new LinkedHashMap<>();
    final List<String> generatorErrors = new ArrayList<>();
    final List<Example> connectorExamples = new ArrayList<>();
    /** Every request with its answer (only for categories that want a per-request listing). */
    final List<String> listing = new ArrayList<>();
    /** Requests answered after more than a second (or not at all). */
    final List<String> slow = new ArrayList<>();
    boolean listAll;
    String aborted;
    long durationMs;
    long logFrom;
    long logTo;
    String validAfter = "";
    String busyAfter = "";
    long latencySumMs;
    boolean validOk = true;
    FuzzServer.HeapReading heapAfter;

    BurstStats(String name, String description) {
        this.name = name;
        this.description = description;
    }

    synchronized void record(Hostile h, RawHttp.Response r, List<String> found) {
        sent++;
        String key = r.status >= 0 ? Integer.toString(r.status) : r.timedOut ? "timeout" : "closed";
        statuses.merge(key, 1, Integer::sum);
        latencySumMs += r.latencyMs;
        if (r.latencyMs > maxLatencyMs) {
            maxLatencyMs = r.latencyMs;
            slowest = h.label;
        }
        if (r.latencyMs > 1000 && !listAll && slow.size() < 40) {
            slow.add(String.format("%-70s -> %-8s %6d ms", h.label.length() > 70 ? h.label.substring(0, 69) + "…" : h.label, key, r.latencyMs));
        }
        if (listAll) {
            listing.add(String.format("%-55s -> %-8s %6d ms%s", h.label, key, r.latencyMs, found.isEmpty() ? "" : "  " + String.join("; ", found)));
        }
        if (Verdict.byConnector(h, r) && found.isEmpty()) {
            connector.merge(key, 1, Integer::sum);
            if (connectorExamples.size() < EXAMPLES) {
                connectorExamples.add(new Example(h.label, h.preview(300), describe(r), r.latencyMs));
            }
        }
        if (found.isEmpty()) {
            return;
        }
        failed++;
        for (String p : found) {
            problems.merge(p, 1, Integer::sum);
            List<Example> list = examples.computeIfAbsent(p, k -> new ArrayList<>());
            if (list.size() < EXAMPLES) {
                list.add(new Example(h.label, h.preview(300), describe(r), r.latencyMs));
            }
        }
    }

    synchronized void generatorError(String label, Throwable e) {
        if (generatorErrors.size() < 5) {
            generatorErrors.add(label + ": " + e);
        }
    }

    static String describe(RawHttp.Response r) {
        if (r.status < 0) {
            return (r.timedOut ? "no answer (client gave up)" : "no answer: " + r.error) + (r.writeError != null ? "; upload: " + r.writeError : "");
        }
        StringBuilder b = new StringBuilder(r.statusLine);
        b.append(" | Content-Type: ").append(r.header("Content-Type").orElse("(none)"));
        r.header("Content-Length").ifPresent(v -> b.append(" | Content-Length: ").append(v));
        if (r.sse) {
            b.append(" | SSE data: ").append(r.sseData.isEmpty() ? "(none)" : Hostile.preview(String.join(" ⏎ ", r.sseData).getBytes(java.nio.charset.StandardCharsets.UTF_8), 300));
        } else {
            b.append(" | body: ").append(r.body.length == 0 ? "(empty)" : r.shortBody(300));
        }
        if (r.error != null) {
            b.append(" | ").append(r.error);
        }
        return b.toString();
    }

    String statusSummary() {
        StringBuilder b = new StringBuilder();
        statuses.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append(':').append(v));
        return b.toString();
    }

    int failures() {
        return failed + (validOk ? 0 : 1) + generatorErrors.size();
    }
}
