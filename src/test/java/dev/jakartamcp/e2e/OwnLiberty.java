package dev.jakartamcp.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Open Liberty server of a test's own, in a user directory of its own ({@code WLP_USER_DIR}) under the test's
 * directory, on the runtime the {@code liberty} profile unpacked ({@code liberty.wlp}): the product's
 * {@code server-config/liberty/server.xml} (its optional {@code mcp-settings.xml} left out, so that the WAR's and the
 * JVM's configuration hold), its listener on 127.0.0.1 at the given port. {@code wlp/bin/server run} replaces itself
 * with the server's JVM, so the process it starts is the server ({@code jcmd} and the attach API reach it).
 */
public final class OwnLiberty {
    private OwnLiberty() {
    }

    /**
     * Creates server {@code name} under {@code dir/usr}: with {@code war} as the product's application (context root
     * "/", server.xml's {@code <webApplication>}), or, without one, with no application but what is dropped into its
     * {@code dropins}; {@code jvmOptions} go into its {@code jvm.options}. A server of that name an earlier run left
     * there (its logs, applications, workarea) is deleted first. Returns the server's directory.
     */
    public static Path create(Path dir, String name, int httpPort, Optional<Path> war, List<String> jvmOptions) throws IOException {
        Path server = userDir(dir).resolve("servers").resolve(name);
        TestFiles.deleteTree(server);
        Files.createDirectories(server);
        Path overrides = Files.createDirectories(server.resolve("configDropins/overrides"));
        String serverXml = Files.readString(Path.of(System.getProperty("liberty.serverXml", "server-config/liberty/server.xml")));
        Files.writeString(server.resolve("server.xml"), war.isPresent() ? serverXml : withoutProductApplication(serverXml));
        Files.writeString(overrides.resolve("port.xml"), "<server><variable name=\"http.port\" value=\"" + httpPort + "\"/></server>\n");
        Files.createDirectories(server.resolve("apps"));
        Files.createDirectories(server.resolve("dropins"));
        if (war.isPresent()) {
            Files.copy(war.get(), server.resolve("apps/jakarta-mcp-server.war"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.write(server.resolve("jvm.options"), jvmOptions);
        return server;
    }

    /**
     * Creates server {@code name} with {@code war} as the product's application and runs it, {@code config} as system
     * properties (MicroProfile Config reads them) after {@code jvmOptions}. Its log: {@link #messages(Path, String)}.
     */
    public static ChildProcess runWar(Path dir, String name, int httpPort, Path war, List<String> jvmOptions,
                                      Map<String, String> config) throws IOException {
        List<String> options = new ArrayList<>(jvmOptions);
        config.forEach((key, value) -> options.add("-D" + key + "=" + value));
        create(dir, name, httpPort, Optional.of(war), options);
        return run(dir, name, "Open Liberty");
    }

    /** Runs server {@code name} of {@code dir}; its console goes to {@code dir/console.log}. */
    public static ChildProcess run(Path dir, String name, String label) throws IOException {
        Path wlp = Path.of(System.getProperty("liberty.wlp", "target/liberty/wlp")).toAbsolutePath();
        if (!Files.isDirectory(wlp.resolve("lib"))) {
            throw new IllegalStateException(wlp + " is no Liberty runtime: run with the liberty profile (mvn verify), which installs it");
        }
        List<String> command = new ArrayList<>(List.of(wlp.resolve("bin/server").toString(), "run", name));
        return ChildProcess.start(label, command, dir, Map.of("WLP_USER_DIR", userDir(dir).toString(),
                "JAVA_HOME", System.getProperty("java.home")), dir.resolve("console.log"));
    }

    /**
     * {@code serverXml} without the product's {@code <webApplication>}, for servers into which tests deploy their own
     * archives: a configured application that cannot be found keeps mpHealth's readiness DOWN ("applications are not
     * started yet").
     */
    public static String withoutProductApplication(String serverXml) {
        return serverXml.replaceAll("(?s)<webApplication\\s[^>]*?/>", "<!-- <webApplication> left out for the tests' own deployments -->");
    }

    /** Where server {@code name} of {@code dir} writes its {@code messages.log}. */
    public static Path messages(Path dir, String name) {
        return userDir(dir).resolve("servers").resolve(name).resolve("logs/messages.log");
    }

    private static Path userDir(Path dir) {
        return dir.resolve("usr").toAbsolutePath();
    }
}
