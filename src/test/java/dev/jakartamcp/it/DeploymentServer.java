package dev.jakartamcp.it;

import dev.jakartamcp.e2e.ChildProcess;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.e2e.OwnLiberty;
import dev.jakartamcp.e2e.TestFiles;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A server a test runs itself and deploys WARs into while it runs, as an operator deploys into a running server, reading
 * what the server logged meanwhile: Payara Micro ({@link RunningPayaraMicro}, the one of {@code payara.microJar}) or
 * Open Liberty ({@link OwnLiberty}, WARs dropped into its {@code dropins}), chosen by the system property
 * {@code mcp.it.server} ({@code payara}, the default, or {@code liberty}). Each WAR is deployed at context root
 * "/" + its name.
 */
interface DeploymentServer extends AutoCloseable {
    Duration START_TIMEOUT = Duration.ofMinutes(5);

    /** What a deployment did: whether the application started, and what the server logged meanwhile. */
    record Deployment(boolean started, long logOffset, String log) {
    }

    /** Starts the selected server, its files and log in {@code dir}; returns when it serves. */
    static DeploymentServer start(Path dir) throws IOException, InterruptedException {
        return "liberty".equals(System.getProperty("mcp.it.server", "payara")) ? Liberty.start(dir) : Payara.start(dir);
    }

    /** The server's name, for messages. */
    String server();

    /** Deploys {@code war} as application {@code name} at "/" + {@code name}; returns when the server is done with it. */
    Deployment deploy(WebArchive war, String name) throws IOException, InterruptedException;

    void undeploy(String name) throws IOException, InterruptedException;

    /** The URL of {@code path} of application {@code name}. */
    URI url(String name, String path);

    /** What the server logged since {@code offset} (a position in its log, e.g. {@link Deployment#logOffset()}). */
    String logSince(long offset) throws IOException;

    /** What the server logs when an application fails to start. */
    String failedStartMark();

    @Override
    void close();

    /** Payara Micro with its deployer ({@link RunningPayaraMicro}). */
    final class Payara implements DeploymentServer {
        private final RunningPayaraMicro payara;

        private Payara(RunningPayaraMicro payara) {
            this.payara = payara;
        }

        static Payara start(Path dir) throws IOException, InterruptedException {
            return new Payara(RunningPayaraMicro.start(Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar")), "",
                    System.getProperty("payara.extraMicroOptions", "--prebootcommandfile server-config/payara/preboot-loopback.txt"),
                    Optional.empty(), dir, 1, START_TIMEOUT));
        }

        @Override
        public String server() {
            return "Payara Micro";
        }

        @Override
        public Deployment deploy(WebArchive war, String name) throws IOException, InterruptedException {
            RunningPayaraMicro.Deployment deployment = payara.deploy(war, name, name);
            return new Deployment(deployment.deployed(), deployment.logOffset(), deployment.log());
        }

        @Override
        public void undeploy(String name) throws IOException, InterruptedException {
            payara.undeploy(name);
        }

        @Override
        public URI url(String name, String path) {
            return URI.create("http://127.0.0.1:" + payara.port() + "/" + name + path);
        }

        @Override
        public String logSince(long offset) throws IOException {
            return payara.logSince(offset);
        }

        @Override
        public String failedStartMark() {
            return "Exception while loading the app";
        }

        @Override
        public void close() {
            payara.stop();
        }
    }

    /**
     * Open Liberty without an application of its own ({@link OwnLiberty}): a WAR deploys by being moved into its
     * {@code dropins} (Liberty's context root is the file's name), undeploys by being deleted; what happened is read
     * from its {@code messages.log} (CWWKZ0001I started, CWWKZ0012I not started, CWWKZ0009I stopped).
     */
    final class Liberty implements DeploymentServer {
        private static final String NAME = "mcpDeployments";
        private final ChildProcess process;
        private final Path dir;
        private final Path messages;
        private final int port;
        /** The applications that started, whose undeployment ends with Liberty's CWWKZ0009I. */
        private final Set<String> started = new HashSet<>();

        private Liberty(ChildProcess process, Path dir, int port) {
            this.process = process;
            this.dir = dir;
            this.messages = OwnLiberty.messages(dir, NAME);
            this.port = port;
        }

        static Liberty start(Path dir) throws IOException, InterruptedException {
            int port = Http.freePort();
            OwnLiberty.create(dir, NAME, port, Optional.empty(), List.of("-Xmx512m"));
            Liberty liberty = new Liberty(OwnLiberty.run(dir, NAME, "Open Liberty"), dir, port);
            try {
                liberty.await(Pattern.compile("CWWKF0011I"), 0, START_TIMEOUT);
            } catch (RuntimeException | IOException | InterruptedException e) {
                liberty.close();
                throw e;
            }
            return liberty;
        }

        @Override
        public String server() {
            return "Open Liberty";
        }

        @Override
        public Deployment deploy(WebArchive war, String name) throws IOException, InterruptedException {
            long offset = size();
            Path staged = dir.resolve(name + ".war");
            war.as(ZipExporter.class).exportTo(staged.toFile(), true);
            Files.move(staged, dropin(name), StandardCopyOption.ATOMIC_MOVE);
            String quoted = Pattern.quote(name);
            String log = await(Pattern.compile("CWWKZ0001I: Application " + quoted + " started|CWWKZ0012I: The application " + quoted
                    + " was not started|CWWKZ00[0-9][0-9]E: .*application " + quoted + "\\b"), offset, START_TIMEOUT);
            boolean running = log.contains("CWWKZ0001I: Application " + name + " started");
            if (running) {
                started.add(name);
            }
            return new Deployment(running, offset, log);
        }

        @Override
        public void undeploy(String name) throws IOException, InterruptedException {
            long offset = size();
            Files.deleteIfExists(dropin(name));
            if (started.remove(name)) {
                await(Pattern.compile("CWWKZ0009I: The application " + Pattern.quote(name) + " has stopped"), offset, START_TIMEOUT);
            }
        }

        @Override
        public URI url(String name, String path) {
            return URI.create("http://127.0.0.1:" + port + "/" + name + path);
        }

        @Override
        public String logSince(long offset) throws IOException {
            return TestFiles.readFrom(messages, offset);
        }

        @Override
        public String failedStartMark() {
            return "CWWKZ0012I";
        }

        @Override
        public void close() {
            process.stop();
        }

        private Path dropin(String name) {
            return messages.getParent().getParent().resolve("dropins").resolve(name + ".war");
        }

        private long size() throws IOException {
            return Files.exists(messages) ? Files.size(messages) : 0;
        }

        /** Waits until the log since {@code offset} shows {@code mark}; returns that part of the log. */
        private String await(Pattern mark, long offset, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String log = logSince(offset);
                if (mark.matcher(log).find()) {
                    return log;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("Open Liberty exited; end of its console:\n" + process.tail(40) + "\nits log:\n" + log);
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("Open Liberty did not log " + mark + " within " + timeout + "; its log:\n" + logSince(offset));
        }
    }
}
