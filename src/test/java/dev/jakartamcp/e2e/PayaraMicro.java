package dev.jakartamcp.e2e;

import java.io.IOException;
import java.net.URI;
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

    /** Starts the server; returns at once: call {@link #awaitReady(Duration)}. */
    public static PayaraMicro start(Path microJar, Path war, Path prebootFile, int port, Map<String, String> config,
                                    Path workDir, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", microJar.toAbsolutePath().toString(),
                "--nocluster", "--disablephonehome",
                "--port", Integer.toString(port),
                "--prebootcommandfile", prebootFile.toAbsolutePath().toString(),
                "--deploy", war.toAbsolutePath().toString(),
                "--contextroot", "/"));
        java.nio.file.Files.createDirectories(workDir);
        return new PayaraMicro(port, ChildProcess.start("Payara Micro", command, workDir, Map.of(), log));
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
