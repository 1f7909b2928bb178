package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    private static final HttpClient HTTP = Http.client().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code GET /mcp-metrics} of the server at {@code origin} (no token), checked to be 200 in the exposition format. */
    static PrometheusScrape of(String origin) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/mcp-metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse("").toLowerCase(),
                response::toString);
        return parse(response.body());
    }

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

    /** The sum of the samples of {@code name} whose labels include {@code some} (whatever their other labels). */
    double sum(String name, Map<String, String> some) {
        double total = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String key = sample.getKey();
            if (key.startsWith(name + "{") && some.entrySet().stream().allMatch(l -> {
                String label = l.getKey() + "=" + l.getValue();
                return key.contains("{" + label + ",") || key.contains("{" + label + "}")
                        || key.contains(", " + label + ",") || key.contains(", " + label + "}");
            })) {
                total += sample.getValue();
            }
        }
        return total;
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
