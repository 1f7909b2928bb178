package dev.jakartamcp.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Payara Micro running the WAR at context root "/" on 127.0.0.1, configured through system properties. */
public final class PayaraMicro {
    private final int port;
    private final ChildProcess process;

    private PayaraMicro(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /**
     * JVM options of every Payara Micro a test starts: the data grid (Hazelcast) binds only the addresses given by
     * {@code --interfaces} and never phones home.
     */
    public static List<String> loopbackJvmOptions() {
        return List.of("-Dhazelcast.socket.bind.any=false", "-Dhazelcast.phone.home.enabled=false");
    }

    /**
     * Payara Micro options that keep its data grid on loopback: TCP/IP discovery on the explicit loopback members
     * (never multicast, Payara Micro's default), the member bound to 127.0.0.1 at {@code gridPort}, and a cluster
     * name of its own so that parallel runs never join each other. {@code --nocluster} is not used on purpose: it
     * still listens on every interface; {@code --nohazelcast} takes JCache away.
     */
    public static List<String> loopbackGridOptions(int gridPort, List<Integer> members, String clusterName) {
        StringBuilder list = new StringBuilder("tcpip:");
        for (int member : members) {
            list.append(list.length() > 6 ? "," : "").append("127.0.0.1:").append(member);
        }
        return List.of("--clustermode", list.toString(), "--interfaces", "127.0.0.1", "--startport", Integer.toString(gridPort),
                "--clustername", clusterName);
    }

    /** {@link #loopbackGridOptions} for a node that is its own one-member cluster, on a free loopback port. */
    public static List<String> singleNodeGridOptions() {
        int gridPort = Http.freePort();
        return loopbackGridOptions(gridPort, List.of(gridPort), "mcp-solo-" + java.util.UUID.randomUUID());
    }

    /** Starts the server on the JDK running the tests; returns at once: call {@link #awaitReady(Duration)}. */
    public static PayaraMicro start(Path microJar, Path war, Path prebootFile, int port, Map<String, String> config,
                                    Path workDir, Path log) throws IOException {
        return start(testJava(), microJar, war, prebootFile, port, config, workDir, log);
    }

    /** Like {@link #start(Path, Path, Path, int, Map, Path, Path)} on the {@code java} launcher given (Payara Micro 7: Java 21+). */
    public static PayaraMicro start(Path java, Path microJar, Path war, Path prebootFile, int port, Map<String, String> config,
                                    Path workDir, Path log) throws IOException {
        List<String> command = command(java, microJar, List.of(), config, prebootFile, port, war, "/", singleNodeGridOptions(), List.of());
        Files.createDirectories(workDir);
        return new PayaraMicro(port, ChildProcess.start("Payara Micro", command, workDir, Map.of(), log));
    }

    /** The {@code java} launcher of the JDK running the tests. */
    public static Path testJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The command line of a single Payara Micro on loopback running {@code war} at context root "/" on {@code port}:
     * {@code jvmOptions}, then {@code config} as system properties, the grid kept on loopback and alone.
     */
    public static List<String> command(Path microJar, List<String> jvmOptions, Map<String, String> config, Path prebootFile,
                                       int port, Path war) {
        return command(testJava(), microJar, jvmOptions, config, prebootFile, port, war, "/", singleNodeGridOptions(), List.of());
    }

    /**
     * Like {@link #command(Path, List, Map, Path, int, Path)} on the {@code java} launcher given, {@code war} at
     * {@code contextRoot}, with the grid options given ({@link #singleNodeGridOptions()} or
     * {@link #loopbackGridOptions}) and more Micro options.
     */
    public static List<String> command(Path java, Path microJar, List<String> jvmOptions, Map<String, String> config, Path prebootFile,
                                       int port, Path war, String contextRoot, List<String> gridOptions, List<String> microOptions) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(loopbackJvmOptions());
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", microJar.toAbsolutePath().toString()));
        command.addAll(gridOptions);
        command.addAll(microOptions);
        command.addAll(List.of("--disablephonehome",
                "--port", Integer.toString(port),
                "--prebootcommandfile", prebootFile.toAbsolutePath().toString(),
                "--deploy", war.toAbsolutePath().toString(),
                "--contextroot", contextRoot));
        return command;
    }

    /** Ready when the WAR serves its protected resource metadata (authorization on). */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Http.awaitStatus(URI.create("http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp"), 200, timeout, process);
    }

    public String mcpUrl() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    public void stop() {
        process.stop();
    }
}
