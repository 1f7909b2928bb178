package dev.jakartamcp.schema;

import static dev.jakartamcp.schema.SchemaValidatorTest.render;
import static dev.jakartamcp.schema.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Hostile instances against the regex and evaluation budgets of {@link SchemaLimits}. */
class SchemaBudgetTest {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String REGEX_BUDGET = "could not be checked within the pattern evaluation budget";
    private static final String EVALUATION_BUDGET = "could not be checked within the schema evaluation budget";
    private static final int FOUR_MIB = 4 * 1024 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * The budget, not the input, ends the match: it stops after exactly the characters the limit allows, whatever the
     * length of the string, and that is well under a second of the validating thread's CPU time (measured as CPU time,
     * which a machine busy with other work does not stretch as it does the wall clock).
     */
    @Test
    void catastrophicPatternGivesUpAtTheRegexBudgetWellUnderASecond() {
        CompiledSchema schema = SchemaValidator.compile(object("{'type':'string','pattern':'^(a+)+$'}"), SchemaLimits.DEFAULTS);
        JsonValue fiftyThousand = JSON.createValue("a".repeat(50_000) + "!");
        JsonValue fourMib = JSON.createValue("a".repeat(FOUR_MIB - 1) + "!");
        for (JsonValue value : List.of(fiftyThousand, fourMib)) {
            timed(() -> schema.validate(value)); // the first run also compiles the regex engine's code
            Budget budget = new Budget(SchemaLimits.DEFAULTS);
            Duration cpu = timed(() -> cpuTime(() ->
                    assertEquals(List.of("|pattern|" + REGEX_BUDGET), render(schema.validate(value, budget)))));
            assertEquals(SchemaLimits.DEFAULT_MAX_REGEX_STEPS, budget.regexStepsTaken(), "characters read before giving up");
            assertTrue(cpu.compareTo(Duration.ofSeconds(1)) < 0, "took " + cpu.toMillis() + " ms of CPU");
        }
        Budget small = new Budget(SchemaLimits.DEFAULTS.withMaxRegexSteps(1_000));
        assertEquals(List.of("|pattern|" + REGEX_BUDGET), render(schema.validate(fiftyThousand, small)));
        assertEquals(1_000, small.regexStepsTaken(), "a smaller budget stops the same match sooner");
    }

    @Test
    void theDefaultBudgetIsEnoughForOnePassOverFourMib() {
        JsonValue letters = JSON.createValue("a".repeat(FOUR_MIB));
        assertEquals(List.of(), timed(() -> SchemaValidator.validate(object("{'pattern':'^[a-z]+$'}"), letters)));
        assertEquals(List.of("|pattern|must match the pattern ^[0-9]+$"),
                render(timed(() -> SchemaValidator.validate(object("{'pattern':'^[0-9]+$'}"), letters))));
    }

    @Test
    void theBudgetIsSharedByAllValuesOfTheInstance() {
        // no single string exhausts the budget, and under not none of them is a violation, which
        // would stop the validation at 100: only the shared budget ends this
        JsonArrayBuilder strings = JSON.createArrayBuilder();
        for (int i = 0; i < 100_000; i++) {
            strings.add("a".repeat(16) + "!");
        }
        JsonValue instance = strings.build();
        List<SchemaViolation> violations = timed(() -> SchemaValidator.validate(
                object("{'items':{'not':{'pattern':'^(a+)+$'}}}"), instance));
        assertEquals(1, violations.size(), violations.toString());
        assertEquals(List.of("pattern", REGEX_BUDGET), List.of(violations.get(0).keyword(), violations.get(0).message()));
        assertEquals(List.of(), SchemaValidator.validate(object("{'items':{'not':{'pattern':'^(a+)+$'}}}"),
                JSON.createArrayBuilder().add("a".repeat(16) + "!").build()));
    }

    @Test
    void runningOutInsideNotOrAnyOfStillFails() {
        JsonValue hostile = JSON.createValue("a".repeat(50_000) + "!");
        assertEquals(List.of("|pattern|" + REGEX_BUDGET),
                render(timed(() -> SchemaValidator.validate(object("{'not':{'pattern':'^(a+)+$'}}"), hostile))));
        // the budget ran out: the value is refused for that, and nothing after it is evaluated (anyOf is not reported)
        assertEquals(List.of("|pattern|" + REGEX_BUDGET),
                render(timed(() -> SchemaValidator.validate(object("{'anyOf':[{'pattern':'^(a+)+$'},{'type':'integer'}]}"), hostile))));
        assertEquals(List.of("|pattern|" + REGEX_BUDGET), render(timed(() ->
                SchemaValidator.validate(object("{'not':{'anyOf':[{'pattern':'^(a+)+$'},{'type':'string'}]}}"), hostile))));
        JsonValue stackBreaker = JSON.createValue("ab".repeat(500_000));
        assertEquals(List.of("|pattern|is too long to be checked against the pattern ^(a|b)*$"),
                render(timed(() -> SchemaValidator.validate(object("{'not':{'pattern':'^(a|b)*$'}}"), stackBreaker))));
    }

    @Test
    void propertyNamesAreBoundedToo() {
        String name = "a".repeat(50_000) + "!";
        JsonObject instance = JSON.createObjectBuilder().add(name, 1).build();
        List<SchemaViolation> violations = timed(() -> SchemaValidator.validate(
                object("{'patternProperties':{'^(a+)+$':{}},'additionalProperties':false}"), instance));
        assertEquals(1, violations.size());
        assertEquals(List.of("patternProperties", REGEX_BUDGET), List.of(violations.get(0).keyword(), violations.get(0).message()));

        violations = timed(() -> SchemaValidator.validate(object("{'propertyNames':{'pattern':'^(a+)+$'}}"), instance));
        assertEquals(List.of("pattern|" + REGEX_BUDGET), violations.stream().map(v -> v.keyword() + "|" + v.message()).toList());
    }

    @Test
    void formatsAreBounded() {
        JsonObject dateTime = object("{'format':'date-time'}");
        // the fraction's digits are read twice (once forward, once backtracking): 1 MiB fits the budget, 4 MiB does not
        JsonValue oneMib = JSON.createValue("2024-05-01T12:00:00." + "1".repeat(1024 * 1024) + "x");
        assertEquals(List.of("|format|must be " + Formats.describe("date-time")), render(timed(() -> SchemaValidator.validate(dateTime, oneMib))));
        JsonValue fourMib = JSON.createValue("2024-05-01T12:00:00." + "1".repeat(FOUR_MIB - 30) + "x");
        assertEquals(List.of("|format|" + REGEX_BUDGET), render(timed(() -> SchemaValidator.validate(dateTime, fourMib))));
        assertEquals(List.of(), SchemaValidator.validate(dateTime, JSON.createValue("2024-05-01T12:00:00Z"),
                SchemaLimits.DEFAULTS.withMaxRegexSteps(1_000)));
        assertEquals(List.of("|format|" + REGEX_BUDGET), render(SchemaValidator.validate(object("{'format':'uuid'}"),
                JSON.createValue("123e4567-e89b-12d3-a456-426614174000"), SchemaLimits.DEFAULTS.withMaxRegexSteps(10))));
    }

    @Test
    void limitsCanBeChosenPerCall() {
        JsonObject schema = object("{'pattern':'^[a-z]+$'}");
        JsonValue thousand = JSON.createValue("a".repeat(1_000));
        assertEquals(List.of(), SchemaValidator.validate(schema, thousand));
        assertEquals(List.of("|pattern|" + REGEX_BUDGET),
                render(SchemaValidator.validate(schema, thousand, SchemaLimits.DEFAULTS.withMaxRegexSteps(100))));
        assertEquals(List.of("[1]|budget|" + EVALUATION_BUDGET), render(SchemaValidator.validate(object("{'items':{}}"),
                object("{'a':[1,2,3]}").get("a"), SchemaLimits.DEFAULTS.withMaxEvaluationSteps(2))));
    }

    @Test
    void branchesThatRevisitTheSameValuesRunOutOfEvaluationSteps() {
        // both branches pass at every level, so a plain walk would take 2^40 steps
        JsonObject schema = object("{'oneOf':[{'type':'array','items':{'$ref':'#'}},{'type':'array','items':{'$ref':'#'},'minItems':0}]}");
        assertDoesNotThrow(() -> SchemaValidator.check(schema));
        JsonValue nested = JSON.createArrayBuilder().build();
        for (int i = 0; i < 40; i++) {
            nested = JSON.createArrayBuilder().add(nested).build();
        }
        JsonValue instance = nested;
        List<SchemaViolation> violations = timed(() -> SchemaValidator.validate(schema, instance));
        assertTrue(violations.stream().anyMatch(v -> v.keyword().equals("budget") && v.message().equals(EVALUATION_BUDGET)),
                violations.toString());
    }

    @Test
    void subschemasThatFanOutInPlaceRunOutOfEvaluationSteps() {
        JsonObjectBuilder defs = JSON.createObjectBuilder().add("a0", JSON.createObjectBuilder().add("type", "integer"));
        for (int i = 1; i <= 40; i++) {
            String previous = "#/$defs/a" + (i - 1);
            defs.add("a" + i, JSON.createObjectBuilder().add("allOf", JSON.createArrayBuilder()
                    .add(JSON.createObjectBuilder().add("$ref", previous)).add(JSON.createObjectBuilder().add("$ref", previous))));
        }
        JsonObject schema = JSON.createObjectBuilder().add("$defs", defs).add("$ref", "#/$defs/a40").build();
        CompiledSchema compiled = assertDoesNotThrow(() -> SchemaValidator.check(schema)); // no cycle: only the budget can stop it
        Budget budget = new Budget(SchemaLimits.DEFAULTS);
        assertEquals(List.of("|budget|" + EVALUATION_BUDGET), render(timed(() -> compiled.validate(JSON.createValue(1), budget))));
        assertEquals(SchemaLimits.DEFAULT_MAX_EVALUATION_STEPS, budget.evaluationStepsTaken(), "2^41 applications cut to the limit");
    }

    @Test
    void itemsMadeToShareAHashCannotMakeUniqueItemsQuadratic() {
        // "Aa" and "BB" have one String hash, so 2^k strings of k such pairs are distinct and all hash alike: comparing
        // each with every other is (2^k)^2 / 2 comparisons; 2^16 of them (2.3 MB of JSON) took minutes of CPU
        JsonValue few = collidingStrings(12);
        assertEquals(List.of("|budget|" + EVALUATION_BUDGET), render(timed(() ->
                SchemaValidator.validate(object("{'uniqueItems':true}"), few, SchemaLimits.DEFAULTS.withMaxEvaluationSteps(100_000)))));
        JsonValue many = collidingStrings(16);
        assertEquals(List.of("|budget|" + EVALUATION_BUDGET), render(timed(() ->
                SchemaValidator.validate(object("{'type':'array','items':{'type':'string'},'uniqueItems':true}"), many))));
    }

    @Test
    void distinctItemsOfOrdinaryDataStayWellWithinTheBudget() {
        // 200,000 consecutive integers beyond 2^53, where runs of them are one double, and the 40,000 points of a grid
        JsonArrayBuilder large = JSON.createArrayBuilder();
        for (long i = 0; i < 200_000; i++) {
            large.add(java.math.BigInteger.valueOf(1_700_000_000_000_000_000L + i));
        }
        JsonArrayBuilder points = JSON.createArrayBuilder();
        for (int x = 0; x < 200; x++) {
            for (int y = 0; y < 200; y++) {
                points.add(JSON.createObjectBuilder().add("x", x).add("y", y));
            }
        }
        SchemaLimits tight = SchemaLimits.DEFAULTS.withMaxEvaluationSteps(250_000);
        assertEquals(List.of(), timed(() -> SchemaValidator.validate(object("{'uniqueItems':true}"), large.build(), tight)));
        assertEquals(List.of(), timed(() -> SchemaValidator.validate(object("{'uniqueItems':true}"), points.build(), tight)));
        assertEquals(List.of("|uniqueItems|must not contain duplicate items (items 0 and 2 are equal)"),
                render(SchemaValidator.validate(object("{'uniqueItems':true}"), TestJson.json("['AaAa','BBBB','AaAa']"))));
        assertEquals(List.of("|uniqueItems|must not contain duplicate items (items 0 and 1 are equal)"),
                render(SchemaValidator.validate(object("{'uniqueItems':true}"), TestJson.json("[-12.50,-1.25e1,1e999999999]"))));
    }

    private static JsonValue collidingStrings(int pairs) {
        JsonArrayBuilder strings = JSON.createArrayBuilder();
        for (int i = 0; i < 1 << pairs; i++) {
            StringBuilder s = new StringBuilder(2 * pairs);
            for (int bit = 0; bit < pairs; bit++) {
                s.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            strings.add(s.toString());
        }
        return strings.build();
    }

    /**
     * Once a budget ran out the validation fails whatever follows, and stops: it used to visit every value left, each
     * adding an "unchecked" violation whose path it rendered and threw away — with a key of a megabyte, 5,000 items
     * after the budget ran out took about 40 s of CPU. Items of the same hash (numbers equal mod 2^31-1) spend the
     * budget on uniqueItems.
     */
    @Test
    void aSpentBudgetEndsTheValidationUnderALongKey() {
        CompiledSchema schema = SchemaValidator.compile(object("{'type':'object','additionalProperties':"
                + "{'type':'array','uniqueItems':true,'items':{'type':'integer'}}}"), SchemaLimits.DEFAULTS);
        JsonArrayBuilder items = JSON.createArrayBuilder();
        for (long k = 0; k < 2_100; k++) {
            items.add(1 + k * 2_147_483_647L);
        }
        for (int i = 0; i < 5_000; i++) {
            items.add(0);
        }
        String key = "k".repeat(1_000_000);
        JsonValue instance = JSON.createObjectBuilder().add(key, items).build();
        timed(() -> schema.validate(instance)); // the first run also warms the code up
        Duration cpu = cpuTime(() -> {
            List<SchemaViolation> violations = schema.validate(instance);
            assertEquals(List.of("[\"" + "k".repeat(InstancePath.MAX_NAME_SHOWN) + "…\"]|budget|" + EVALUATION_BUDGET), render(violations));
        });
        assertTrue(cpu.compareTo(Duration.ofSeconds(1)) < 0, "took " + cpu.toMillis() + " ms of CPU");
    }

    /**
     * A path shows at most {@link InstancePath#MAX_NAME_SHOWN} characters of a name: 100 violations under a key of
     * 1.9 million characters held 190 million characters of paths (about 380 MB) before they were cut for the answer.
     */
    @Test
    void aPathShowsTheBeginningOfALongKeyOnly() {
        JsonArrayBuilder strings = JSON.createArrayBuilder();
        for (int i = 0; i < 150; i++) {
            strings.add("x");
        }
        JsonValue instance = JSON.createObjectBuilder().add("ā".repeat(1_900_000), strings).build();
        List<SchemaViolation> violations = timed(() -> SchemaValidator.validate(
                object("{'type':'object','additionalProperties':{'type':'array','items':{'type':'integer'}}}"), instance));
        assertEquals(SchemaValidator.MAX_VIOLATIONS, violations.size());
        assertEquals("[\"" + "ā".repeat(InstancePath.MAX_NAME_SHOWN) + "…\"][7]", violations.get(7).path());
    }

    @Test
    void aMillionItemsFitTheDefaultEvaluationBudget() {
        JsonArrayBuilder numbers = JSON.createArrayBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            numbers.add(i);
        }
        JsonValue instance = numbers.build();
        assertEquals(List.of(), timed(() -> SchemaValidator.validate(object("{'type':'array','items':{'type':'integer','minimum':0}}"),
                instance)));
    }

    /**
     * A guard against a hang (the unbounded walk would take years), not a speed goal: at most a minute of the
     * validating thread's CPU time, which other work on a busy machine does not add to as it does to the wall clock;
     * the wall-clock limit only ends a run that would never return, and is generous enough for a machine at any load.
     */
    private static <T> T timed(Supplier<T> run) {
        return assertTimeoutPreemptively(Duration.ofMinutes(10), () -> {
            long start = THREADS.getCurrentThreadCpuTime();
            T result = run.get();
            Duration cpu = Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start);
            assertTrue(cpu.compareTo(Duration.ofMinutes(1)) < 0, "took " + cpu.toSeconds() + " s of CPU");
            return result;
        });
    }

    /** The CPU time the current thread spends on {@code run}. */
    private static Duration cpuTime(Runnable run) {
        assertTrue(THREADS.isCurrentThreadCpuTimeSupported(), "this JVM measures a thread's CPU time");
        long start = THREADS.getCurrentThreadCpuTime();
        run.run();
        return Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start);
    }
}
