package dev.jakartamcp.it;

import dev.jakartamcp.e2e.ChildProcess;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.e2e.PayaraMicro;
import dev.jakartamcp.e2e.TestFiles;
import dev.jakartamcp.it.deployer.PayaraDeployerServlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Payara Micro on loopback into which tests deploy archives while it runs, as {@code asadmin deploy} would into a
 * server. Payara Micro has no remote deployment of its own, so it boots with a test-only application,
 * {@link PayaraDeployerServlet} at {@code /arquillian-deployer}, which deploys with Payara Micro's runtime API (the
 * call an embedding program makes, {@code PayaraMicroRuntime.deploy}).
 *
 * <p>It runs as every Payara Micro of the tests does: its listener and its data grid on loopback only, the grid a
 * one-member TCP/IP grid of its own on a free loopback port ({@link PayaraMicro#loopbackJvmOptions()},
 * {@link PayaraMicro#singleNodeGridOptions()}), plus the given Micro options, whose preboot command file is copied
 * for this start (with the command that sizes the HTTP pool when one is asked for: Payara sizes it when it boots).
 * Its log is {@code <dir>/payara-<n>.log}.
 */
final class RunningPayaraMicro {
    static final String DEPLOYER = "arquillian-deployer";
    private static final Pattern PREBOOT = Pattern.compile("--prebootcommandfile\\s+(\\S+)");
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient http = Http.client().connectTimeout(Duration.ofSeconds(5)).build();
    private final ChildProcess process;
    private final int port;
    private final Optional<Integer> httpThreads;

    /** What a deployment did: whether the server then lists the application, and what the server logged meanwhile. */
    record Deployment(boolean deployed, int status, String answer, long logOffset, String log) {
    }

    private RunningPayaraMicro(ChildProcess process, int port, Optional<Integer> httpThreads) {
        this.process = process;
        this.port = port;
        this.httpThreads = httpThreads;
    }

    /**
     * Starts Payara Micro {@code microJar} on the JDK running the tests, with {@code jvmOptions} and
     * {@code microOptions}, and waits until it serves (at most {@code timeout}). {@code number} names its log and
     * preboot file in {@code dir}.
     */
    static RunningPayaraMicro start(Path microJar, String jvmOptions, String microOptions, Optional<Integer> httpThreads,
                                    Path dir, int number, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path deployer = dir.resolve(DEPLOYER + ".war");
        ShrinkWrap.create(WebArchive.class, DEPLOYER + ".war").addClass(PayaraDeployerServlet.class)
                .as(ZipExporter.class).exportTo(deployer.toFile(), true);
        int port = Http.freePort();
        Path preboot = dir.resolve("preboot-" + number + ".txt");
        List<String> command = PayaraMicro.command(PayaraMicro.testJava(), microJar, words(jvmOptions), Map.of(), preboot, port, deployer, DEPLOYER,
                PayaraMicro.singleNodeGridOptions(), microOptions(microOptions, preboot, httpThreads));
        ChildProcess process = ChildProcess.start("Payara Micro", command, dir, Map.of(), dir.resolve("payara-" + number + ".log"));
        RunningPayaraMicro started = new RunningPayaraMicro(process, port, httpThreads);
        try {
            Http.awaitStatus(started.deployer(""), 200, timeout, process);
        } catch (RuntimeException | InterruptedException e) {
            process.stop();
            throw e;
        }
        return started;
    }

    int port() {
        return port;
    }

    Optional<Integer> httpThreads() {
        return httpThreads;
    }

    Path log() {
        return process.log();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The last lines of its log. */
    String tail(int lines) {
        return process.tail(lines);
    }

    /** Deploys {@code archive} as application {@code name} at {@code contextRoot}; returns when the server is done. */
    Deployment deploy(Archive<?> archive, String name, String contextRoot) throws IOException, InterruptedException {
        long offset = Files.size(process.log());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        archive.as(ZipExporter.class).exportTo(bytes);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(deployer("/" + name + "?contextroot="
                        + URLEncoder.encode(contextRoot, StandardCharsets.UTF_8)))
                .timeout(DEPLOY_TIMEOUT).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        return new Deployment(answer.statusCode() == 201, answer.statusCode(), answer.body(), offset, logSince(offset));
    }

    /** Undeploys application {@code name}; false when it was not deployed. */
    boolean undeploy(String name) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(deployer("/" + name)).timeout(DEPLOY_TIMEOUT)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 204 && answer.statusCode() != 404) {
            throw new IOException("undeploying " + name + " answered " + answer.statusCode() + " " + answer.body());
        }
        return answer.statusCode() == 204;
    }

    /** What the server logged since {@code offset} (a position in its log, e.g. {@link Deployment#logOffset()}). */
    String logSince(long offset) throws IOException {
        return TestFiles.readFrom(process.log(), offset);
    }

    void stop() {
        process.stop();
    }

    private URI deployer(String path) {
        return URI.create("http://127.0.0.1:" + port + "/" + DEPLOYER + "/applications" + path);
    }

    /**
     * {@code options} without the preboot command file and {@code --disablephonehome} (the command line has both), the
     * file's commands copied to {@code preboot} with the one that sizes the HTTP pool if asked.
     */
    private static List<String> microOptions(String options, Path preboot, Optional<Integer> httpThreads) throws IOException {
        String rest = options == null ? "" : options;
        String commands = "";
        Matcher option = PREBOOT.matcher(rest);
        if (option.find()) {
            commands = Files.readString(Path.of(option.group(1)));
            rest = rest.substring(0, option.start()) + rest.substring(option.end());
        }
        String pool = httpThreads.map(n -> "\nset configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=" + n + "\n")
                .orElse("");
        Files.writeString(preboot, commands + pool);
        return words(rest).stream().filter(word -> !word.equals("--disablephonehome")).toList();
    }

    private static List<String> words(String options) {
        return options == null || options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }
}
