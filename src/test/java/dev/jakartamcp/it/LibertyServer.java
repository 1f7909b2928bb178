package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenLiberty server the {@code liberty} Maven profile created ({@code liberty:create} + {@code liberty:deploy}:
 * server.xml from {@code server-config/liberty}, the packaged WAR in {@code apps/} at context root "/"), started and
 * stopped by the test with {@code wlp/bin/server}, because its MicroProfile Config (authorization on or off, the
 * test's issuer and JWKS ports) is only known at test time.
 *
 * <p>Configuration goes into {@code configDropins/overrides/liberty-smoke.xml} as {@code <variable value=…>}
 * elements: Liberty shows server.xml variables to the application as MicroProfile Config properties. The HTTP port is
 * a free loopback port; server.xml binds the listener to 127.0.0.1 only.
 */
final class LibertyServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path wlp;
    private final String name;
    private final String label;
    final int port;

    private LibertyServer(Path wlp, String name, String label, int port) {
        this.wlp = wlp;
        this.name = name;
        this.label = label;
        this.port = port;
    }

    /** The packaged WAR as built. */
    static Path productWar() {
        return Path.of(System.getProperty("mcp.war", "target/jakarta-mcp-server.war"));
    }

    /**
     * Starts the server with {@code war} as {@code apps/jakarta-mcp-server.war} (context root "/", server.xml) and
     * these config properties (plus {@code http.port}); waits until the application runs.
     */
    static LibertyServer start(String label, Path war, Map<String, String> config) throws IOException, InterruptedException {
        return start(label, war, config, Map.of(), true);
    }

    /**
     * Like {@link #start(String, Path, Map)}; {@code defaults} become {@code <variable defaultValue=…>} elements, and
     * without {@code shippedSettings} the server runs without {@code server-config/liberty/mcp-settings.xml} (which
     * sets every setting with {@code value=}), so that only the WAR and these variables configure it.
     */
    static LibertyServer start(String label, Path war, Map<String, String> config, Map<String, String> defaults,
                               boolean shippedSettings) throws IOException, InterruptedException {
        Path wlp = Path.of(System.getProperty("liberty.wlp", "target/liberty/wlp"));
        String name = System.getProperty("liberty.server", "mcpServer");
        Path serverDir = wlp.resolve("usr/servers").resolve(name);
        if (!Files.isRegularFile(serverDir.resolve("server.xml"))) {
            throw new IllegalStateException("no Liberty server at " + serverDir + ": run with -Pliberty");
        }
        Files.createDirectories(serverDir.resolve("apps"));
        Files.copy(war, serverDir.resolve("apps/jakarta-mcp-server.war"), StandardCopyOption.REPLACE_EXISTING);
        LibertyServer server = new LibertyServer(wlp, name, label, Http.freePort());
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("http.port", Integer.toString(server.port));
        variables.putAll(config);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- written by LibertySmokeIT (")
                .append(label).append(") -->\n<server>\n");
        variables.forEach((k, v) -> xml.append("    <variable name=\"").append(escape(k)).append("\" value=\"")
                .append(escape(v)).append("\"/>\n"));
        defaults.forEach((k, v) -> xml.append("    <variable name=\"").append(escape(k)).append("\" defaultValue=\"")
                .append(escape(v)).append("\"/>\n"));
        xml.append("</server>\n");
        Path settings = serverDir.resolve("mcp-settings.xml");
        Path shipped = Path.of(System.getProperty("liberty.settingsXml", "server-config/liberty/mcp-settings.xml"));
        if (shippedSettings) {
            Files.copy(shipped, settings, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(settings);
        }
        Path overrides = serverDir.resolve("configDropins/overrides");
        Files.createDirectories(overrides);
        Files.writeString(overrides.resolve("liberty-smoke.xml"), xml.toString());

        Path messages = serverDir.resolve("logs/messages.log");
        Files.deleteIfExists(messages);
        String output = server.script("start");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String log = Files.exists(messages) ? Files.readString(messages, StandardCharsets.UTF_8) : "";
            if (log.contains("CWWKZ0001I") && log.contains("CWWKO0219I")) {
                return server;
            }
            if (log.contains("CWWKZ0012I") || log.contains("CWWKZ0002E")) {
                server.close();
                throw new IllegalStateException("the application did not start on Liberty:\n" + log);
            }
            Thread.sleep(250);
        }
        server.close();
        throw new IllegalStateException("Liberty did not start the application within " + START_TIMEOUT + ": " + output);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String messages() throws IOException {
        Path messages = wlp.resolve("usr/servers").resolve(name).resolve("logs/messages.log");
        return Files.exists(messages) ? Files.readString(messages, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            script("stop");
        } finally {
            Path serverDir = wlp.resolve("usr/servers").resolve(name);
            Path out = Path.of(System.getProperty("mcp.build.dir", "target/liberty-it"));
            Files.createDirectories(out);
            Path messages = serverDir.resolve("logs/messages.log");
            if (Files.exists(messages)) {
                Files.copy(messages, out.resolve("messages-" + label + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private String script(String action) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(wlp.resolve("bin/server").toString(), action, name))
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server " + action + " did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0 && !(action.equals("stop") && process.exitValue() == 1)) {
            throw new IllegalStateException("server " + action + " " + name + " exited with " + process.exitValue() + ":\n" + output);
        }
        return output;
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
