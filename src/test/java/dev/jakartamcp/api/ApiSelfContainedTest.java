package dev.jakartamcp.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The API JAR ({@code dev.jakartamcp.api} only, classifier {@code api}) is all a tool author compiles against, so its
 * classes must not name any other class of the server: a reference in a class file's constant pool would be a
 * {@code NoClassDefFoundError} for a tool compiled against the API JAR alone.
 */
class ApiSelfContainedTest {
    private static final Pattern SERVER_CLASS = Pattern.compile("dev/jakartamcp/(?!api/)[A-Za-z0-9_/$]+");

    @Test
    void apiClassesReferenceNoOtherServerClass() throws IOException {
        Path api = Path.of("target/classes/dev/jakartamcp/api");
        List<String> references = new ArrayList<>();
        List<Path> classes;
        try (Stream<Path> files = Files.list(api)) {
            classes = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertFalse(classes.isEmpty(), "compiled API classes in " + api);
        for (Path file : classes) {
            Matcher m = SERVER_CLASS.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                references.add(file.getFileName() + " -> " + m.group());
            }
        }
        assertEquals(List.of(), references);
    }
}
