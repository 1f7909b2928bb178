package dev.jakartamcp.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The printed report: the table, the heap figures, every problem with examples, and the server log's warnings per burst. */
final class FuzzReport {
    /** A record's first line: Payara's {@code [2026-12-05T…] }, Liberty's {@code [12/5/26, 1:02:03:456 UTC] }. */
    private static final Pattern RECORD_START = Pattern.compile("^\\[(\\d{4}-\\d{2}-\\d{2}T|\\d{1,2}/\\d{1,2}/\\d{2}, )[^]]*] ");
    private static final Pattern LEVEL = Pattern.compile("\\[(SEVERE|WARNING|ERROR)]");
    /** Liberty's record: time, thread id, logger, one-letter level (E error, W warning), message. */
    private static final Pattern LIBERTY_RECORD = Pattern.compile("^\\[[^]]*] [0-9a-f]{8} \\S+\\s+([EW]) (.*)$");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");
    private static final Pattern THROWABLE = Pattern.compile("^(Caused by: )?([a-zA-Z_$][\\w$]*\\.)+[\\w$]*(Exception|Error)\\b.*");

    private FuzzReport() {
    }

    static String render(long seed, int requested, int capMs, int limitMs, List<BurstStats> bursts, int setupSent, List<String> setupFailures,
                         FuzzServer.HeapReading heapStart, FuzzServer.HeapReading heapEnd, long heapLimit, String histogram,
                         String finalSettle, FuzzServer server, long serverReadyMs, long totalMs) {
        StringBuilder b = new StringBuilder();
        b.append("=== HostileRequestsIT: seed ").append(seed).append(", ").append(requested).append(" requests requested, answer limit ")
                .append(limitMs).append(" ms, per-request cap ").append(capMs).append(" ms ===\n");
        b.append("server: ").append(server.name()).append('\n');
        b.append(String.format("server ready after %.1f s; whole run %.1f s; %d setup/warm-up requests%s%n", serverReadyMs / 1000.0, totalMs / 1000.0,
                setupSent, setupFailures.isEmpty() ? "" : " (problems: " + setupFailures + ")"));
        b.append("rules per answer: no 5xx; a body is JSON (or SSE whose data is JSON); no empty 4xx/5xx body and no empty 200 to a POST;\n"
                + "answer within the limit (SSE: headers); statuses as expected where a case names them; refused credentials never 2xx.\n"
                + "\"no Content-Type\" marks answers the application never produced (it always sets application/json): the container's own.\n"
                + "heap (GC): used heap after a full GC at the end of the burst; server busy after: until the server process used < 0.5 core.\n");
        b.append('\n');
        String format = "%-21s %6s %6s %-40s %6s %6s %5s  %-10s %-16s %s%n";
        b.append(String.format(format, "category", "sent", "time s", "status codes", "avg ms", "max ms", "fail", "heap (GC)", "server busy after", "valid request after"));
        b.append("-".repeat(160)).append('\n');
        int sent = 0;
        int failed = 0;
        for (BurstStats s : bursts) {
            sent += s.sent;
            failed += s.failures();
            String statuses = s.statusSummary();
            b.append(String.format(format, s.name, s.sent + (s.sent < s.planned ? "/" + s.planned : ""), String.format("%.1f", s.durationMs / 1000.0),
                    statuses.length() > 40 ? statuses.substring(0, 39) + "…" : statuses, s.sent == 0 ? 0 : s.latencySumMs / s.sent, s.maxLatencyMs, s.failures(),
                    s.heapAfter == null ? "-" : s.heapAfter.mib(), s.busyAfter, s.validAfter));
            if (statuses.length() > 40) {
                b.append(String.format("%-21s   all status codes: %s%n", "", statuses));
            }
        }
        b.append("-".repeat(160)).append('\n');
        b.append(String.format("%-21s %6d %6s %-40s %6s %6s %5d%n", "total", sent, "", "", "", "", failed));
        b.append('\n');
        long delta = heapStart.ok() && heapEnd.ok() ? heapEnd.usedBytes() - heapStart.usedBytes() : Long.MIN_VALUE;
        b.append("heap (used, after jcmd GC.run): start ").append(heapStart.mib()).append(", end ").append(heapEnd.mib())
                .append(" (read once the server was idle: ").append(finalSettle).append(")");
        if (delta != Long.MIN_VALUE) {
            b.append(String.format(", growth %+.1f MiB (limit +%d MiB): %s", delta / 1048576.0, heapLimit / 1048576, delta <= heapLimit ? "OK" : "FAILED"));
        }
        b.append('\n');
        if (!histogram.isBlank()) {
            b.append("largest heap residents at the end (jcmd GC.class_histogram):\n").append(indent(histogram, "    "));
        }

        Map<String, int[]> overall = new LinkedHashMap<>();
        Map<String, List<String>> where = new LinkedHashMap<>();
        for (BurstStats s : bursts) {
            s.problems.forEach((problem, count) -> {
                overall.computeIfAbsent(problem, k -> new int[1])[0] += count;
                where.computeIfAbsent(problem, k -> new ArrayList<>()).add(s.name + " " + count);
            });
            if (!s.validOk) {
                overall.computeIfAbsent("valid request after the burst failed", k -> new int[1])[0]++;
                where.computeIfAbsent("valid request after the burst failed", k -> new ArrayList<>()).add(s.name);
            }
        }
        Map<String, int[]> byConnector = new java.util.TreeMap<>();
        List<String> connectorWhere = new ArrayList<>();
        for (BurstStats s : bursts) {
            int n = s.connector.values().stream().mapToInt(Integer::intValue).sum();
            if (n > 0) {
                connectorWhere.add(s.name + " " + n);
            }
            s.connector.forEach((status, count) -> byConnector.computeIfAbsent(status, k -> new int[1])[0] += count);
        }
        b.append("\n=== answered by the HTTP connector, before the application (not valid HTTP/1.1 to it: no body, no Content-Type; or a target it cannot decode; Payara 7: a path with a colon) ===\n");
        if (byConnector.isEmpty()) {
            b.append("none\n");
        } else {
            StringBuilder statuses = new StringBuilder();
            byConnector.forEach((status, count) -> statuses.append(statuses.length() == 0 ? "" : " ").append(status).append(':').append(count[0]));
            b.append(String.format("%6d  %s%n        in: %s%n", byConnector.values().stream().mapToInt(c -> c[0]).sum(), statuses,
                    String.join(", ", connectorWhere)));
            for (BurstStats s : bursts) {
                for (BurstStats.Example e : s.connectorExamples) {
                    b.append("    • ").append(s.name).append(": ").append(e.label()).append("\n      answer:   ").append(e.answer()).append('\n');
                }
            }
        }
        b.append("\n=== distinct problems (requests) ===\n");
        if (overall.isEmpty()) {
            b.append("none\n");
        }
        overall.forEach((problem, count) -> b.append(String.format("%6d  %s%n        in: %s%n", count[0], problem, String.join(", ", where.get(problem)))));

        b.append("\n=== problems per category ===\n");
        boolean any = false;
        for (BurstStats s : bursts) {
            if (s.failures() == 0 && s.aborted == null && !s.listAll && s.slow.isEmpty()) {
                continue;
            }
            any = true;
            b.append("\n--- ").append(s.name).append(" (").append(s.description).append(") ---\n");
            if (s.aborted != null) {
                b.append("  ABORTED: ").append(s.aborted).append('\n');
            }
            if (!s.validOk) {
                b.append("  valid request afterwards: ").append(s.validAfter).append('\n');
            }
            s.generatorErrors.forEach(e -> b.append("  generator error (test bug): ").append(e).append('\n'));
            s.problems.forEach((problem, count) -> {
                b.append(String.format("  %s: %d request(s)%n", problem, count));
                for (BurstStats.Example e : s.examples.get(problem)) {
                    b.append("    • ").append(e.label()).append("  [").append(e.latencyMs()).append(" ms]\n");
                    b.append("      request:  ").append(e.request()).append('\n');
                    b.append("      answer:   ").append(e.answer()).append('\n');
                }
            });
            if (!s.slow.isEmpty()) {
                b.append("  requests that took more than 1 s (first 40):\n");
                s.slow.forEach(line -> b.append("    ").append(line).append('\n'));
            }
            if (s.listAll) {
                b.append("  every request:\n");
                s.listing.forEach(line -> b.append("    ").append(line).append('\n'));
            }
        }
        if (!any) {
            b.append("none\n");
        }

        b.append("\n=== server log: SEVERE/WARNING records per category (").append(server.log()).append(") ===\n");
        for (BurstStats s : bursts) {
            String slice = server.logSlice(s.logFrom, s.logTo, 64 * 1024 * 1024);
            Map<String, Group> groups = groups(slice);
            if (groups.isEmpty()) {
                continue;
            }
            b.append("\n--- ").append(s.name).append(" ---\n");
            int shown = 0;
            for (Group g : groups.values()) {
                b.append(String.format("  %dx %s%n", g.count, g.key));
                if (shown++ < 6) {
                    b.append(indent(g.excerpt, "      "));
                }
            }
        }
        return b.toString();
    }

    private static String indent(String text, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            b.append(prefix).append(line).append('\n');
        }
        return b.toString();
    }

    static final class Group {
        final String key;
        final String excerpt;
        int count;
        /** Records of the group logged by the WAR's own loggers or with a frame of its code anywhere in the trace. */
        int war;

        Group(String key, String excerpt) {
            this.key = key;
            this.excerpt = excerpt;
        }
    }

    /**
     * The groups of {@link #groups} a hostile request must never cause, as "count× key": a SEVERE record of the WAR's
     * own (its logger, or a frame of its code in the trace: an answer it failed to give), a JAX-RS runtime's warning
     * about what it failed to parse (RESTEasy logs one with a stack trace per request), and Liberty's warnings that
     * something answered a request already answered. The connector's own records (a bad Host, broken framing) are
     * the server's and stay in the report only.
     */
    static List<String> causedByTheWar(String log) {
        List<String> caused = new ArrayList<>();
        for (Group g : groups(log).values()) {
            if (g.key.startsWith("SEVERE") && g.war > 0) {
                caused.add(g.war + "x " + g.key);
            } else if (g.key.startsWith("WARNING RESTEASY") || g.key.contains("Response already committed")) {
                caused.add(g.count + "x " + g.key);
            }
        }
        return caused;
    }

    private static final Pattern PAYARA_LOGGER = Pattern.compile("^\\[[^]]*] \\[[^]]*] \\[(?:SEVERE|WARNING)] \\[[^]]*] \\[([^]]+)]");

    /**
     * Payara's SEVERE and WARNING records with a stack trace, counted by logger: what {@code
     * mcp.container-log.max-per-minute} bounds for the server's own loggers.
     */
    static Map<String, Integer> stackTracesByLogger(String log) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        String logger = null;
        boolean counted = false;
        for (String line : ANSI.matcher(log).replaceAll("").split("\n")) {
            if (RECORD_START.matcher(line).find()) {
                Matcher m = PAYARA_LOGGER.matcher(line);
                logger = m.find() ? m.group(1) : null;
                counted = false;
            } else if (logger != null && !counted && line.startsWith("\tat ")) {
                counts.merge(logger, 1, Integer::sum);
                counted = true;
            }
        }
        return counts;
    }

    /** SEVERE/WARNING records grouped by level, logger message and the first throwable named. */
    static Map<String, Group> groups(String log) {
        Map<String, Group> groups = new LinkedHashMap<>();
        List<String> record = new ArrayList<>();
        for (String line : (ANSI.matcher(log).replaceAll("") + "\n[0000-00-00T] end").split("\n")) {
            if (RECORD_START.matcher(line).find() || line.startsWith("[0000-00-00T]")) {
                if (!record.isEmpty()) {
                    add(groups, record);
                }
                record = new ArrayList<>();
            }
            record.add(line);
        }
        return groups;
    }

    private static void add(Map<String, Group> groups, List<String> record) {
        // read before Liberty's first line is rewritten below, which drops its logger column
        boolean war = record.stream().anyMatch(line -> line.contains("dev.jakartamcp"));
        Matcher liberty = LIBERTY_RECORD.matcher(record.get(0));
        if (liberty.matches()) {
            record = new ArrayList<>(record);
            record.set(0, "[" + (liberty.group(1).equals("E") ? "SEVERE" : "WARNING") + "] [[ " + liberty.group(2));
        }
        Matcher level = LEVEL.matcher(record.get(0));
        if (!level.find()) {
            return;
        }
        String message = "";
        String throwable = "";
        for (int i = 0; i < record.size(); i++) {
            String line = record.get(i).strip();
            if (i == 0) {
                int open = line.lastIndexOf("[[");
                line = open >= 0 ? line.substring(open + 2).strip() : "";
            }
            if (message.isEmpty() && !line.isEmpty() && !line.equals("]]")) {
                message = line;
            }
            if (throwable.isEmpty() && THROWABLE.matcher(line).matches()) {
                throwable = line.length() > 160 ? line.substring(0, 160) + "…" : line;
            }
        }
        String normalizedMessage = message.replaceAll("\\d+", "#");
        if (normalizedMessage.length() > 140) {
            normalizedMessage = normalizedMessage.substring(0, 140) + "…";
        }
        String key = level.group(1) + " " + normalizedMessage + (throwable.isEmpty() || throwable.equals(message) ? "" : " / " + throwable.replaceAll("\\d+", "#"));
        Group g = groups.get(key);
        if (g == null) {
            StringBuilder excerpt = new StringBuilder();
            for (int i = 0; i < Math.min(record.size(), 30); i++) {
                String line = record.get(i);
                excerpt.append(line.length() > 300 ? line.substring(0, 300) + "…" : line).append('\n');
            }
            if (record.size() > 30) {
                excerpt.append("… (").append(record.size() - 30).append(" more lines)\n");
            }
            g = new Group(key, excerpt.toString());
            groups.put(key, g);
        }
        g.count++;
        if (war) {
            g.war++;
        }
    }
}
