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
 * 2.x, pinned by package-lock.json), installed with {@code npm ci} into a folder under target/ and run on Node.js
 * 22.19 or later, which MCP Inspector 2.12.0 declares: the {@code node} on the PATH if it is that new, else the one of
 * the npm package {@code node@22} ({@code mcp.node.package}, fetched by {@code npx} from the npm registry, as the
 * conformance suite does). {@link #bin()} holds it as {@code node}.
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
        Path node = nodeOfAtLeast22_19(dir);
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
        clients.writeBin(node);
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
        List<String> command = new ArrayList<>(List.of(bin.resolve("node").toString(), dir.resolve(script).toString()));
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
        builder.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
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

    /** {@code bin/node} (the Node.js the clients run on) and the stand-in browser MCP Inspector opens, running headless-login.mjs. */
    private void writeBin(Path node) throws IOException {
        Files.createDirectories(bin);
        Files.deleteIfExists(bin.resolve("node"));
        Files.createSymbolicLink(bin.resolve("node"), node);
        String script = "#!/bin/sh\nexec '" + bin.resolve("node") + "' '" + dir.resolve("headless-login.mjs") + "' \"$@\"\n";
        for (String name : List.of("headless-browser", "xdg-open")) {
            Path file = bin.resolve(name);
            Files.writeString(file, script);
            file.toFile().setExecutable(true);
        }
    }

    /** The node on the PATH if it is 22.19 or later, else that of the npm package {@code mcp.node.package} (node@22). */
    static Path nodeOfAtLeast22_19(Path dir) throws IOException, InterruptedException {
        String probe = "process.stdout.write(process.execPath + ' ' + process.version)";
        String onPath = run(List.of("node", "-e", probe), dir).strip();
        if (isAtLeast22_19(onPath)) {
            return Path.of(onPath.substring(0, onPath.lastIndexOf(' ')));
        }
        String fetched = run(List.of("npx", "-y", "-p", System.getProperty("mcp.node.package", "node@22"), "node", "-e", probe), dir).strip();
        String last = fetched.substring(fetched.lastIndexOf('\n') + 1);
        if (!isAtLeast22_19(last)) {
            throw new IllegalStateException("the end-to-end tests need Node.js 22.19 or later (MCP Inspector 2.12.0 declares it): "
                    + "the PATH has " + onPath + ", npx -p " + System.getProperty("mcp.node.package", "node@22") + " gave " + fetched);
        }
        return Path.of(last.substring(0, last.lastIndexOf(' ')));
    }

    /** {@code "<path> v22.19.0"}: whether the version is 22.19 or later. */
    static boolean isAtLeast22_19(String pathAndVersion) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" v(\\d+)\\.(\\d+)\\.\\d+$").matcher(pathAndVersion);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        return major > 22 || major == 22 && Integer.parseInt(m.group(2)) >= 19;
    }

    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(5, TimeUnit.MINUTES);
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
