package dev.jakartamcp.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the official MCP conformance suite (an independent client nobody on this project wrote) against the server
 * on Payara Micro, for both requirement sets. Every scored scenario must pass, except those listed in
 * {@code src/test/conformance/expected-failures-<revision>.yml} (a list that only ever shrinks). The suite's exit code
 * counts only failures of scored scenarios, so the test also reads every check the run wrote: a failure in any
 * scenario fails, and so does a warning or a skip not in {@code src/test/conformance/accepted-<revision>.txt}, whose
 * every line names a scenario, a check and why it is accepted; an accepted line the run no longer produces fails too,
 * so that list only shrinks as well.
 */
@Tag("all-servers")
@ExtendWith(ArquillianExtension.class)
class ConformanceIT extends EndpointIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.withConformanceFixture(Map.of());
    }

    @Test
    void revision_2025_11_25() throws Exception {
        run("2025-11-25");
    }

    @Test
    void revision_2026_07_28() throws Exception {
        run("2026-07-28");
    }

    /** The README's MCP Inspector command, against the server as deployed here: both channels come back. */
    @Test
    void inspectorCliCallsGetChannels() throws Exception {
        String output = inspector("get_channels.txt", "--method", "tools/call", "--tool-name", "get_channels",
                "--tool-args-json", "{\"location\":\"Tokyo\"}");
        assertTrue(output.contains("\"NHK G\"") && output.contains("\"ETV\""), output);
    }

    /**
     * MCP Inspector 2.12.0 speaks the tasks extension (through {@code @modelcontextprotocol/ext-tasks}): in the
     * 2026-07-28 era it declares the extension, gets a task for a tool that only runs as one, polls it and prints the
     * result.
     */
    @Test
    void inspectorCliRunsATaskToItsResult() throws Exception {
        String output = inspector("task.txt", "--protocol-era", "modern", "--method", "tools/call", "--tool-name", "report_as_task");
        assertTrue(output.contains("Report ready (ran as a task)") && output.contains("\"isError\": false"), output);
    }

    /** Runs the MCP Inspector CLI against the deployment; returns what it printed (also in target/inspector/{@code logName}). */
    private String inspector(String logName, String... arguments) throws IOException, InterruptedException {
        Path out = BuildOutput.dir("inspector");
        Path log = out.resolve(logName);
        List<String> command = new ArrayList<>(List.of("npx", "-y", "-p", System.getProperty("mcp.node.package", "node@22"),
                "-p", System.getProperty("mcp.inspector.package", "@modelcontextprotocol/inspector@2.12.0"), "--",
                "mcp-inspector", "--cli", "--transport", "http", "--server-url", McpDeployments.endpoint(deployed).toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MCP_STORAGE_DIR", BuildOutput.fresh("inspector", "storage-").toString());
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the inspector did not finish");
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private void run(String revision) throws IOException, InterruptedException {
        runSuite(McpDeployments.endpoint(deployed), revision);
    }

    /** Runs the suite for one requirement set against {@code endpoint}. */
    static void runSuite(URI endpoint, String revision) throws IOException, InterruptedException {
        Path out = Path.of(System.getProperty("mcp.build.dir", "target"), "conformance", revision);
        Files.createDirectories(out);
        List<String> command = new ArrayList<>(List.of("npx", "-y",
                "-p", System.getProperty("mcp.node.package", "node@22"),
                "-p", System.getProperty("mcp.conformance.package", "@modelcontextprotocol/conformance@0.2.0-alpha.12"),
                "--", "conformance", "server", "--url", endpoint.toString(), "--requirements", revision, "-o", out.toString()));
        Path expected = Path.of("src/test/conformance/expected-failures-" + revision + ".yml");
        if (Files.exists(expected)) {
            command.add("--expected-failures");
            command.add(expected.toAbsolutePath().toString());
        }
        Path log = out.resolve("console.txt");
        Set<Path> before = scenarioDirectories(out);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String console = Files.readString(log);
        int summary = console.indexOf("=== SUMMARY ===");
        String summaryText = summary >= 0 ? console.substring(summary) : console;
        Files.writeString(out.resolve("summary.txt"), summaryText);
        System.out.println("Conformance " + revision + ":\n" + summaryText);
        assertTrue(finished, "the conformance suite did not finish within 15 minutes");
        assertEquals(0, process.exitValue(), "conformance " + revision + " failed:\n" + summaryText);
        Set<Path> run = scenarioDirectories(out);
        run.removeAll(before);
        assertChecks(ConformanceChecks.read(run), ConformanceChecks.accepted(Path.of("src/test/conformance/accepted-" + revision + ".txt")),
                revision);
    }

    private static void assertChecks(List<ConformanceChecks.Check> checks, Map<String, String> accepted, String revision) {
        assertTrue(checks.size() > 50, "the run wrote only " + checks.size() + " checks");
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (ConformanceChecks.Check check : checks) {
            if (check.status().equals("SUCCESS") || check.status().equals("INFO")) {
                continue;
            }
            String key = check.key();
            if (!check.status().equals("FAILURE") && accepted.containsKey(key)) {
                seen.add(key);
            } else {
                problems.add(check.status() + " " + key + ": " + check.message());
            }
        }
        for (String key : accepted.keySet()) {
            if (!seen.contains(key)) {
                problems.add("accepted but no longer produced (remove it from accepted-" + revision + ".txt): " + key);
            }
        }
        assertTrue(problems.isEmpty(), "conformance " + revision + ":\n" + String.join("\n", problems));
    }

    private static Set<Path> scenarioDirectories(Path out) throws IOException {
        try (Stream<Path> entries = Files.list(out)) {
            return entries.filter(Files::isDirectory).collect(Collectors.toCollection(HashSet::new));
        }
    }
}
