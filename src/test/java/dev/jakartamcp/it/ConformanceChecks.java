package dev.jakartamcp.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checks a conformance run wrote ({@code <scenario>-<time>/checks.json}), and the accepted non-successes. */
final class ConformanceChecks {

    private ConformanceChecks() {
    }

    /** One check: its scenario (the directory's name without the run's time), id, status and message. */
    record Check(String scenario, String id, String status, String message) {

        String key() {
            return scenario + " " + id;
        }
    }

    static List<Check> read(Collection<Path> scenarioDirectories) throws IOException {
        List<Check> checks = new ArrayList<>();
        for (Path directory : scenarioDirectories) {
            Path file = directory.resolve("checks.json");
            if (!Files.exists(file)) {
                throw new AssertionError("the scenario wrote no checks: " + directory);
            }
            String scenario = directory.getFileName().toString().replaceFirst("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
            try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
                for (JsonValue value : reader.readArray()) {
                    JsonObject check = value.asJsonObject();
                    checks.add(new Check(scenario, check.getString("id"), check.getString("status"),
                            check.getString("errorMessage", "")));
                }
            }
        }
        return checks;
    }

    /**
     * The accepted file's lines {@code <scenario> <check id> <why>}, keyed by scenario and check; blank lines and
     * lines starting with {@code #} are ignored. A line without a reason is refused.
     */
    static Map<String, String> accepted(Path file) throws IOException {
        Map<String, String> accepted = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return accepted;
        }
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 3);
            if (parts.length < 3) {
                throw new AssertionError(file + ": a line needs a scenario, a check id and why it is accepted: " + line);
            }
            accepted.put(parts[0] + " " + parts[1], parts[2]);
        }
        return accepted;
    }
}
