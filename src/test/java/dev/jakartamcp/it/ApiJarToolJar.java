package dev.jakartamcp.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A tool JAR built the way a tool author builds one: its source compiled here, by the JDK's compiler, against the API
 * artifact ({@code target/jakarta-mcp-server-api.jar}, property {@code mcp.api.jar}) and the Jakarta EE API only, so
 * that it cannot use anything of the server but what the API JAR holds.
 */
final class ApiJarToolJar {
    static final String SOURCE = """
            package com.example.tools;

            import dev.jakartamcp.api.Arg;
            import dev.jakartamcp.api.McpContext;
            import dev.jakartamcp.api.McpResource;
            import dev.jakartamcp.api.McpResources;
            import dev.jakartamcp.api.McpTools;
            import dev.jakartamcp.api.Tool;
            import dev.jakartamcp.api.ToolDefinition;
            import dev.jakartamcp.api.ToolResult;
            import jakarta.enterprise.context.ApplicationScoped;
            import jakarta.inject.Inject;

            @ApplicationScoped
            public class AuthorTools {
                public static final String NOTE = "note://author/latest";

                @Inject
                McpResources resources;

                @Inject
                McpTools tools;

                private volatile String note = "none yet";

                @Tool(name = "author_shout", description = "Shouts; compiled against the API JAR alone", readOnly = true)
                public ToolResult shout(@Arg(description = "What to shout") String text, McpContext context) {
                    return ToolResult.text(text.toUpperCase() + "!");
                }

                @McpResource(uri = NOTE, description = "The last note written")
                public String latest() {
                    return note;
                }

                @Tool(name = "author_note", description = "Writes the note; its subscribers are told")
                public String write(@Arg(description = "The note") String text) {
                    note = text;
                    resources.updated(NOTE);
                    return "noted";
                }

                @Tool(name = "author_register", description = "Registers a tool while the application runs")
                public String register(@Arg(description = "Its name") String name) {
                    tools.register(ToolDefinition.builder(name).description("Registered by author_register")
                            .handler((arguments, context) -> "registered " + name + " answers").build());
                    return "registered " + name;
                }
            }
            """;

    private ApiJarToolJar() {
    }

    static JavaArchive build() {
        Path apiJar = Path.of(System.getProperty("mcp.api.jar", "target/jakarta-mcp-server-api.jar"));
        if (!Files.isRegularFile(apiJar)) {
            throw new IllegalStateException("no API JAR at " + apiJar + " (mvn package builds it)");
        }
        try {
            Path work = BuildOutput.fresh("api-jar-tool", "build-");
            Path source = work.resolve("src/com/example/tools/AuthorTools.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, SOURCE);
            Path classes = Files.createDirectories(work.resolve("classes"));
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
                String classpath = Stream.of(apiJar, jarOf(jakarta.enterprise.context.ApplicationScoped.class), jarOf(jakarta.json.JsonObject.class),
                                jarOf(jakarta.inject.Inject.class))
                        .map(Path::toString).distinct().collect(Collectors.joining(File.pathSeparator));
                List<String> options = List.of("--release", "17", "-parameters", "-proc:none",
                        "-classpath", classpath, "-d", classes.toString());
                boolean compiled = compiler.getTask(null, files, diagnostics, options, null,
                        files.getJavaFileObjects(source.toFile())).call();
                if (!compiled) {
                    throw new IllegalStateException("the tool does not compile against the API JAR: " + diagnostics.getDiagnostics());
                }
            }
            JavaArchive jar = ShrinkWrap.create(JavaArchive.class, "author-tools.jar")
                    .addAsManifestResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                            + " bean-discovery-mode=\"annotated\"/>"), "beans.xml");
            try (Stream<Path> compiledFiles = Files.walk(classes)) {
                for (Path file : compiledFiles.filter(Files::isRegularFile).collect(Collectors.toList())) {
                    jar.add(new ByteArrayAsset(Files.readAllBytes(file)), classes.relativize(file).toString().replace(File.separatorChar, '/'));
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JAR of the Jakarta EE API (on the test classpath) that holds {@code type}. */
    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
