package dev.jakartamcp.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a test writes files: under the execution's build directory ({@code mcp.build.dir}; each server's execution
 * has its own), never the system's temporary directory, so that {@code mvn clean} removes them and a failed run
 * leaves its logs and archives next to its reports.
 */
final class BuildOutput {
    private BuildOutput() {
    }

    /** The directory {@code name} under the build directory, created if missing. */
    static Path dir(String name) throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("mcp.build.dir", "target"), name));
    }

    /** A new directory of its own, named {@code prefix} and a random number, under the directory {@code name}. */
    static Path fresh(String name, String prefix) throws IOException {
        return Files.createTempDirectory(dir(name), prefix);
    }
}
