package dev.jakartamcp.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak for the demo and the end-to-end tests: installed once from the distribution zip Maven fetched into a
 * cache folder that {@code mvn clean} leaves alone, built once ({@code kc.sh build}, the slow part), then started
 * optimized on 127.0.0.1 with its own state folder (H2 database, transaction log), so that the demo and a test run
 * can share one installation without sharing data. The realm is (re)created through the admin REST API after every
 * start, always exactly as the JSON file the project ships says.
 */
public final class Keycloak {
    public static final String VERSION = "26.7.3";
    public static final String REALM = "mcp";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    /** Build-time options; a change rebuilds the installation. {@code --cache=local}: no cluster, nothing but loopback sockets. */
    static final List<String> BUILD_OPTIONS = List.of("--features=resource-indicators", "--db=dev-file", "--cache=local");
    private static final String BUILT_MARKER = ".jakarta-mcp-server-build";
    /** The audience in the shipped realm; replaced by the actual MCP URL. */
    public static final String SHIPPED_MCP_URL = "http://127.0.0.1:8080/mcp";

    private static final HttpClient HTTP = Http.client().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path home;
    private final int port;
    private final ChildProcess process;

    private Keycloak(Path home, int port, ChildProcess process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /**
     * The built installation in {@code cacheDir}, installing and building it first if needed. Safe against a
     * concurrent demo or test run (file lock) and against an earlier run that was interrupted (the build marker is
     * written last).
     */
    public static Path install(Path zip, Path cacheDir, Consumer<String> progress) throws IOException, InterruptedException {
        Files.createDirectories(cacheDir);
        Path home = cacheDir.resolve("keycloak-" + VERSION);
        Path marker = home.resolve(BUILT_MARKER);
        String wanted = String.join(" ", BUILD_OPTIONS);
        try (FileChannel lockFile = FileChannel.open(cacheDir.resolve("keycloak.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.exists(marker) && Files.readString(marker).strip().equals(wanted)) {
                return home;
            }
            if (!Files.exists(home.resolve("bin").resolve("kc.sh")) || !Files.exists(home.resolve("lib"))) {
                if (zip == null || !Files.isRegularFile(zip)) {
                    throw new IllegalStateException("Keycloak distribution not found: " + zip
                            + " (run through Maven, which fetches org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip)");
                }
                progress.accept("unpacking " + zip.getFileName() + " into " + home);
                TestFiles.deleteTree(home);
                unzip(zip, cacheDir, "keycloak-" + VERSION + "/");
            }
            progress.accept("building Keycloak (kc.sh build " + wanted + "), once; about a minute");
            Instant started = Instant.now();
            List<String> command = new ArrayList<>(script(home));
            command.add("build");
            command.addAll(BUILD_OPTIONS);
            Path log = cacheDir.resolve("keycloak-build.log");
            Process build = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            build.getOutputStream().close();
            if (build.waitFor() != 0) {
                throw new IllegalStateException("kc.sh build failed, see " + log + ":\n" + Files.readString(log));
            }
            Files.writeString(marker, wanted + "\n");
            progress.accept("Keycloak built in " + Duration.between(started, Instant.now()).toSeconds() + " s");
            return home;
        }
    }

    /**
     * Starts the built installation on 127.0.0.1:{@code port}; its database and transaction log live in
     * {@code stateDir}. Returns at once: call {@link #awaitReady(Duration)}.
     */
    public static Keycloak start(Path home, int port, Path stateDir, Path log) throws IOException {
        Files.createDirectories(stateDir);
        List<String> command = new ArrayList<>(script(home));
        command.addAll(List.of("start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                "--hostname-strict=false", "--cache=local",
                "--db-url=jdbc:h2:file:" + jdbcPath(stateDir.resolve("h2").resolve("keycloakdb")) + ";NON_KEYWORDS=VALUE",
                "--bootstrap-admin-username=" + ADMIN_USER, "--bootstrap-admin-password=" + ADMIN_PASSWORD,
                "--log-console-color=false"));
        Map<String, String> environment = Map.of(
                // Keycloak reads KC_* variables as its own configuration; nothing of ours may be named so.
                "JAVA_OPTS_APPEND", "-Dquarkus.transaction-manager.object-store.directory="
                        + stateDir.resolve("transaction-logs").toAbsolutePath());
        ChildProcess process = ChildProcess.start("Keycloak", command, home, environment, log);
        return new Keycloak(home, port, process);
    }

    /** Waits until Keycloak answers on its HTTP port, failing early if the process dies. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Http.awaitStatus(URI.create(baseUrl() + "/realms/master"), 200, timeout, process);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String jwksUrl() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String tokenUrl() {
        return issuer() + "/protocol/openid-connect/token";
    }

    public Path home() {
        return home;
    }

    public ChildProcess process() {
        return process;
    }

    /** The shipped realm JSON with the MCP URL and, when positive, the access token lifespan replaced. */
    public static String realmFor(String shippedRealm, String mcpUrl, int accessTokenLifespanSeconds) {
        String realm = shippedRealm.replace(SHIPPED_MCP_URL, mcpUrl);
        if (accessTokenLifespanSeconds > 0) {
            Matcher m = Pattern.compile("\"accessTokenLifespan\"\\s*:\\s*\\d+").matcher(realm);
            if (!m.find()) {
                throw new IllegalArgumentException("the realm has no accessTokenLifespan to replace");
            }
            realm = m.replaceFirst("\"accessTokenLifespan\": " + accessTokenLifespanSeconds);
        }
        return realm;
    }

    /** Deletes the realm if it exists and creates it from {@code realmJson} (as a realm import would). */
    public void provisionRealm(String realmJson) throws IOException, InterruptedException {
        String token = adminToken();
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms/" + REALM))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (deleted.statusCode() != 204 && deleted.statusCode() != 404) {
            throw new IOException("deleting realm " + REALM + ": " + deleted.statusCode() + " " + deleted.body());
        }
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(realmJson)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IOException("creating realm " + REALM + ": " + created.statusCode() + " " + created.body());
        }
        Http.awaitStatus(URI.create(issuer() + "/.well-known/openid-configuration"), 200, Duration.ofSeconds(30), process);
    }

    /** An access token for the admin REST API (master realm, admin-cli). */
    public String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(ADMIN_USER) + "&password=" + enc(ADMIN_PASSWORD);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IOException("admin login failed: " + response.statusCode() + " " + response.body());
        }
        return m.group(1);
    }

    public void stop() {
        process.stop();
    }

    private static List<String> script(Path home) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return windows
                ? List.of("cmd.exe", "/c", home.resolve("bin").resolve("kc.bat").toAbsolutePath().toString())
                : List.of("sh", home.resolve("bin").resolve("kc.sh").toAbsolutePath().toString());
    }

    private static String jdbcPath(Path path) {
        return path.toAbsolutePath().toString().replace('\\', '/');
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Unpacks the entries under {@code topFolder} (the zip's only top-level folder) into {@code target}. */
    private static void unzip(Path zip, Path target, String topFolder) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                if (!entry.getName().startsWith(topFolder)) {
                    continue;
                }
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                    if (entry.getName().endsWith(".sh")) {
                        makeExecutable(out);
                    }
                }
            }
        }
    }

    private static void makeExecutable(Path file) {
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the scripts are started through sh or cmd anyway
        }
    }
}
