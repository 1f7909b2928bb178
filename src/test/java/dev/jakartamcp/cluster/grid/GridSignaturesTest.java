package dev.jakartamcp.cluster.grid;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No field or signature of the grid's classes names the Hazelcast instance or its cache manager: Payara parses, at
 * every deployment, each type the archive's fields and signatures name and, transitively, each type those name, from
 * the server's libraries; through {@code HazelcastInstance} that was 653 of Hazelcast's classes (0.4–0.6 s of a start,
 * cluster on or off). Method bodies are not parsed, so local variables may use them. Hazelcast's configuration types
 * (a cache's, made in {@code Caches}) name about 50 more.
 */
class GridSignaturesTest {
    private static final List<String> FORBIDDEN = List.of("com.hazelcast.core.", "com.hazelcast.cache.", "com.hazelcast.config.");

    @Test
    void noFieldOrSignatureOfTheGridNamesTheHazelcastInstance() throws Exception {
        List<Class<?>> classes = gridClasses();
        assertTrue(classes.size() >= 9, "the grid's classes were found: " + classes);
        List<String> found = new ArrayList<>();
        for (Class<?> type : classes) {
            for (Field field : type.getDeclaredFields()) {
                check(type + " field " + field.getName(), field.getGenericType(), found);
            }
            for (Method method : type.getDeclaredMethods()) {
                check(type + " method " + method.getName(), method.getGenericReturnType(), found);
                for (Type parameter : method.getGenericParameterTypes()) {
                    check(type + " method " + method.getName(), parameter, found);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                for (Type parameter : constructor.getGenericParameterTypes()) {
                    check(type + " constructor", parameter, found);
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static void check(String where, Type type, List<String> found) {
        String name = type.getTypeName();
        if (FORBIDDEN.stream().anyMatch(name::contains)) {
            found.add(where + ": " + name);
        }
    }

    /** Every class compiled into the grid's package (nested and synthetic ones too). */
    private static List<Class<?>> gridClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(JCacheGrid.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(JCacheGrid.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                classes.add(Class.forName(JCacheGrid.class.getPackageName() + "." + simple, false,
                        GridSignaturesTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
