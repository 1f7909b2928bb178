package dev.jakartamcp.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the draft 2020-12 files of the official JSON-Schema-Test-Suite. The suite is not committed:
 * it is looked for in {@code -Djson.schema.test.suite=DIR} (the suite's {@code tests} folder) or in
 * {@code target/json-schema-test-suite/tests}, and otherwise fetched into {@code target/} from the
 * Debian package that bundles it (libtest-json-schema-acceptance-perl, with {@code apt-get download});
 * when neither works the tests fail.
 *
 * <p>Every test case ends in one of three ways: passed, refused (the schema is refused by
 * {@link SchemaValidator#check}, by design: remote references, embedded {@code $id}s, earlier-draft
 * keywords, ...) or failed. Failures must be exactly the deviations listed here, which are all
 * decisions documented in {@link SchemaValidator}. The figures are printed and written to
 * {@code target/json-schema-test-suite/report.txt}.
 */
class JsonSchemaTestSuiteTest {

    private static final Path TARGET = Paths.get("target", "json-schema-test-suite");
    private static final String DEBIAN_PACKAGE = "libtest-json-schema-acceptance-perl";
    private static final String PACKAGED_TESTS = "usr/share/perl5/auto/share/dist/Test-JSON-Schema-Acceptance/tests";

    /** Formats the validator asserts; the suite's optional files for them expect assertion. */
    private static final List<String> ASSERTED_FORMATS = List.of("date-time", "date", "time", "duration", "email", "uuid", "uri");

    private static Path tests;

    @BeforeAll
    static void locateSuite() {
        String configured = System.getProperty("json.schema.test.suite");
        if (configured != null) {
            tests = Paths.get(configured);
        } else {
            tests = TARGET.resolve("tests");
            if (!Files.isDirectory(tests.resolve("draft2020-12"))) {
                download();
            }
        }
        // required, never skipped: Debian's packages are reachable wherever this project builds (README)
        org.junit.jupiter.api.Assertions.assertTrue(Files.isDirectory(tests.resolve("draft2020-12")),
                "JSON-Schema-Test-Suite not available (" + tests.toAbsolutePath() + "): apt-get download "
                        + DEBIAN_PACKAGE + " failed, see " + TARGET.resolve("download/log.txt"));
    }

    /**
     * The required files. (In this version of the suite format.json only checks that formats ignore
     * non-strings; the validator asserts some formats by design, see {@link #optional()}.)
     */
    @Test
    void required() throws IOException {
        Tally tally = run(files(tests.resolve("draft2020-12"), name -> true));
        report("draft2020-12 (required)", tally);
        assertEquals(List.of(), tally.failed, "unexpected failures");
        // a refused schema is skipped: only what the validator refuses by design may be, so that a regression that
        // refuses more (every local $ref, say) fails here rather than moving cases from passed to refused
        List<String> unexpected = tally.refusals.keySet().stream()
                .filter(refusal -> REFUSED_BY_DESIGN.stream().noneMatch(p -> p.matcher(refusal).matches())).toList();
        assertEquals(List.of(), unexpected, "refusals of no kind the validator refuses by design");
        org.junit.jupiter.api.Assertions.assertTrue(tally.passed >= 1000, tally.passed + " passed");
    }

    /**
     * What the validator refuses by design (README, JSON Schema): references outside the document (a metaschema, a
     * remote one), embedded resources that would change the base URI, other metaschemas, and a keyword whose partner
     * is missing, which has no effect (a typo's likely sign). As "file: message", a refusal's place left out.
     */
    private static final List<java.util.regex.Pattern> REFUSED_BY_DESIGN = Stream.of(
            "[\\w-]+\\.json: Invalid schema: only \\$ref within the same document is supported, not [^#].*",
            "[\\w-]+\\.json: Invalid schema: unsupported \\$schema http://localhost:1234/\\S+; only JSON Schema 2020-12 \\(https://json-schema.org/draft/2020-12/schema\\) is supported",
            "[\\w-]+\\.json: Invalid schema: unsupported JSON Schema keyword \"\\$id\" an embedded schema resource \\(.+\\) would change the base URI, which is not supported",
            "if-then-else\\.json: Invalid schema: unsupported JSON Schema keyword \"(then|else)\";? without \"if\" in the same schema object it has no effect",
            "(min|max)Contains\\.json: Invalid schema: unsupported JSON Schema keyword \"(min|max)Contains\"; without \"contains\" in the same schema object it has no effect")
            .map(java.util.regex.Pattern::compile).toList();

    /** Optional files about things the validator promises: the asserted formats, big numbers, non-BMP strings. */
    @Test
    void optional() throws IOException {
        List<Path> files = new ArrayList<>(files(tests.resolve("draft2020-12/optional"),
                name -> List.of("bignum.json", "float-overflow.json", "non-bmp-regex.json", "refOfUnknownKeyword.json",
                        "no-schema.json", "unicode.json", "ecmascript-regex.json").contains(name)));
        for (String format : ASSERTED_FORMATS) {
            files.add(tests.resolve("draft2020-12/optional/format/" + format + ".json"));
        }
        Tally tally = run(files);
        report("draft2020-12 optional (selected)", tally);
        assertEquals(KNOWN_OPTIONAL_DEVIATIONS, tally.failed, "unexpected failures");
    }

    /**
     * Known deviations in the optional files, both in Formats: email is the dot-atom form only (no
     * quoted local parts, no address literals), and duration accepts weeks combined with other
     * units (ISO 8601 and java.time.Period do; RFC 3339's grammar does not).
     */
    private static final List<String> KNOWN_OPTIONAL_DEVIATIONS = List.of(
            "duration.json: validation of duration strings: weeks cannot be combined with other units (expected invalid)",
            "email.json: validation of e-mail addresses: a quoted string with a space in the local part is valid (expected valid)",
            "email.json: validation of e-mail addresses: a quoted string with a double dot in the local part is valid (expected valid)",
            "email.json: validation of e-mail addresses: a quoted string with a @ in the local part is valid (expected valid)",
            "email.json: validation of e-mail addresses: an IPv4-address-literal after the @ is valid (expected valid)",
            "email.json: validation of e-mail addresses: an IPv6-address-literal after the @ is valid (expected valid)");

    // --- the runner --------------------------------------------------------------------------

    static final class Tally {
        int passed;
        int refused;
        final List<String> failed = new ArrayList<>();
        final Map<String, Integer> refusals = new TreeMap<>();
    }

    private static Tally run(List<Path> files) throws IOException {
        Tally tally = new Tally();
        for (Path file : files) {
            JsonArray groups;
            try (InputStream in = Files.newInputStream(file); JsonReader reader = Json.createReader(in)) {
                groups = reader.readArray();
            }
            for (JsonValue g : groups) {
                JsonObject group = g.asJsonObject();
                JsonObject schema = asObjectSchema(group.get("schema"));
                String refusal = null;
                try {
                    SchemaValidator.check(schema);
                } catch (IllegalArgumentException e) {
                    refusal = e.getMessage();
                }
                for (JsonValue t : group.getJsonArray("tests")) {
                    JsonObject test = t.asJsonObject();
                    String name = file.getFileName() + ": " + group.getString("description") + ": " + test.getString("description");
                    if (refusal != null) {
                        tally.refused++;
                        tally.refusals.merge(file.getFileName() + ": " + refusal.replaceAll(" at /\\S*", ""), 1, Integer::sum);
                        continue;
                    }
                    boolean expected = test.getBoolean("valid");
                    boolean actual;
                    try {
                        actual = SchemaValidator.validate(schema, test.get("data")).isEmpty();
                    } catch (RuntimeException e) {
                        tally.failed.add(name + " (threw " + e + ")");
                        continue;
                    }
                    if (actual == expected) {
                        tally.passed++;
                    } else {
                        tally.failed.add(name + " (expected " + (expected ? "valid" : "invalid") + ")");
                    }
                }
            }
        }
        return tally;
    }

    /** The API takes object schemas; {@code true} is {@code {}} and {@code false} is {@code {"not":{}}}. */
    private static JsonObject asObjectSchema(JsonValue schema) {
        return switch (schema.getValueType()) {
            case TRUE -> JsonValue.EMPTY_JSON_OBJECT;
            case FALSE -> Json.createObjectBuilder().add("not", JsonValue.EMPTY_JSON_OBJECT).build();
            default -> schema.asJsonObject();
        };
    }

    private static List<Path> files(Path dir, java.util.function.Predicate<String> include) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".json") && include.test(p.getFileName().toString())).sorted().toList();
        }
    }

    private static void report(String title, Tally tally) throws IOException {
        StringBuilder text = new StringBuilder(title).append(": ").append(tally.passed).append(" passed, ")
                .append(tally.failed.size()).append(" failed, ").append(tally.refused).append(" refused by design\n");
        tally.refusals.forEach((why, n) -> text.append("  refused ").append(n).append(" x ").append(why).append('\n'));
        tally.failed.forEach(f -> text.append("  FAILED ").append(f).append('\n'));
        System.out.print(text);
        Files.createDirectories(TARGET);
        Files.writeString(TARGET.resolve("report.txt"), text, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** apt-get download of the Debian package that bundles the suite, unpacked with dpkg-deb; best effort. */
    private static void download() {
        Path work = TARGET.resolve("download");
        try {
            Files.createDirectories(work);
            if (!runs(work, "apt-get", "download", DEBIAN_PACKAGE)
                    && !(runs(work, "apt-get", "update") && runs(work, "apt-get", "download", DEBIAN_PACKAGE))) {
                return;
            }
            Path deb;
            try (Stream<Path> list = Files.list(work)) {
                deb = list.filter(p -> p.getFileName().toString().startsWith(DEBIAN_PACKAGE) && p.toString().endsWith(".deb"))
                        .findFirst().orElse(null);
            }
            if (deb == null || !runs(work, "dpkg-deb", "-x", deb.getFileName().toString(), "unpacked")) {
                return;
            }
            Path unpacked = work.resolve("unpacked").resolve(PACKAGED_TESTS);
            if (Files.isDirectory(unpacked.resolve("draft2020-12"))) {
                Files.move(unpacked, TARGET.resolve("tests"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean runs(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log.txt").toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
