package dev.jakartamcp.it;

import dev.jakartamcp.e2e.ChildProcess;
import dev.jakartamcp.e2e.OwnLiberty;
import dev.jakartamcp.e2e.PayaraMicro;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How {@link ClusterIT} starts a node of its two-node cluster: Payara Micro (its own Hazelcast, TCP/IP members on
 * loopback) or Open Liberty (Hazelcast and the JCache API as a shared library, configured by the files an operator
 * uses: {@code server-config/liberty/server.xml}, {@code cluster.xml}, {@code hazelcast.xml}). Chosen by the system
 * property {@code mcp.it.server} ({@code payara}, the default, or {@code liberty}).
 */
interface ClusterNodes {

    /** A running node: its HTTP port, its process (the server's own JVM), and the log that shows the grid. */
    record Node(String name, int port, ChildProcess process, Path gridLog) {
        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port + "/mcp");
        }
    }

    String server();

    Node start(String name, Path war, Path dir, int httpPort, int gridPort, List<Integer> members, String cluster) throws IOException;

    /** Whether the node's log shows a grid of {@code members} members. */
    boolean formed(Node node, int members) throws IOException;

    static ClusterNodes selected() {
        return "liberty".equals(System.getProperty("mcp.it.server", "payara")) ? new Liberty() : new Payara();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    final class Payara implements ClusterNodes {
        @Override
        public String server() {
            return "Payara Micro";
        }

        @Override
        public Node start(String name, Path war, Path dir, int httpPort, int gridPort, List<Integer> members, String cluster) throws IOException {
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            List<String> command = PayaraMicro.command(PayaraMicro.testJava(),
                    Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar")), List.of("-Xmx512m", "-Djava.io.tmpdir=" + tmp),
                    Map.of(), Path.of("server-config/payara/preboot-loopback.txt"), httpPort, war, "/",
                    PayaraMicro.loopbackGridOptions(gridPort, members, cluster), List.of("--name", "node-" + name));
            Path log = dir.resolve("payara.log");
            return new Node(name, httpPort, ChildProcess.start("Payara Micro " + name, command, dir, Map.of(), log), log);
        }

        @Override
        public boolean formed(Node node, int members) throws IOException {
            return read(node.gridLog()).contains("DG Size: " + members);
        }
    }

    /** A Liberty server per node ({@link OwnLiberty}) with the product's cluster configuration and Hazelcast as a shared library. */
    final class Liberty implements ClusterNodes {
        static final String SERVER = "mcpCluster";

        @Override
        public String server() {
            return "Open Liberty";
        }

        @Override
        public Node start(String name, Path war, Path dir, int httpPort, int gridPort, List<Integer> members, String cluster) throws IOException {
            Path config = Path.of("server-config/liberty").toAbsolutePath();
            String memberList = members.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
            Path server = OwnLiberty.create(dir, SERVER, httpPort, Optional.of(war), List.of(
                    "-Xmx512m",
                    "-Dhazelcast.config=" + dir.resolve("usr/servers").resolve(SERVER).resolve("hazelcast.xml").toAbsolutePath(),
                    "-Dhazelcast.jcache.provider.type=member",
                    "-Dhazelcast.phone.home.enabled=false",
                    "-Djakartamcp.grid.cluster-name=" + cluster,
                    "-Djakartamcp.grid.port=" + gridPort,
                    "-Djakartamcp.grid.interface=127.0.0.1",
                    "-Djakartamcp.grid.members=" + memberList,
                    "--add-modules=java.se",
                    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.management/sun.management=ALL-UNNAMED",
                    "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED"));
            Files.copy(config.resolve("cluster.xml"), server.resolve("configDropins/overrides/cluster.xml"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(config.resolve("hazelcast.xml"), server.resolve("hazelcast.xml"), StandardCopyOption.REPLACE_EXISTING);
            Path library = Files.createDirectories(dir.resolve("usr/shared/resources/hazelcast"));
            for (Class<?> type : List.of(com.hazelcast.core.HazelcastInstance.class, javax.cache.Caching.class)) {
                Path jar = Path.of(URI.create(type.getProtectionDomain().getCodeSource().getLocation().toString()));
                Files.copy(jar, library.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            ChildProcess process = OwnLiberty.run(dir, SERVER, "Open Liberty " + name);
            return new Node(name, httpPort, process, OwnLiberty.messages(dir, SERVER));
        }

        @Override
        public boolean formed(Node node, int members) throws IOException {
            return read(node.gridLog()).contains("Members {size:" + members);
        }
    }
}
