package dev.jakartamcp.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File chores of the tests' servers. */
public final class TestFiles {
    private TestFiles() {
    }

    /** What {@code file} (a server's log) holds from byte {@code offset} on, as UTF-8; empty if nothing or no file. */
    public static String readFrom(Path file, long offset) throws IOException {
        return readBetween(file, offset, Long.MAX_VALUE);
    }

    /** What {@code file} holds from byte {@code from} up to byte {@code to} (or its end), as UTF-8; empty if none. */
    public static String readBetween(Path file, long from, long to) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = Math.min(to, in.length());
            if (from >= end) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(end - from, Integer.MAX_VALUE - 8)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Deletes {@code dir} and all it holds, if it exists (a server's directory an earlier run left). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> paths = Files.walk(dir)) {
            all = paths.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : all) {
            Files.deleteIfExists(path);
        }
    }
}
