package dev.jakartamcp.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * README command 1, {@code mvn -Pdemo package}: Keycloak with the shipped realm and Payara Micro with the WAR,
 * both on 127.0.0.1, authorization on. Prints the MCP URL, the demo users and the MCP Inspector command; Ctrl-C
 * stops both.
 *
 * <p>System properties (the {@code demo} profile sets the paths): {@code mcp.keycloak.zip}, {@code mcp.demo.dir}
 * (cache and state, default {@code .demo}), {@code mcp.war}, {@code payara.microJar}, {@code mcp.realm},
 * {@code mcp.preboot}, {@code mcp.port} (8080), {@code mcp.keycloak.port} (18080).
 */
public final class Demo {
    private static final String INSPECTOR = "@modelcontextprotocol/inspector@2.12.0";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Instant started = Instant.now();
        int mcpPort = Integer.getInteger("mcp.port", 8080);
        int keycloakPort = Integer.getInteger("mcp.keycloak.port", 18080);
        Path demoDir = Path.of(System.getProperty("mcp.demo.dir", ".demo")).toAbsolutePath();
        Path war = Path.of(System.getProperty("mcp.war", "target/jakarta-mcp-server.war"));
        Path microJar = Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar"));
        Path realmFile = Path.of(System.getProperty("mcp.realm", "server-config/keycloak/mcp-realm.json"));
        Path preboot = Path.of(System.getProperty("mcp.preboot", "server-config/payara/preboot-loopback.txt"));
        Path zip = Optional.ofNullable(System.getProperty("mcp.keycloak.zip")).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
        Path logs = demoDir.resolve("logs");

        for (int port : new int[] {mcpPort, keycloakPort}) {
            if (Http.inUse(port)) {
                fail("port " + port + " on 127.0.0.1 is in use; pick others with -Dmcp.port=… -Dmcp.keycloak.port=…");
            }
        }

        say("Keycloak " + Keycloak.VERSION + " in " + demoDir.resolve("keycloak-" + Keycloak.VERSION));
        Path home = Keycloak.install(zip, demoDir, Demo::say);

        String mcpUrl = "http://127.0.0.1:" + mcpPort + "/mcp";
        Keycloak keycloak = Keycloak.start(home, keycloakPort, demoDir.resolve("state").resolve("demo"), logs.resolve("keycloak.log"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mcp.auth.enabled", "true");
        config.put("mp.jwt.verify.issuer", keycloak.issuer());
        config.put("mp.jwt.verify.publickey.location", keycloak.jwksUrl());
        config.put("mcp.resource", mcpUrl);
        config.put("mcp.auth.roles-claims", "permissions");
        config.put("mcp.allowed-origins", "http://localhost:6274,http://127.0.0.1:6274");
        config.put("mcp.examples.enabled", "true");
        PayaraMicro payara = PayaraMicro.start(microJar, war, preboot, mcpPort, config, demoDir.resolve("state").resolve("payara"),
                logs.resolve("payara.log"));

        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopping.compareAndSet(false, true)) {
                System.out.println("\nStopping Payara Micro and Keycloak …");
            }
            Thread a = new Thread(payara::stop);
            Thread b = new Thread(keycloak::stop);
            a.start();
            b.start();
            try {
                a.join();
                b.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("Stopped.");
            stopped.countDown();
        }, "demo-shutdown"));
        // Maven killed without a chance to clean up: take the servers down with us.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));

        say("starting Keycloak on 127.0.0.1:" + keycloakPort + " and Payara Micro on 127.0.0.1:" + mcpPort
                + " (logs in " + logs + ")");
        try {
            keycloak.awaitReady(Duration.ofMinutes(10));
            say("Keycloak is up after " + secondsSince(started) + " s; creating realm '" + Keycloak.REALM + "' from " + realmFile);
            keycloak.provisionRealm(Keycloak.realmFor(Files.readString(realmFile), mcpUrl, 0));
            payara.awaitReady(Duration.ofMinutes(10));
        } catch (RuntimeException | IOException e) {
            System.err.println("\nThe demo could not start: " + e.getMessage());
            System.exit(1);
        }
        long ready = secondsSince(started);

        String line = "=".repeat(100);
        System.out.println("\n" + line);
        System.out.println(" jakarta-mcp-server demo: ready in " + ready + " s (authorization on, Keycloak " + Keycloak.VERSION + ")");
        System.out.println();
        System.out.println(" MCP endpoint    " + mcpUrl);
        System.out.println(" Authorization   " + keycloak.issuer() + "   (admin console " + keycloak.baseUrl() + "/admin, "
                + Keycloak.ADMIN_USER + " / " + Keycloak.ADMIN_PASSWORD + ")");
        System.out.println(" Users           alice / alice   may use get_channels (channels:read) and record_program (recordings:write)");
        System.out.println("                 bob   / bob     may use get_channels (channels:read) only");
        System.out.println(" Machine client  mcp-m2m / mcp-m2m-secret   client_credentials, both permissions");
        System.out.println();
        System.out.println(" MCP Inspector (registers itself, opens your browser to log in, then calls the tool):");
        System.out.println("   npx " + INSPECTOR + " --cli --transport http --server-url " + mcpUrl
                + " --method tools/call --tool-name get_channels --tool-args-json '{\"location\":\"Tokyo\"}'");
        System.out.println(" Its web UI (http://localhost:6274, allowed by mcp.allowed-origins):");
        System.out.println("   npx " + INSPECTOR);
        System.out.println();
        System.out.println(" Ctrl-C stops both servers. Logs: " + logs);
        System.out.println(line + "\n");

        // Until Ctrl-C, or until one of the servers dies on its own.
        while (!stopping.get()) {
            if (!keycloak.process().isAlive() || !payara.process().isAlive()) {
                ChildProcess dead = keycloak.process().isAlive() ? payara.process() : keycloak.process();
                System.err.println(dead.name() + " stopped unexpectedly; end of " + dead.log() + ":\n" + dead.tail(30));
                System.exit(1);
            }
            Thread.sleep(1000);
        }
        stopped.await();
    }

    private static void say(String message) {
        System.out.println("[demo] " + message);
    }

    private static long secondsSince(Instant start) {
        return Duration.between(start, Instant.now()).toSeconds();
    }

    private static void fail(String message) {
        System.err.println("[demo] " + message);
        System.exit(1);
    }
}
