package dev.jakartamcp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JFR CPU profile of one server under wrk load ({@code -Dbench.profile=<seconds>}): {@code jcmd <pid> JFR.start
 * settings=profile}, a wrk run that is not counted in the table, {@code JFR.stop}, then {@code jfr print --events
 * jdk.ExecutionSample} aggregated: the top frames (where the samples are) and the inclusive share of every method
 * (in how many samples it is on the stack), the latter also restricted to the product's own code.
 */
final class Profile {
    private static final Pattern FRAME = Pattern.compile("^\\s+([\\w$.<>/]+\\.[\\w$<>]+)\\(.*$");

    private Profile() {
    }

    static void start(long pid, Path jfr) throws IOException, InterruptedException {
        Files.deleteIfExists(jfr);
        Bench.command(List.of(jcmd(), Long.toString(pid), "JFR.start", "name=bench", "settings=default",
                "filename=" + jfr.toAbsolutePath()), Duration.ofSeconds(120), true);
    }

    static void stop(long pid) throws IOException, InterruptedException {
        Bench.command(List.of(jcmd(), Long.toString(pid), "JFR.stop", "name=bench"), Duration.ofSeconds(120), true);
    }

    /** Aggregates the execution samples of {@code jfr} into a text summary (also written next to it). */
    static String summarize(Path jfr, int top) throws IOException, InterruptedException {
        Path printed = jfr.resolveSibling(jfr.getFileName() + ".txt");
        Process p = new ProcessBuilder(List.of(tool("jfr"), "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96",
                jfr.toAbsolutePath().toString())).redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        p.getOutputStream().close();
        p.waitFor();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        boolean inStack = false;
        boolean first = false;
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(printed, StandardCharsets.UTF_8)) {
            if (line.contains("stackTrace = [")) {
                inStack = true;
                first = true;
                seen.clear();
                samples++;
                continue;
            }
            if (!inStack) {
                continue;
            }
            if (line.strip().equals("]")) {
                inStack = false;
                continue;
            }
            Matcher m = FRAME.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String method = m.group(1);
            if (first) {
                self.merge(method, 1, Integer::sum);
                first = false;
            }
            if (seen.add(method)) {
                inclusive.merge(method, 1, Integer::sum);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(samples).append(" execution samples (").append(jfr.getFileName()).append(")\n");
        append(b, "top frames (self)", self, samples, top, m -> true);
        append(b, "on the stack (inclusive), product code", inclusive, samples, top, m -> m.startsWith("dev.jakartamcp."));
        append(b, "on the stack (inclusive), JSON-P / class loading / zip", inclusive, samples, top,
                m -> m.startsWith("jakarta.json.") || m.startsWith("org.glassfish.json.") || m.startsWith("org.eclipse.parsson.")
                        || m.contains("ClassLoader.") || m.contains("ServiceLoader") || m.contains(".zip."));
        Files.writeString(jfr.resolveSibling(jfr.getFileName() + ".summary.txt"), b.toString(), StandardCharsets.UTF_8);
        return b.toString();
    }

    private static void append(StringBuilder b, String title, Map<String, Integer> counts, int samples, int top,
            java.util.function.Predicate<String> filter) {
        b.append("  ").append(title).append(":\n");
        counts.entrySet().stream().filter(e -> filter.test(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> b.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }

    private static String jcmd() {
        return tool("jcmd");
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
