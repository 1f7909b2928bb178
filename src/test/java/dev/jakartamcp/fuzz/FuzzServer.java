package dev.jakartamcp.fuzz;

import dev.jakartamcp.e2e.ChildProcess;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.e2e.OwnLiberty;
import dev.jakartamcp.e2e.PayaraMicro;
import dev.jakartamcp.e2e.TestFiles;
import dev.jakartamcp.it.McpDeployments;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as a child process of the test JVM (so that its pid is known for {@code jcmd}), running the product WAR
 * plus the conformance fixture package at context root "/" on a free loopback port, configured by system properties,
 * with JVM options added (a bounded heap): Payara Micro (the command line of {@link dev.jakartamcp.e2e.PayaraMicro},
 * the jar of {@code payara.microJar}) or, with {@code mcp.it.server=liberty}, Open Liberty ({@link OwnLiberty}: the
 * product's server.xml, the options and properties in its {@code jvm.options}).
 */
public final class FuzzServer implements AutoCloseable {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final String name;
    private final int port;
    private final ChildProcess process;
    private final Path log;

    private FuzzServer(String name, int port, ChildProcess process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** The product WAR with the test package dev.jakartamcp.conformance added (tools such as test_elicitation). */
    public static Path buildWar(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path war = dir.resolve("mcp-fuzz.war");
        McpDeployments.withConformanceFixture(Map.of("mcp.auth.enabled", "true"))
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        return war;
    }

    /** Starts the server; its log is {@link #log()} in {@code workDir}. Returns at once: call {@link #awaitReady}. */
    public static FuzzServer start(Path war, int port, List<String> jvmOptions, Map<String, String> config, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        if ("liberty".equals(System.getProperty("mcp.it.server", "payara"))) {
            return new FuzzServer("Open Liberty", port, OwnLiberty.runWar(workDir, "mcpFuzz", port, war, jvmOptions, config),
                    OwnLiberty.messages(workDir, "mcpFuzz"));
        }
        Path log = workDir.resolve("payara.log");
        Files.deleteIfExists(log);
        return startPayaraMicro(war, port, jvmOptions, config, workDir, log);
    }

    /** Starts Payara Micro (the jar of {@code payara.microJar}) logging to {@code log}. Returns at once. */
    public static FuzzServer startPayaraMicro(Path war, int port, List<String> jvmOptions, Map<String, String> config, Path workDir,
                                              Path log) throws IOException {
        Files.createDirectories(workDir);
        Path microJar = Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar"));
        Path preboot = Path.of(System.getProperty("fuzz.preboot", "server-config/payara/preboot-loopback.txt"));
        List<String> command = PayaraMicro.command(microJar, jvmOptions, config, preboot, port, war);
        return new FuzzServer("Payara Micro (" + microJar.getFileName() + ")", port,
                ChildProcess.start("Payara Micro", command, workDir, Map.of(), log), log);
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        Http.awaitStatus(URI.create("http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp"), 200, timeout, process);
    }

    /**
     * Payara Micro 7 answers a request path with a colon with an empty 500 before any code of the WAR runs: its
     * authorization layer (Exousia) cannot make a permission of it (eclipse-ee4j/exousia#37).
     */
    public boolean failsOnColonPaths() {
        return name.contains("payara-micro-7");
    }

    /** The server's name (Payara Micro's with its jar), for the report. */
    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The server's log: Payara Micro's output, Liberty's {@code messages.log}. */
    public Path log() {
        return log;
    }

    long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log between two offsets (UTF-8, at most {@code max} bytes). */
    String logSlice(long from, long to, int max) {
        try {
            return TestFiles.readBetween(log, from, Math.min(to, from + max));
        } catch (IOException e) {
            return "";
        }
    }

    /** Heap figures after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}); empty when jcmd fails. */
    public HeapReading heapAfterFullGc() {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String pid = Long.toString(pid());
        String gc = run(List.of(jcmd, pid, "GC.run"), 60);
        String info = run(List.of(jcmd, pid, "GC.heap_info"), 30);
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            return new HeapReading(-1, gc + "\n" + info);
        }
        return new HeapReading(Long.parseLong(m.group(1)) * 1024, info);
    }

    /**
     * The same two diagnostic commands (GC.run, GC.heap_info) through the server's DiagnosticCommand MBean, over a
     * local JMX connection made once with the attach API: cheap enough to run after every burst (a jcmd launch costs
     * seconds on a busy 2-core machine). Falls back to jcmd.
     */
    public HeapReading heapAfterFullGcQuick() {
        java.util.concurrent.CompletableFuture<HeapReading> reading = java.util.concurrent.CompletableFuture.supplyAsync(this::viaMBean);
        try {
            HeapReading r = reading.get(60, TimeUnit.SECONDS);
            if (r != null) {
                return r;
            }
        } catch (Exception e) {
            reading.cancel(true);
        }
        return heapAfterFullGc();
    }

    private HeapReading viaMBean() {
        try {
            javax.management.MBeanServerConnection mbs = jmx();
            javax.management.ObjectName dc = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
            String[] signature = {String[].class.getName()};
            mbs.invoke(dc, "gcRun", new Object[]{null}, signature);
            String info = (String) mbs.invoke(dc, "gcHeapInfo", new Object[]{null}, signature);
            Matcher m = USED.matcher(info);
            if (m.find()) {
                return new HeapReading(Long.parseLong(m.group(1)) * 1024, info);
            }
        } catch (Exception e) {
            // the caller falls back to jcmd
        }
        return null;
    }

    private javax.management.remote.JMXConnector connector;
    private javax.management.MBeanServerConnection mbeans;

    /** Connects once (the local management agent is started in the server through the attach API). */
    synchronized javax.management.MBeanServerConnection jmx() throws Exception {
        if (mbeans == null) {
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid()));
            try {
                String address = vm.startLocalManagementAgent();
                connector = javax.management.remote.JMXConnectorFactory.connect(new javax.management.remote.JMXServiceURL(address));
                mbeans = connector.getMBeanServerConnection();
            } finally {
                vm.detach();
            }
        }
        return mbeans;
    }

    /** The top of {@code jcmd GC.class_histogram}: what the heap holds. */
    public String classHistogram(int lines) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String out = run(List.of(jcmd, Long.toString(pid()), "GC.class_histogram"), 60);
        String[] all = out.split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(all.length, lines); i++) {
            b.append(all[i]).append('\n');
        }
        return b.toString();
    }

    public record HeapReading(long usedBytes, String raw) {
        public boolean ok() {
            return usedBytes >= 0;
        }

        public String mib() {
            return ok() ? String.format("%.1f MiB", usedBytes / 1048576.0) : "n/a";
        }
    }

    /** Runs a short command with a hard time limit; its output goes through a file so that a hung command cannot block. */
    private static String run(List<String> command, int timeoutSeconds) {
        Path out = null;
        try {
            out = Files.createTempFile("fuzz-jcmd", ".txt");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "(" + command + " timed out)";
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + command + " failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    @Override
    public void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException e) {
                // the server goes away anyway
            }
        }
        process.stop();
    }
}
