package dev.jakartamcp.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sockets a process listens on (TCP in state LISTEN, every UDP socket), read from Linux's {@code /proc}: the
 * socket inodes among the process's file descriptors, looked up in its {@code net/tcp}, {@code tcp6}, {@code udp},
 * {@code udp6} tables. Tests use it to show that a server binds loopback only.
 */
public final class ListeningSockets {
    private static final String TCP_LISTEN = "0A";

    private ListeningSockets() {
    }

    /** The record of one socket: protocol, local address and port. */
    public record Socket(String protocol, InetAddress address, int port) {
        public boolean isLoopback() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return protocol + " " + address.getHostAddress() + ":" + port;
        }
    }

    public static boolean supported() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    public static List<Socket> of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed between list and read
                }
            }
        }
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                boolean listening = table.startsWith("udp") || TCP_LISTEN.equals(f[3]);
                if (f.length > 9 && listening && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    sockets.add(new Socket(table, address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return sockets;
    }

    /** /proc prints addresses as 32-bit words in host (little-endian) order. */
    private static InetAddress address(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
