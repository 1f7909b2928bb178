package dev.jakartamcp.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scrape of Prometheus text (exposition format 0.0.4), its samples keyed by name and labels (labels in any order). */
record PrometheusScrape(String text, Map<String, Double> samples) {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    static PrometheusScrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample line: " + line);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                int end = 0;
                while (l.find()) {
                    assertEquals(end, l.start(), "malformed labels: " + line);
                    labels.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                    end = l.end();
                }
                assertEquals(m.group(2).length(), end, "malformed labels: " + line);
            }
            String value = m.group(3);
            samples.put(key(m.group(1), labels), value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
        }
        return new PrometheusScrape(text, samples);
    }

    static String key(String name, Map<String, String> labels) {
        return name + new TreeMap<>(labels);
    }

    /** The sample's value; 0 when the series does not exist (yet). */
    double value(String name, Map<String, String> labels) {
        return samples.getOrDefault(key(name, labels), 0.0);
    }

    boolean has(String name, Map<String, String> labels) {
        return samples.containsKey(key(name, labels));
    }

    /** {@code base} plus more labels. */
    static Map<String, String> labels(Map<String, String> base, String... more) {
        Map<String, String> all = new TreeMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }
}
