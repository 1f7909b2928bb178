package dev.jakartamcp.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Small HTTP helpers for the harness: waiting for a server, picking free loopback ports. */
public final class Http {
    private static final HttpClient HTTP = client().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /**
     * The builder of every HTTP client of the tests: HTTP/1.1. By default the JDK client asks a plain-HTTP server to
     * upgrade to HTTP/2 (h2c), Payara Micro 6 and 7 accept, and the client then sends every later request over that one
     * connection; Grizzly's h2c upgrade is reported to hang with the JDK client (eclipse-ee4j/jersey#6059). Twice a
     * Payara Micro 7 node of {@code ClusterIT} timed out every poll of {@link #awaitStatus} for 4 minutes after it had
     * said "ready", when that still upgraded.
     */
    public static HttpClient.Builder client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
    }

    /**
     * Polls {@code url} until it answers {@code status}. Fails when the timeout passes or when {@code process}
     * (the server being waited for) exits first, quoting the end of its log.
     */
    public static void awaitStatus(URI url, int status, Duration timeout, ChildProcess process) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited (" + process.process().exitValue() + ") before "
                        + url + " answered; end of " + process.log() + ":\n" + process.tail(40));
            }
            try {
                last = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " did not answer " + status + " within " + timeout.toSeconds() + " s (last: " + last + ")"
                + (process == null ? "" : bindFailure(process) + threadDump(process) + "; end of " + process.log() + ":\n" + process.tail(40)));
    }

    /** A server that could not bind its port may log much after it: the log's end no longer shows why. */
    private static String bindFailure(ChildProcess process) {
        try {
            return Files.readString(process.log()).contains("java.net.BindException") ? "; the server could not bind a port (BindException in its log)" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The threads of a Java server that does not answer, next to its log ({@code jcmd Thread.print}): what it waits
     * for is the first thing to know about a hang, and the process is gone when the test ends.
     */
    /** A thread dump of {@code process} into a file next to its log; says where, and what its busy threads do. */
    public static String threadDump(ChildProcess process) {
        Path dump = process.log().resolveSibling(process.log().getFileName() + ".threads.txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.process().pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "; no thread dump within 60 s";
            }
            return "; thread dump: " + dump + busyThreads(Files.readString(dump));
        } catch (IOException e) {
            return "; no thread dump (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "; no thread dump (interrupted)";
        }
    }

    /**
     * The part of a thread dump that says what a server waits for, for a report that only keeps the test's message
     * (a CI log): a deadlock the JVM found, every thread in the product's code and every HTTP worker that is not
     * waiting for its next request, {@value #DUMP_EXCERPT} characters at most.
     */
    static String busyThreads(String dump) {
        StringBuilder excerpt = new StringBuilder();
        for (String thread : dump.split("\n\\s*\n")) {
            boolean busyWorker = thread.startsWith("\"http-thread-pool") && !thread.contains("Worker.getTask")
                    && !thread.contains("ThreadPoolExecutor.getTask");
            if ((thread.contains("deadlock") || thread.contains("dev.jakartamcp.") || busyWorker) && excerpt.length() < DUMP_EXCERPT) {
                excerpt.append('\n').append(thread, 0, Math.min(thread.length(), DUMP_EXCERPT - excerpt.length()));
            }
        }
        return excerpt.isEmpty() ? "; no busy thread in it" : "; its busy threads:" + excerpt;
    }

    private static final int DUMP_EXCERPT = 12_000;

    /**
     * A loopback port that was free a moment ago, for a server that binds it seconds later. It lies below the kernel's
     * ephemeral range: there, an outgoing connection of any process (a grid member connecting to the other, a client)
     * may take the port as its local port in between, and the server's bind then fails with "Address already in use".
     * It is never handed out twice in one JVM: a port chosen for one server and not bound yet (a cluster node's grid
     * port, while the other node picks its HTTP port) is free to any other check, and a grid member whose member port
     * another server answers waits Hazelcast's whole join time (300 s) and exits.
     */
    public static int freePort() {
        int low = ephemeralPortsFrom();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(10000, Math.max(10001, low));
            if (!HANDED_OUT.contains(port) && !inUse(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port found between 10000 and " + low);
    }

    /** Every port {@link #freePort} returned in this JVM (a few hundred at most in a whole run). */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** The first port of the kernel's ephemeral range (32768, the usual default, where it cannot be read). */
    static int ephemeralPortsFrom() {
        try {
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    /** Whether something already listens on 127.0.0.1:{@code port}. */
    public static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
