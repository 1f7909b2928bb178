package dev.jakartamcp.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The independent MCP clients the end-to-end tests drive (src/test/e2e: MCP Inspector, the TypeScript SDK 1.x and
 * 2.x, pinned by package-lock.json), installed with {@code npm ci} into a folder under target/ and run with the
 * {@code node} on the PATH (Node.js 20 or later).
 */
public final class NodeClients {
    private final Path dir;
    private final Path bin;

    private NodeClients(Path dir) {
        this.dir = dir;
        this.bin = dir.resolve("bin");
    }

    /** Copies the scripts into {@code dir} and installs the packages unless the same lock file was installed there before. */
    public static NodeClients install(Path sources, Path dir, Path log) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String version = run(List.of("node", "--version"), dir).strip();
        int major = Integer.parseInt(version.replaceFirst("^v(\\d+).*", "$1"));
        if (major < 20) {
            throw new IllegalStateException("the end-to-end tests need Node.js 20 or later on the PATH, found " + version);
        }
        Path stamp = dir.resolve("node_modules").resolve(".installed-lock-sha256");
        String lockHash = sha256(Files.readAllBytes(dir.resolve("package-lock.json")));
        if (!Files.exists(stamp) || !Files.readString(stamp).strip().equals(lockHash)) {
            Process npm = new ProcessBuilder(npm(), "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            npm.getOutputStream().close();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci failed in " + dir + ", see " + log + ":\n" + Files.readString(log));
            }
            Files.writeString(stamp, lockHash);
        }
        NodeClients clients = new NodeClients(dir);
        clients.writeBrowser();
        return clients;
    }

    public Path dir() {
        return dir;
    }

    /** Folder with {@code headless-browser} (and an {@code xdg-open} that is the same), to put first on the PATH. */
    public Path bin() {
        return bin;
    }

    /** Runs {@code node <script> <args>} in the clients' folder; stdout's last line must be a JSON object. */
    public JsonObject runScript(String script, List<String> args, Path stderrLog) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", dir.resolve(script).toString()));
        command.addAll(args);
        Result result = exec(command, Map.of(), stderrLog, 4);
        String out = result.stdout().strip();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        if (!last.startsWith("{")) {
            throw new IllegalStateException(script + " printed no report (exit " + result.exit() + "):\n" + out + "\n"
                    + Files.readString(stderrLog));
        }
        try (JsonReader reader = Json.createReader(new StringReader(last))) {
            return reader.readObject();
        }
    }

    /** Runs MCP Inspector's CLI ({@code mcp-inspector --cli …}) with extra environment variables. */
    public Result inspector(List<String> args, Map<String, String> environment, Path stderrLog) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(dir.resolve("node_modules").resolve(".bin").resolve("mcp-inspector").toString(), "--cli"));
        command.addAll(args);
        return exec(command, environment, stderrLog, 4);
    }

    public record Result(int exit, String stdout, long millis) {
    }

    private Result exec(List<String> command, Map<String, String> environment, Path stderrLog, int minutes)
            throws IOException, InterruptedException {
        Files.createDirectories(stderrLog.getParent());
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderrLog.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + minutes + " minutes");
        }
        String out = Files.readString(stdout);
        Files.delete(stdout);
        return new Result(process.exitValue(), out, (System.nanoTime() - started) / 1_000_000);
    }

    /** The stand-in browser MCP Inspector opens: a shell script running headless-login.mjs with this node. */
    private void writeBrowser() throws IOException {
        Files.createDirectories(bin);
        String script = "#!/bin/sh\nexec node '" + dir.resolve("headless-login.mjs") + "' \"$@\"\n";
        for (String name : List.of("headless-browser", "xdg-open")) {
            Path file = bin.resolve(name);
            Files.writeString(file, script);
            file.toFile().setExecutable(true);
        }
    }

    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(1, TimeUnit.MINUTES);
        return out;
    }

    private static String npm() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
