package dev.jakartamcp.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.ThreadLocalRandom;

/** Small HTTP helpers for the harness: waiting for a server, picking free loopback ports. */
public final class Http {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
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
                + (process == null ? "" : threadDump(process) + "; end of " + process.log() + ":\n" + process.tail(40)));
    }

    /**
     * The threads of a Java server that does not answer, next to its log ({@code jcmd Thread.print}): what it waits
     * for is the first thing to know about a hang, and the process is gone when the test ends.
     */
    private static String threadDump(ChildProcess process) {
        Path dump = process.log().resolveSibling(process.log().getFileName() + ".threads.txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.process().pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "; no thread dump within 60 s";
            }
            return "; thread dump: " + dump;
        } catch (IOException e) {
            return "; no thread dump (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "; no thread dump (interrupted)";
        }
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    /**
     * A free loopback port below the kernel's ephemeral range, for a listener that opens long after the port was
     * chosen (a data grid member joining late): no outgoing connection of the machine can take it in between.
     */
    public static int freePortBelowEphemeralRange() {
        int low = 32768;
        try {
            low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux: the usual default
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = random.nextInt(10000, Math.max(10001, low));
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        return freePort();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
