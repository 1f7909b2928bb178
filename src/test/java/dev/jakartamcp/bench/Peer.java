package dev.jakartamcp.bench;

import dev.jakartamcp.e2e.ChildProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The TypeScript SDK v2 peer (bench/peer: package.json, package-lock.json, server.mjs): copied to target/bench/peer,
 * installed there with {@code npm ci} (again only when the lock file changed), run with the Node.js of the npm package
 * {@code node@22}, the way the conformance and e2e tests get their Node (its binary is taken from npx's cache and run
 * directly, so that the process measured is node itself).
 */
final class Peer {
    private final Path dir;
    private final String node;
    private final String nodeVersion;

    private Peer(Path dir, String node, String nodeVersion) {
        this.dir = dir;
        this.node = node;
        this.nodeVersion = nodeVersion;
    }

    static Peer install(Path sources, Path dir, String nodePackage) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "package-lock.json", "server.mjs")) {
            Files.copy(sources.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path stamp = dir.resolve("node_modules").resolve(".installed-lock-sha256");
        String lockHash = sha256(Files.readAllBytes(dir.resolve("package-lock.json")));
        if (!Files.exists(stamp) || !Files.readString(stamp).strip().equals(lockHash)) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("npm-ci.log").toFile()).start();
            npm.getOutputStream().close();
            if (!npm.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci failed in " + dir + ":\n" + Files.readString(dir.resolve("npm-ci.log")));
            }
            Files.writeString(stamp, lockHash);
        }
        String out = Bench.command(List.of("npx", "-y", "-p", nodePackage, "--", "node", "-p",
                "process.execPath + ' ' + process.version"), Duration.ofMinutes(5), true).strip();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        int space = last.lastIndexOf(' ');
        return new Peer(dir, last.substring(0, space), last.substring(space + 1));
    }

    String describe() {
        return "Node " + nodeVersion + " (" + node + "), " + dir.resolve("server.mjs");
    }

    ChildProcess start(int port, String issuer, String jwksUrl, String resource, Path log) throws IOException {
        Files.deleteIfExists(log);
        return ChildProcess.start("peer", List.of(node, dir.resolve("server.mjs").toString()), dir,
                Map.of("PORT", Integer.toString(port), "ISSUER", issuer, "JWKS_URL", jwksUrl, "RESOURCE", resource,
                        "NODE_ENV", "production"), log);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
