package dev.jakartamcp.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A server the end-to-end tests run the packaged WAR on, at context root "/" on a loopback port, configured by system
 * properties: Payara Micro 6 ({@code payara.microJar}), Payara Micro 7 ({@code mcp.e2e.payara7.jar} on the JDK of
 * {@code mcp.e2e.payara7.java}, Java 21+) or Open Liberty (the runtime in {@code liberty.wlp}, {@link OwnLiberty}).
 */
enum E2eServer {
    PAYARA_MICRO_6("Payara Micro 6"),
    PAYARA_MICRO_7("Payara Micro 7"),
    OPEN_LIBERTY("Open Liberty");

    private final String label;

    E2eServer(String label) {
        this.label = label;
    }

    /** A started server: its process, and the port its WAR answers on. */
    record Running(E2eServer server, ChildProcess process, int port) {
        /** Ready when the WAR serves its protected resource metadata (authorization on). */
        void awaitReady(Duration timeout) throws InterruptedException {
            Http.awaitStatus(URI.create("http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp"), 200, timeout, process);
        }

        void stop() {
            process.stop();
        }
    }

    @Override
    public String toString() {
        return label;
    }

    /** Why the build cannot run this server (its profile is not active), if it cannot. */
    Optional<String> missing() {
        return switch (this) {
            case PAYARA_MICRO_6 -> absent(microJar(), "payara.microJar");
            case PAYARA_MICRO_7 -> absent(payara7Jar(), "mcp.e2e.payara7.jar (profile payara7)")
                    .or(() -> absent(payara7Java(), "mcp.e2e.payara7.java (profile payara7)"));
            case OPEN_LIBERTY -> absent(wlp().resolve("lib"), "liberty.wlp (profile liberty)");
        };
    }

    /** Starts the WAR on this server; returns at once: call {@link Running#awaitReady}. */
    Running start(Path war, int port, Map<String, String> config, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path preboot = Path.of(System.getProperty("mcp.preboot", "server-config/payara/preboot-loopback.txt"));
        return switch (this) {
            case PAYARA_MICRO_6 -> new Running(this, PayaraMicro.start(PayaraMicro.testJava(), microJar(), war, preboot, port, config, dir,
                    dir.resolve("payara.log")).process(), port);
            case PAYARA_MICRO_7 -> new Running(this, PayaraMicro.start(payara7Java(), payara7Jar(), war, preboot, port, config, dir,
                    dir.resolve("payara.log")).process(), port);
            case OPEN_LIBERTY -> new Running(this, OwnLiberty.runWar(dir, "mcpE2e", port, war, List.of("-Xmx512m"), config), port);
        };
    }

    private static Optional<String> absent(Path path, String property) {
        return Files.exists(path) ? Optional.empty() : Optional.of(path + " does not exist (" + property + ")");
    }

    private static Path microJar() {
        return Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar"));
    }

    private static Path payara7Jar() {
        return Path.of(System.getProperty("mcp.e2e.payara7.jar", "target/payara-micro-7.jar"));
    }

    private static Path payara7Java() {
        return Path.of(System.getProperty("mcp.e2e.payara7.java", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    }

    private static Path wlp() {
        return Path.of(System.getProperty("liberty.wlp", "target/liberty/wlp"));
    }
}
