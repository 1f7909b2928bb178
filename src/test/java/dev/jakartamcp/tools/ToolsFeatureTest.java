package dev.jakartamcp.tools;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.tasks.TasksExtension;
import jakarta.annotation.Nullable;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolsFeatureTest {

    static final String BOUND = "must have at most 1000 significant digits, 1000 before the point and 1000 after it (exponent included)";

    public record Line(String sku, BigDecimal price, BigInteger count) {
    }

    public record Order(List<Line> lines, Map<String, BigDecimal> fees) {
    }

    public record Deadline(Duration left, java.time.LocalDate due) {
    }

    public record Page<T>(List<T> items, Map<String, T> byKey) {
    }

    /** Not a record: bound through JSON-B. */
    public static class Invoice {
        public BigDecimal total;
        public List<BigInteger> parts;
    }

    public enum Mood {
        @jakarta.json.bind.annotation.JsonbProperty("glad") GLAD, SAD
    }

    /** Not a record: written by JSON-B, which names an enum constant by name(), as the schema of a bean does. */
    public static class Stats {
        public Duration left;
        public java.time.LocalDate due;
        public List<String> tags;
        public Map<String, Double> ratios;
        public Mood mood;
        public Deadline next;
        private java.time.Instant seen;

        public java.time.Instant getSeen() {
            return seen;
        }
    }

    public record Report(Stats stats) {
    }

    public record Day(@jakarta.validation.constraints.Min(-90) @jakarta.validation.constraints.Max(60) int temperature,
                      @jakarta.validation.constraints.NotBlank String summary) {
    }

    /** Not a record: its constraints become outputSchema keywords as a record component's do. */
    public static class Station {
        @jakarta.validation.constraints.Pattern(regexp = "[A-Z]{4}")
        public String code;
        @jakarta.validation.constraints.PositiveOrZero
        public int height;
    }

    public record Week(@jakarta.validation.constraints.Size(max = 7) List<Day> days, @jakarta.validation.constraints.Email String contact,
                       Station station) {
    }

    /** An annotation of that name in a type-use position only, as JSpecify's. */
    static final class TypeUse {
        @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)
        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
        @interface Nullable {
        }
    }

    /** Records what reached the tools; a tool that got 1e500000000 could write out its 500 million digits. */
    /** An author's collection and map: written as a JSON array and object, as the JDK's are. */
    public static class StationPage extends ArrayList<Station> {
    }

    public static class Labels extends java.util.LinkedHashMap<String, String> {
    }

    static class Tools {
        final List<Object> received = new ArrayList<>();

        @Tool
        public StationPage stations() {
            StationPage page = new StationPage();
            Station station = new Station();
            station.code = "EGLL";
            station.height = 25;
            page.add(station);
            return page;
        }

        @Tool
        public Labels labels() {
            Labels labels = new Labels();
            labels.put("empty", "no");
            return labels;
        }

        @Tool
        public String order(@Arg(name = "order") Order order) {
            received.add(order);
            return "order";
        }

        @Tool
        public String invoice(@Arg(name = "invoice") Invoice invoice) {
            received.add(invoice);
            return "invoice " + invoice.total + " " + invoice.parts;
        }

        @Tool
        public String raw(@Arg(name = "data") JsonObject data) {
            received.add(data);
            return "raw " + data;
        }

        @Tool
        public String items(@Arg(name = "items") JsonArray items) {
            received.add(items);
            return "items " + items;
        }

        @Tool
        public String value(@Arg(name = "v") JsonValue v) {
            received.add(v);
            return "value " + v;
        }

        @Tool
        public String number(@Arg(name = "n") JsonNumber n) {
            received.add(n);
            return "number " + n;
        }

        @Tool
        public String integer(@Arg(name = "n") BigInteger n) {
            received.add(n);
            return "integer " + n;
        }

        @Tool
        public String decimal(@Arg(name = "n") BigDecimal n) {
            received.add(n);
            return "decimal " + n;
        }

        @Tool
        public Deadline deadline(@Arg(name = "minutes") long minutes, @Arg(name = "year") int year) {
            return new Deadline(Duration.ofMinutes(minutes), java.time.LocalDate.of(year, 1, 1));
        }

        /** A record holding a bean, its values {@code fault} says. */
        @Tool
        public Report report(@Arg(name = "fault") String fault) {
            Stats stats = new Stats();
            stats.left = Duration.ofMinutes("negative".equals(fault) ? -5 : 5);
            stats.due = java.time.LocalDate.of("year".equals(fault) ? 10000 : 2030, 1, 1);
            stats.tags = java.util.Arrays.asList("a", "nullTag".equals(fault) ? null : "b");
            stats.ratios = Map.of("r", "nan".equals(fault) ? Double.NaN : 0.5);
            stats.mood = Mood.GLAD;
            stats.next = new Deadline(Duration.ofSeconds("nested".equals(fault) ? -1 : 1), java.time.LocalDate.of(2030, 1, 1));
            stats.seen = java.time.Instant.parse("2024-05-01T12:00:00Z");
            return new Report(stats);
        }

        /** A class JSON-B binds, returned as it is (not inside a record): its outputSchema is generated from it. */
        @Tool
        public Station station(@Arg(name = "code") String code, @Arg(name = "height") int height) {
            Station station = new Station();
            station.code = code;
            station.height = height;
            return station;
        }

        /** A week of days whose values {@code fault} says (one fault or several), breaking the constraints of the result's types. */
        @Tool
        public Week week(@Arg(name = "fault") String fault) {
            List<Day> days = new ArrayList<>();
            for (int i = 0; i < (fault.contains("long") ? 8 : 7); i++) {
                days.add(new Day(i == 2 && fault.contains("cold") ? -100 : 10, i == 4 && fault.contains("blank") ? " " : "fair"));
            }
            Station station = new Station();
            station.code = fault.contains("code") ? "eglL" : "EGLL";
            station.height = fault.contains("height") ? -1 : 25;
            return new Week(days, fault.contains("contact") ? "nobody" : "met@example.org", station);
        }

        /** A result the tool builds, its structuredContent a class JSON-B binds holding {@code ratio}, bare or in a map. */
        @Tool
        public dev.jakartamcp.api.ToolResult summary(@Arg(name = "ratio") String ratio, @Arg(name = "inMap") boolean inMap) {
            Stats stats = new Stats();
            stats.ratios = Map.of("r", Double.valueOf(ratio));
            return new dev.jakartamcp.api.ToolResult(List.of(new dev.jakartamcp.api.TextContent("summary")),
                    inMap ? Map.of("stats", stats) : stats, false);
        }

        /** Lists in lists, as deep as asked: a value too deep to write (as a cycle would be). */
        @Tool
        public List<Object> nested(@Arg(name = "depth") int depth) {
            List<Object> value = List.of("bottom");
            for (int i = 0; i < depth; i++) {
                value = List.of(value);
            }
            return value;
        }

        /** A generic record: its outputSchema has the type arguments of the declared return type. */
        @Tool
        public Page<String> page(@Arg(name = "missing") String missing) {
            Map<String, String> byKey = new LinkedHashMap<>();
            byKey.put("k", "byKey".equals(missing) ? null : "v");
            return new Page<>(java.util.Arrays.asList("a", "items".equals(missing) ? null : "b"), byKey);
        }

        /** Fails with the {@link Error} {@code kind} names, as author code can. */
        @Tool
        public String fail(@Arg(name = "kind") String kind) {
            switch (kind) {
                case "assertion" -> throw new AssertionError("an assert in the tool");
                case "linkage" -> throw new NoClassDefFoundError("com/example/MissingDependency");
                case "recursion" -> throw new StackOverflowError();
                // as an EJB container (EJBException) or a future (CompletionException) hands on what the method threw
                case "wrapped-memory" -> throw new java.util.concurrent.CompletionException(new OutOfMemoryError("Java heap space"));
                case "wrapped-recursion" -> throw new java.util.concurrent.CompletionException(new StackOverflowError());
                default -> throw new OutOfMemoryError("Java heap space");
            }
        }

        /** As the EJB container refuses the item's own method: before it runs, so without it on the stack. */
        static final jakarta.ejb.EJBAccessException CONTAINER_REFUSAL = dev.jakartamcp.beans.ContainerRefusals.ofTheItemsOwnMethod();

        /** As an EJB container rethrows what a session bean's method throws: in an {@code EJBException}, as its cause. */
        @Tool
        public String wrapped(@Arg(name = "kind") String kind) {
            RuntimeException thrown = switch (kind) {
                case "tool" -> new dev.jakartamcp.api.ToolException("No flight on that day");
                case "parameter" -> dev.jakartamcp.beans.Violations.of(Tools.class, "wrapped", jakarta.validation.ElementKind.PARAMETER,
                        "kind", "must be a known kind");
                // a method of the same name of another bean the code called (a service's wrapped(kind))
                case "same-name" -> dev.jakartamcp.beans.Violations.of(StationPage.class, "wrapped", jakarta.validation.ElementKind.PARAMETER,
                        "kind", "must be a known kind");
                case "result" -> dev.jakartamcp.beans.Violations.of("wrapped", jakarta.validation.ElementKind.RETURN_VALUE, null,
                        "must not be blank");
                // the tool's code called another bean's validated method wrongly, or persisted an invalid entity
                case "other-method" -> dev.jakartamcp.beans.Violations.of("reserve", jakarta.validation.ElementKind.PARAMETER, "seat",
                        "must not be null");
                case "entity" -> dev.jakartamcp.beans.Violations.of("Order", jakarta.validation.ElementKind.PROPERTY, "name",
                        "must not be null");
                // as McpContext throws for a client without the capability asked for
                case "capability" -> new McpException(-32021, "Missing required client capability: elicitation");
                // the EJB container's own check of the method's @RolesAllowed refused the container's caller
                case "ejb-access" -> CONTAINER_REFUSAL;
                // another bean the tool called refused it (a missing @RunAs): the tool's own failure
                case "ejb-access-inner" -> new jakarta.ejb.EJBAccessException("Client not authorized for this invocation");
                // another bean the tool called through an executor refused it there: made on that thread, handed back by join
                case "ejb-access-elsewhere" -> {
                    try {
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            throw new jakarta.ejb.EJBAccessException("Client not authorized for this invocation");
                        }).join();
                        yield new IllegalStateException("the other bean did not refuse");
                    } catch (java.util.concurrent.CompletionException e) {
                        yield e;
                    }
                }
                default -> new IllegalArgumentException("no such kind");
            };
            throw new RuntimeException("as a container wraps it", new IllegalStateException("and the author", thrown));
        }

        @Tool
        public String meet(@Arg(name = "at") java.time.OffsetDateTime at, @Arg(name = "instant") java.time.Instant instant,
                           @Arg(name = "local") java.time.LocalDateTime local, @Arg(name = "length") Duration length) {
            received.add(at);
            return "meet " + at + " " + instant + " " + local + " " + length;
        }

        @Tool
        public String note(@Arg(name = "text") String text, @Arg(name = "remark") @Nullable String remark,
                           @Arg(name = "times") @Nullable int times, @Arg(name = "tag") @TypeUse.Nullable String tag) {
            received.add(remark == null ? "no remark" : remark);
            return text + " " + remark + " " + times;
        }
    }

    private final Tools tools = new Tools();
    /** The operator's settings, read live. */
    private final Map<String, String> config = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<JsonObject> handled = new ArrayList<>();
    private final ToolsFeature feature = feature();

    /** A tools/call is audited (also when the dispatcher refuses it before the pipeline runs); tools/list is not. */
    @Test
    void toolCallsAreAuditedAndListsNot() {
        assertEquals(Map.of("tools/list", false, "tools/call", true),
                feature.methods().stream().collect(java.util.stream.Collectors.toMap(McpMethod::name, McpMethod::audited)));
    }

    @Test
    void aNumberBeyondTheBoundAnywhereInTheArgumentsIsRefusedBeforeTheToolRuns() {
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("{'name':'order','arguments':{'order':{'lines':[{'sku':'a','price':1,'count':2},{'sku':'b','price':1e500000000,'count':1}],'fees':{}}}}",
                "argument 'order' lines[1].price");
        calls.put("{'name':'order','arguments':{'order':{'lines':[{'sku':'a','price':1,'count':1e500000000}],'fees':{}}}}", "argument 'order' lines[0].count");
        calls.put("{'name':'order','arguments':{'order':{'lines':[],'fees':{'a b':-1e-500000000}}}}", "argument 'order' fees[\"a b\"]");
        calls.put("{'name':'invoice','arguments':{'invoice':{'total':1e500000000}}}", "argument 'invoice' total");
        calls.put("{'name':'invoice','arguments':{'invoice':{'total':1,'parts':[1,2,1e500000000]}}}", "argument 'invoice' parts[2]");
        calls.put("{'name':'raw','arguments':{'data':{'deep':[[{'x':1e500000000}]]}}}", "argument 'data' deep[0][0].x");
        calls.put("{'name':'items','arguments':{'items':[0.5,1e-500000000]}}", "argument 'items' [1]");
        calls.put("{'name':'value','arguments':{'v':1e500000000}}", "argument 'v'");
        calls.put("{'name':'number','arguments':{'n':1e1000}}", "argument 'n'");
        calls.put("{'name':'integer','arguments':{'n':1e500000000}}", "argument 'n'");
        calls.put("{'name':'decimal','arguments':{'n':0e500000000}}", "argument 'n'");
        calls.put("{'name':'decimal','arguments':{'n':" + "1".repeat(1001) + "}}", "argument 'n'");
        calls.put("{'name':'decimal','arguments':{'n':0." + "1".repeat(1001) + "}}", "argument 'n'");
        calls.put("{'name':'defined','arguments':{'amount':1,'extra':{'x':[1e500000000]}}}", "argument 'extra' x[0]");
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> answered = new LinkedHashMap<>();
        calls.forEach((params, where) -> {
            String key = params.length() > 100 ? params.substring(0, 100) + "…" : params;
            expected.put(key, ErrorCode.INVALID_PARAMS + " Invalid params: " + where + " " + BOUND);
            answered.put(key, assertTimeoutPreemptively(Duration.ofSeconds(10), () -> outcome(params), params));
        });
        assertEquals(expected, answered);
        assertEquals(List.of(), tools.received);
        assertEquals(List.of(), handled);
    }

    @Test
    void ordinaryNumbersStillBind() {
        String numbers = "[1.5,-3,1e10,12345678901234567890,0,-0.25,1E+3,1e999,-1e-1000," + "9".repeat(1000) + ",0." + "9".repeat(1000) + "]";
        assertEquals("raw {\"n\":" + Json.createReader(new StringReader(numbers)).readArray() + "}",
                text(call("{'name':'raw','arguments':{'data':{'n':" + numbers + "}}}")));
        assertEquals("invoice 1.5 [-3, 12345678901234567890]", text(call("{'name':'invoice','arguments':{'invoice':{'total':1.5,'parts':[-3,12345678901234567890]}}}")));
        assertEquals("integer 12345678901234567890", text(call("{'name':'integer','arguments':{'n':12345678901234567890}}")));
        assertEquals("integer 10000000000", text(call("{'name':'integer','arguments':{'n':1e10}}")));
        assertEquals("decimal 1E+999", text(call("{'name':'decimal','arguments':{'n':1e999}}")));
        assertEquals("number -3", text(call("{'name':'number','arguments':{'n':-3}}")));
        text(call("{'name':'order','arguments':{'order':{'lines':[{'sku':'a','price':1.5,'count':12345678901234567890}],'fees':{'x':-3}}}}"));
        Order order = (Order) tools.received.get(tools.received.size() - 1);
        assertEquals(new Line("a", new BigDecimal("1.5"), new BigInteger("12345678901234567890")), order.lines().get(0));
        assertEquals(Map.of("x", new BigDecimal(-3)), order.fees());
        assertEquals("defined 1E+10", text(call("{'name':'defined','arguments':{'amount':1e10}}")));
        assertEquals(1, handled.size());
    }

    /**
     * An {@link Error} of the author's code is the tool's failure like an exception: a tool error result under a
     * reference (logged with it), not a 500. The JVM's own failures are not the tool's and go on up.
     */
    @Test
    void anErrorOfTheToolsCodeIsAToolErrorUnderAReferenceButTheJvmsOwnIsNot() {
        for (String kind : List.of("assertion", "linkage", "recursion", "wrapped-recursion")) {
            JsonObject result = call("{'name':'fail','arguments':{'kind':'" + kind + "'}}");
            assertTrue(result.getBoolean("isError"), result.toString());
            assertTrue(text(result).matches("Tool fail failed with an internal error \\(reference [0-9a-f-]{36}\\)"), text(result));
        }
        assertThrows(OutOfMemoryError.class, () -> call("{'name':'fail','arguments':{'kind':'memory'}}"));
        assertThrows(OutOfMemoryError.class, () -> call("{'name':'fail','arguments':{'kind':'wrapped-memory'}}"),
                "wrapped, as a session bean's comes, it is the JVM's all the same");
    }

    /**
     * A {@code ToolException} or a parameter violation wrapped on its way out (an EJB container's {@code EJBException},
     * an author's catch) is answered as when thrown as it is; only what holds neither is a failure under a reference.
     */
    @Test
    void whatAToolThrowsWrappedIsAnsweredAsWhenThrownAsItIs() {
        java.util.function.Function<String, String> answer = kind -> {
            JsonObject result = call("{'name':'wrapped','arguments':{'kind':'" + kind + "'}}");
            assertTrue(result.getBoolean("isError"), result.toString());
            return text(result);
        };
        assertEquals("No flight on that day", answer.apply("tool"));
        assertEquals("Invalid arguments for tool wrapped: wrapped.kind: must be a known kind", answer.apply("parameter"));
        assertEquals("Tool wrapped returned a result its constraints refuse: wrapped.<return value>: must not be blank",
                answer.apply("result"));
        for (String kind : List.of("other", "other-method", "entity", "same-name", "ejb-access-inner", "ejb-access-elsewhere")) {
            // not the caller's mistake nor the tool's answer: a failure under a reference, logged
            assertTrue(answer.apply(kind).matches("Tool wrapped failed with an internal error \\(reference [0-9a-f-]{36}\\)"), kind);
        }
        McpException missing = assertThrows(McpException.class, () -> call("{'name':'wrapped','arguments':{'kind':'capability'}}"));
        assertEquals(-32021, missing.code(), missing.getMessage());
        McpMethod call = feature.methods().stream().filter(x -> x.name().equals("tools/call")).findFirst().orElseThrow();
        Exchange refusedCall = Exchange.builder(ProtocolRevision.LATEST_LEGACY, "tools/call")
                .params(Json.createReader(new StringReader("{\"name\":\"wrapped\",\"arguments\":{\"kind\":\"ejb-access\"}}")).readObject())
                .build();
        McpException refused = assertThrows(McpException.class, () -> call.handler().apply(refusedCall));
        assertEquals(dev.jakartamcp.protocol.ErrorCode.FORBIDDEN, refused.code(), refused.getMessage());
        assertEquals("Forbidden: tool wrapped was refused by its EJB container's own security check", refused.getMessage());
        assertEquals(dev.jakartamcp.api.AuditRecord.Outcome.DENIED, refusedCall.observation().outcome(),
                "audited as the caller's refusal, as the README says, not as a failure");
    }

    @Test
    void aToolErrorForAnInvalidArgumentWithinTheBoundIsUnchanged() {
        JsonObject result = call("{'name':'integer','arguments':{'n':1.5}}");
        assertTrue(result.getBoolean("isError"), result.toString());
        assertEquals("Invalid arguments for tool integer: n: must be of type integer but was number", text(result));
        assertEquals(List.of(), tools.received);
    }

    /** The schema of a date-time has a format and a pattern; a value failing both is one violation, the format's. */
    @Test
    void aMalformedDateTimeArgumentIsOneViolation() {
        JsonObject result = call("{'name':'meet','arguments':{'at':'2024-13-99T99:00','instant':'2024-13-99T99:00',"
                + "'local':'2024-13-99T99:00','length':'PT-5M'}}");
        assertTrue(result.getBoolean("isError"), result.toString());
        String localPattern = feature.registry.find("meet").orElseThrow().descriptor().getJsonObject("inputSchema")
                .getJsonObject("properties").getJsonObject("local").getString("pattern");
        // a Duration is described by its pattern alone (JSON Schema's duration format admits no fraction of a second)
        String lengthPattern = feature.registry.find("meet").orElseThrow().descriptor().getJsonObject("inputSchema")
                .getJsonObject("properties").getJsonObject("length").getString("pattern");
        assertEquals("Invalid arguments for tool meet: "
                + "at: must be a valid date-time (RFC 3339, e.g. 2024-05-01T12:00:00Z); "
                + "instant: must be a valid date-time (RFC 3339, e.g. 2024-05-01T12:00:00Z); "
                + "local: must match the pattern " + localPattern + "; "
                + "length: must match the pattern " + lengthPattern, text(result));
        assertEquals(List.of(), tools.received);
    }

    /** The pattern of a LocalDateTime does not match the day against its month: the binder refuses it, naming it. */
    @Test
    void aLocalDateTimeOnADayItsMonthDoesNotHaveIsRefusedNamingTheArgument() {
        String arguments = "'at':'2024-05-01T12:00:00Z','instant':'2024-05-01T12:00:00Z','length':'PT5M'";
        JsonObject inputSchema = feature.registry.find("meet").orElseThrow().descriptor().getJsonObject("inputSchema");
        JsonObject february30 = Json.createReader(new StringReader(("{" + arguments + ",'local':'2024-02-30T00:00:00'}")
                .replace('\'', '"'))).readObject();
        assertEquals(List.of(), dev.jakartamcp.schema.SchemaValidator.validate(inputSchema, february30), "the schema admits it");
        JsonObject result = call("{'name':'meet','arguments':{" + arguments + ",'local':'2024-02-30T00:00:00'}}");
        assertTrue(result.getBoolean("isError"), result.toString());
        assertEquals("Invalid arguments for tool meet: local: must be a date-time without offset, e.g. 2024-05-01T12:00:00",
                text(result));
        assertEquals(List.of(), tools.received);
        assertEquals("meet 2024-05-01T12:00Z 2024-05-01T12:00:00Z 2024-02-29T00:00 PT5M",
                text(call("{'name':'meet','arguments':{" + arguments + ",'local':'2024-02-29T00:00:00'}}")));
    }

    @Test
    void aNullableParameterIsOptionalAndAbsentBindsAsNull() {
        JsonObject schema = feature.registry.find("note").orElseThrow().descriptor().getJsonObject("inputSchema");
        assertEquals(Json.createArrayBuilder().add("text").add("times").build(), schema.getJsonArray("required"), schema.toString());
        assertEquals("hello null 2", text(call("{'name':'note','arguments':{'text':'hello','times':2}}")));
        assertEquals(List.of("no remark"), tools.received);
        assertEquals("hello kind 2", text(call("{'name':'note','arguments':{'text':'hello','remark':'kind','times':2}}")));
        JsonObject withoutTimes = call("{'name':'note','arguments':{'text':'hello'}}");
        assertTrue(withoutTimes.getBoolean("isError"), withoutTimes.toString());
    }

    @Test
    void aResultValueItsSchemasFormatCannotExpressIsAToolErrorNamingTheField() {
        JsonObject schema = feature.registry.find("deadline").orElseThrow().descriptor().getJsonObject("outputSchema");
        // a Duration's schema is a pattern without the duration format, whose RFC 3339 form has no fraction of a second
        JsonObject left = schema.getJsonObject("properties").getJsonObject("left");
        assertTrue(left.containsKey("pattern") && !left.containsKey("format"), left.toString());
        JsonObject fine = call("{'name':'deadline','arguments':{'minutes':5,'year':2030}}");
        assertEquals(Json.createObjectBuilder().add("left", "PT5M").add("due", "2030-01-01").build(), fine.getJsonObject("structuredContent"));
        JsonObject negative = call("{'name':'deadline','arguments':{'minutes':-5,'year':2030}}");
        assertTrue(negative.getBoolean("isError"), negative.toString());
        assertEquals("Tool deadline returned a result it cannot write as its outputSchema says: left is a negative duration,"
                + " which the duration format cannot express", text(negative));
        assertEquals("Tool deadline returned a result it cannot write as its outputSchema says: due has a year outside 0000-9999,"
                + " which RFC 3339 cannot express", text(call("{'name':'deadline','arguments':{'minutes':5,'year':10000}}")));
    }

    /**
     * A class JSON-B binds, inside a record a tool returns, is written as the outputSchema generated from it says, its
     * values checked as a record's are: JSON-B wrote a negative Duration PT-5M, a year 10000 +10000-01-01 and a null
     * item, which broke the schema, and failed on NaN with an internal error.
     */
    @Test
    void aClassJsonbBindsInAResultIsWrittenAsItsOutputSchemaSaysOrIsAToolErrorNamingTheValue() {
        JsonObject outputSchema = feature.registry.find("report").orElseThrow().descriptor().getJsonObject("outputSchema");
        JsonObject fine = call("{'name':'report','arguments':{'fault':'none'}}");
        assertEquals(false, fine.getBoolean("isError"), fine.toString());
        JsonObject structured = fine.getJsonObject("structuredContent");
        assertEquals(List.of(), dev.jakartamcp.schema.SchemaValidator.validate(outputSchema, structured), structured.toString());
        assertEquals(Json.createReader(new StringReader(("{'stats':{'left':'PT5M','due':'2030-01-01','tags':['a','b'],'ratios':{'r':0.5},"
                + "'mood':'GLAD','next':{'left':'PT1S','due':'2030-01-01'},'seen':'2024-05-01T12:00:00Z'}}").replace('\'', '"'))).readObject(),
                structured);
        Map<String, String> answered = new LinkedHashMap<>();
        for (String fault : List.of("negative", "year", "nullTag", "nan", "nested")) {
            JsonObject result = call("{'name':'report','arguments':{'fault':'" + fault + "'}}");
            JsonObject content = result.getJsonObject("structuredContent");
            answered.put(fault, result.getBoolean("isError") + " " + text(result)
                    + (content == null ? "" : " " + dev.jakartamcp.schema.SchemaValidator.validate(outputSchema, content)));
        }
        String unwritable = "true Tool report returned a result it cannot write as its outputSchema says: ";
        assertEquals(Map.of(
                "negative", unwritable + "stats.left is a negative duration, which the duration format cannot express",
                "year", unwritable + "stats.due has a year outside 0000-9999, which RFC 3339 cannot express",
                "nullTag", unwritable + "stats.tags[1] is null, which the outputSchema does not admit there",
                "nan", unwritable + "stats.ratios.r is NaN, which a JSON number cannot express",
                "nested", unwritable + "stats.next.left is a negative duration, which the duration format cannot express"), answered);
    }

    /**
     * A result whose value breaks a keyword a constraint on its type put into the outputSchema (@Min, @Size, @Email,
     * @Pattern, ... on a record component or a JSON-B class's property) is a tool error naming the value, where it was
     * written as structuredContent that contradicts the outputSchema, with isError false.
     */
    @Test
    void aResultBreakingAConstraintOfItsOutputSchemaIsAToolErrorNamingTheValue() {
        JsonObject outputSchema = feature.registry.find("week").orElseThrow().descriptor().getJsonObject("outputSchema");
        JsonObject fine = call("{'name':'week','arguments':{'fault':'none'}}");
        assertEquals(false, fine.getBoolean("isError"), fine.toString());
        assertEquals(List.of(), dev.jakartamcp.schema.SchemaValidator.validate(outputSchema, fine.getJsonObject("structuredContent")));
        Map<String, String> answered = new LinkedHashMap<>();
        for (String fault : List.of("cold", "blank", "long", "contact", "code", "height", "cold+contact")) {
            answered.put(fault, call("{'name':'week','arguments':{'fault':'" + fault + "'}}").toString());
        }
        String unwritable = "Tool week returned a result it cannot write as its outputSchema says: ";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("cold", "days[2].temperature must be >= -90");
        expected.put("blank", "days[4].summary must not be blank");
        expected.put("long", "days must have at most 7 items");
        expected.put("contact", "contact must be a valid email address");
        expected.put("code", "station.code must match the pattern ^(?:[A-Z]{4})$");
        expected.put("height", "station.height must be >= 0");
        expected.put("cold+contact", "days[2].temperature must be >= -90; contact must be a valid email address");
        expected.replaceAll((fault, message) -> ToolResults.error(unwritable + message).toString());
        assertEquals(expected, answered);
    }

    /** A class JSON-B binds whose field has no schema mapping (java.util.Date). */
    public static class Legacy {
        public java.util.Date when = new java.util.Date(0);
        public String what = "epoch";
    }

    public static class LegacyTools {
        @Tool
        public Legacy legacy() {
            return new Legacy();
        }
    }

    /**
     * A tool returning a class JSON-B binds that the schema generator cannot describe deploys as before such classes
     * got schemas: no outputSchema, its result written by JSON-B as structuredContent.
     */
    @Test
    void aClassTheGeneratorCannotDescribeGetsNoOutputSchemaAndIsWrittenByJsonb() {
        ToolsFeature legacy = featureOver(new LegacyTools());
        assertNull(legacy.registry.find("legacy").orElseThrow().descriptor().get("outputSchema"));
        JsonObject result = callOn(legacy, "{'name':'legacy','arguments':{}}");
        assertEquals(false, result.getBoolean("isError"), result.toString());
        assertEquals("epoch", result.getJsonObject("structuredContent").getString("what"));
    }

    /** A generic superclass's tool, its type variable bound by the bean class. */
    public abstract static class CrudTools<T> {
        @Tool
        public String delete(@Arg(name = "item") T item) {
            return "deleted " + describe(item);
        }

        @Tool
        public T echo(@Arg(name = "item") T item) {
            return item;
        }

        abstract String describe(T item);
    }

    public static class OrderCrud extends CrudTools<Deadline> {
        @Override
        String describe(Deadline item) {
            return item.left() + " " + item.due();
        }
    }

    /**
     * A tool a generic superclass declares takes and returns the type the bean class binds its variable to: the schema
     * describes a Deadline, the argument is bound as one. Before, the schema of T was {} (anything), the argument was
     * bound as a map, and the bean class's code, which takes a Deadline, failed with a ClassCastException, an internal
     * error.
     */
    @Test
    void aGenericSuperclassesToolTakesAndReturnsTheTypeTheBeanClassBinds() {
        ToolsFeature crud = featureOver(new OrderCrud());
        JsonObject schema = crud.registry.find("delete").orElseThrow().descriptor().getJsonObject("inputSchema");
        assertEquals("#/$defs/Deadline", schema.getJsonObject("properties").getJsonObject("item").getString("$ref"), schema.toString());
        assertEquals(List.of("left", "due"), List.copyOf(schema.getJsonObject("$defs").getJsonObject("Deadline").getJsonObject("properties").keySet()));
        JsonObject deleted = callOn(crud, "{'name':'delete','arguments':{'item':{'left':'PT5M','due':'2030-01-01'}}}");
        assertEquals(false, deleted.getBoolean("isError"), deleted.toString());
        assertEquals("deleted PT5M 2030-01-01", text(deleted));
        JsonObject output = crud.registry.find("echo").orElseThrow().descriptor().getJsonObject("outputSchema");
        assertEquals(List.of("left", "due"), List.copyOf(output.getJsonObject("properties").keySet()), String.valueOf(output));
        JsonObject echoed = callOn(crud, "{'name':'echo','arguments':{'item':{'left':'PT5M','due':'2030-01-01'}}}");
        assertEquals(Json.createObjectBuilder().add("left", "PT5M").add("due", "2030-01-01").build(), echoed.getJsonObject("structuredContent"));
    }

    /**
     * A tool returning a class JSON-B binds gets the outputSchema generated from the class, as a record's tool does: its
     * structuredContent is written and checked as that schema says. Before, it had structuredContent and no outputSchema.
     */
    /**
     * A list or map of the author's own class has no outputSchema, as a JDK one has none: it was described as a bean
     * (with the property "empty" of isEmpty()), against which every result it wrote failed.
     */
    @Test
    void aToolReturningItsOwnCollectionOrMapHasNoOutputSchemaAndAnswers() {
        for (String name : List.of("stations", "labels")) {
            assertFalse(feature.registry.find(name).orElseThrow().descriptor().containsKey("outputSchema"), name);
        }
        JsonObject page = call("{'name':'stations','arguments':{}}");
        assertEquals(false, page.getBoolean("isError"), page.toString());
        assertEquals("[{\"code\":\"EGLL\",\"height\":25}]", text(page));
        JsonObject labels = call("{'name':'labels','arguments':{}}");
        assertEquals(false, labels.getBoolean("isError"), labels.toString());
        assertEquals("{\"empty\":\"no\"}", text(labels));
    }

    @Test
    void aToolReturningAClassJsonbBindsGetsItsOutputSchemaAndItsResultsAreCheckedAgainstIt() {
        JsonObject outputSchema = feature.registry.find("station").orElseThrow().descriptor().getJsonObject("outputSchema");
        assertEquals(Json.createReader(new StringReader(("{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'object',"
                + "'properties':{'code':{'type':'string','pattern':'^(?:[A-Z]{4})$'},"
                + "'height':{'type':'integer','minimum':0,'maximum':2147483647}}}").replace('\'', '"'))).readObject(), outputSchema);
        JsonObject fine = call("{'name':'station','arguments':{'code':'EGLL','height':25}}");
        assertEquals(false, fine.getBoolean("isError"), fine.toString());
        assertEquals(Json.createObjectBuilder().add("code", "EGLL").add("height", 25).build(), fine.getJsonObject("structuredContent"));
        assertEquals(ToolResults.error("Tool station returned a result it cannot write as its outputSchema says: height must be >= 0"),
                call("{'name':'station','arguments':{'code':'EGLL','height':-1}}"));
    }

    /**
     * A NaN or infinity in a class JSON-B binds, in a ToolResult's structuredContent (no schema: JSON-B writes it), is the
     * tool error naming the value that it is everywhere else, where JSON-B's failure on it was an internal error.
     */
    @Test
    void aResultNestingTooDeepIsAToolErrorNamingWhereItStarts() {
        assertFalse(call("{'name':'nested','arguments':{'depth':50}}").getBoolean("isError"));
        JsonObject tooDeep = call("{'name':'nested','arguments':{'depth':150}}");
        assertTrue(tooDeep.getBoolean("isError"));
        assertEquals("Tool nested returned a result it cannot write: " + "[0]".repeat(16) + "… nests more than 100 levels deep (a cycle?)",
                text(tooDeep));
    }

    @Test
    void aNaNInAClassJsonbBindsInAToolResultsStructuredContentIsAToolErrorNamingTheValue() {
        Map<String, String> answered = new LinkedHashMap<>();
        for (String arguments : List.of("'ratio':'NaN','inMap':false", "'ratio':'-Infinity','inMap':true", "'ratio':'0.5','inMap':true")) {
            JsonObject result = call("{'name':'summary','arguments':{" + arguments + "}}");
            answered.put(arguments, result.getBoolean("isError") + " " + (result.getBoolean("isError") ? text(result)
                    : result.getJsonObject("structuredContent").toString()));
        }
        String unwritable = "true Tool summary returned a result it cannot write: ";
        assertEquals(Map.of(
                "'ratio':'NaN','inMap':false", unwritable + "ratios.r is NaN, which a JSON number cannot express",
                "'ratio':'-Infinity','inMap':true", unwritable + "stats.ratios.r is -Infinity, which a JSON number cannot express",
                "'ratio':'0.5','inMap':true", "false {\"stats\":{\"ratios\":{\"r\":0.5}}}"), answered);
    }

    @Test
    void aNullItemOfAGenericRecordIsAToolErrorWhereTheOutputSchemaHasTheTypeArgument() {
        JsonObject schema = feature.registry.find("page").orElseThrow().descriptor().getJsonObject("outputSchema");
        assertEquals("string", schema.getJsonObject("properties").getJsonObject("items").getJsonObject("items").getString("type"));
        JsonObject fine = call("{'name':'page','arguments':{'missing':'none'}}");
        assertEquals("{\"items\":[\"a\",\"b\"],\"byKey\":{\"k\":\"v\"}}", fine.getJsonObject("structuredContent").toString());
        assertEquals("Tool page returned a result it cannot write as its outputSchema says: items[1] is null,"
                + " which the outputSchema does not admit there", text(call("{'name':'page','arguments':{'missing':'items'}}")));
        assertEquals("Tool page returned a result it cannot write as its outputSchema says: byKey.k is null,"
                + " which the outputSchema does not admit there", text(call("{'name':'page','arguments':{'missing':'byKey'}}")));
    }

    /** The JSON-RPC error, or the tool's result and what reached the tool. */
    private String outcome(String params) {
        int before = tools.received.size() + handled.size();
        try {
            JsonObject result = call(params);
            String text = text(result);
            return "result " + result.getBoolean("isError", false) + " " + (text.length() > 100 ? text.substring(0, 100) + "…" : text)
                    + (tools.received.size() + handled.size() > before ? " (reached the tool)" : "");
        } catch (McpException e) {
            return e.code() + " " + e.getMessage();
        }
    }

    private JsonObject call(String params) {
        McpMethod m = feature.methods().stream().filter(x -> x.name().equals("tools/call")).findFirst().orElseThrow();
        JsonObject json = Json.createReader(new StringReader(params.replace('\'', '"'))).readObject();
        return m.handler().apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "tools/call").params(json).build());
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    /** What the tasks extension asks on every tasks/get and tasks/update: the live overrides decide. */
    @Test
    void whetherACallerMayUseAToolFollowsTheOperatorsLiveOverrides() {
        dev.jakartamcp.protocol.Caller deployer = new dev.jakartamcp.protocol.Caller("https://issuer.example", "alice",
                java.util.Set.of("deployer"), Map.of(), java.time.Instant.now().plusSeconds(300), "127.0.0.1");
        assertTrue(feature.mayUse(deployer, "order"));
        config.put("mcp.tools.order.roles", "admin");
        org.junit.jupiter.api.Assertions.assertFalse(feature.mayUse(deployer, "order"), "its roles changed");
        config.put("mcp.tools.order.roles", "deployer");
        assertTrue(feature.mayUse(deployer, "order"));
        config.put("mcp.tools.order.enabled", "false");
        org.junit.jupiter.api.Assertions.assertFalse(feature.mayUse(deployer, "order"), "switched off");
        org.junit.jupiter.api.Assertions.assertFalse(feature.mayUse(deployer, "no_such_tool"));
    }

    /** What the task runner asks of the tools of running tasks: on and present, whoever asks; roles do not matter. */
    @Test
    void whetherAToolIsOnFollowsTheOperatorsSwitchNotItsRoles() {
        assertTrue(feature.isOn("order"));
        config.put("mcp.tools.order.roles", "nobody_has_this");
        assertTrue(feature.isOn("order"), "roles do not switch a tool off");
        config.put("mcp.tools.order.enabled", "false");
        org.junit.jupiter.api.Assertions.assertFalse(feature.isOn("order"), "switched off");
        config.put("mcp.tools.order.enabled", "true");
        assertTrue(feature.isOn("order"));
        org.junit.jupiter.api.Assertions.assertFalse(feature.isOn("no_such_tool"));
    }

    static class Reports {
        final List<String> prepared = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Tool(task = dev.jakartamcp.api.TaskSupport.OPTIONAL)
        public dev.jakartamcp.api.TaskWork<String> report(@Arg(name = "quarter") String quarter) {
            prepared.add(quarter);
            return task -> "report of " + quarter;
        }
    }

    /**
     * A call that would create a task beyond the task limits is refused before it spends the tool's rate limit or runs
     * its prepare step: the refusal came from the task's start, after both, and the retry its Retry-After asked for
     * found the day's only use spent (and the user was asked the prepare step's questions for nothing).
     */
    @Test
    void aCallRefusedByTheTaskLimitsSpendsNoUseAndPreparesNothing() {
        config.put("mcp.tools.report.rate-limit", "1/P1D");
        Reports reports = new Reports();
        ToolsFeature feature = featureOver(reports);
        List<String> checked = new java.util.concurrent.CopyOnWriteArrayList<>();
        feature.runner = new dev.jakartamcp.tasks.TaskRunner() {
            @Override
            public void checkRoom(Exchange request) {
                checked.add(request.caller().quotaKey());
                throw McpException.rateLimited("Too Many Requests: a caller holds at most 1 tasks (mcp.tasks.max-per-caller)",
                        java.time.Duration.ofMinutes(5));
            }
        };
        McpMethod call = feature.methods().stream().filter(x -> x.name().equals("tools/call")).findFirst().orElseThrow();
        JsonObject params = Json.createReader(new StringReader("{\"name\":\"report\",\"arguments\":{\"quarter\":\"Q3\"}}")).readObject();
        JsonObject withTasks = Json.createObjectBuilder().add("extensions", Json.createObjectBuilder()
                .add(TasksExtension.ID, Json.createObjectBuilder())).build();
        McpException refused = assertThrows(McpException.class, () -> call.handler().apply(Exchange.builder(ProtocolRevision.LATEST, "tools/call")
                .params(params).clientCapabilities(withTasks).build()));
        assertEquals(McpException.Reason.RATE_LIMITED, refused.reason());
        assertTrue(refused.getMessage().contains("mcp.tasks.max-per-caller"), refused.getMessage());
        assertEquals(1, checked.size());
        assertEquals(List.of(), reports.prepared, "the prepare step did not run");

        // the day's one use is still there: a call that is no task (the extension not declared) runs
        JsonObject result = call.handler().apply(Exchange.builder(ProtocolRevision.LATEST, "tools/call").params(params).build());
        assertEquals("report of Q3", result.getJsonArray("content").getJsonObject(0).getString("text"), result.toString());
        assertEquals(1, checked.size(), "no task, no room to check");
    }

    static class RefusedWork {
        @Tool(task = dev.jakartamcp.api.TaskSupport.OPTIONAL)
        public dev.jakartamcp.api.TaskWork<String> report(@Arg(name = "quarter") String quarter) {
            // another bean the work called refused it (a missing @RunAs): the tool's own failure
            return task -> {
                throw new jakarta.ejb.EJBAccessException("Client not authorized for this invocation");
            };
        }
    }

    /**
     * The work a tool returned runs after its method returned, so no frame of the method is on the stack of an
     * {@code EJBAccessException} thrown there: it is another bean's refusal all the same, the tool's own failure. Before,
     * it was answered as the caller's (403, -31403, audited as denied), in a task and out of one.
     */
    @Test
    void anEjbAccessExceptionOutOfATaskWorkIsTheToolsOwnFailure() {
        ToolsFeature feature = featureOver(new RefusedWork());
        List<JsonObject> taskResults = new ArrayList<>();
        feature.runner = new dev.jakartamcp.tasks.TaskRunner() {
            @Override
            public void checkRoom(Exchange request) {
            }

            @Override
            public JsonObject start(Exchange request, String toolName, Work work) {
                try {
                    taskResults.add(work.run(new dev.jakartamcp.beans.ExchangeContext(request)));
                } catch (Exception e) {
                    throw new AssertionError("the task's work failed instead of answering with a tool error", e);
                }
                return JsonValue.EMPTY_JSON_OBJECT;
            }
        };
        McpMethod call = feature.methods().stream().filter(x -> x.name().equals("tools/call")).findFirst().orElseThrow();
        JsonObject params = Json.createReader(new StringReader("{\"name\":\"report\",\"arguments\":{\"quarter\":\"Q3\"}}")).readObject();
        Exchange direct = Exchange.builder(ProtocolRevision.LATEST, "tools/call").params(params).build();
        JsonObject result = call.handler().apply(direct);
        assertTrue(text(result).matches("Tool report failed with an internal error \\(reference [0-9a-f-]{36}\\)"), result.toString());
        assertEquals(dev.jakartamcp.api.AuditRecord.Outcome.TOOL_ERROR, direct.observation().outcome());

        JsonObject withTasks = Json.createObjectBuilder().add("extensions", Json.createObjectBuilder()
                .add(TasksExtension.ID, Json.createObjectBuilder())).build();
        call.handler().apply(Exchange.builder(ProtocolRevision.LATEST, "tools/call").params(params).clientCapabilities(withTasks).build());
        assertEquals(1, taskResults.size());
        assertTrue(text(taskResults.get(0)).matches("Tool report failed with an internal error \\(reference [0-9a-f-]{36}\\)"),
                taskResults.toString());
    }

    static class Regional {
        @Tool
        public String route(@Arg(name = "region", header = "Region") String region) {
            return region;
        }
    }

    /**
     * A 2026-07-28 call whose Mcp-Param header differs from its argument (HeaderMismatch) spends none of the tool's rate
     * limit: the client re-reads tools/list and sends it again, as streamable-http asks, and that call runs.
     */
    @Test
    void aHeaderMismatchSpendsNoneOfTheToolsRateLimit() {
        config.put("mcp.tools.route.rate-limit", "1/PT1H");
        ToolsFeature regional = featureOver(new Regional());
        McpMethod call = regional.methods().stream().filter(x -> x.name().equals("tools/call")).findFirst().orElseThrow();
        JsonObject params = Json.createReader(new StringReader("{\"name\":\"route\",\"arguments\":{\"region\":\"us-west1\"}}")).readObject();
        Exchange mismatched = Exchange.builder(ProtocolRevision.LATEST, "tools/call").params(params)
                .paramHeaders(Map.of("region", "eu-west1")).build();
        McpException mismatch = assertThrows(McpException.class, () -> call.handler().apply(mismatched));
        assertEquals(ErrorCode.HEADER_MISMATCH, mismatch.code());
        assertEquals(dev.jakartamcp.api.AuditRecord.Outcome.INVALID, mismatched.observation().outcome());
        assertEquals("header_mismatch", mismatched.observation().reason(), "as a mismatch of Mcp-Method or Mcp-Name is");
        JsonObject result = call.handler().apply(Exchange.builder(ProtocolRevision.LATEST, "tools/call")
                .params(params).paramHeaders(Map.of("region", "us-west1")).build());
        assertEquals("us-west1", result.getJsonArray("content").getJsonObject(0).getString("text"), result.toString());
    }

    private static JsonObject callOn(ToolsFeature feature, String params) {
        McpMethod m = feature.methods().stream().filter(x -> x.name().equals("tools/call")).findFirst().orElseThrow();
        JsonObject json = Json.createReader(new StringReader(params.replace('\'', '"'))).readObject();
        return m.handler().apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "tools/call").params(json).build());
    }

    private ToolsFeature featureOver(Object bean) {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        ToolsFeature feature = new ToolsFeature();
        feature.registry = new TestBeans(bean).registry(new ToolRegistry(), settings);
        feature.pipeline = Pipelines.create(settings);
        feature.overrides = Pipelines.overrides(settings);
        feature.tasks = new TasksExtension();
        return feature;
    }

    private ToolsFeature feature() {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        TestBeans beans = new TestBeans(tools);
        ToolRegistry registry = beans.registry(new ToolRegistry(), settings);
        registry.register(ToolDefinition.builder("defined").property("amount", BigDecimal.class, null, true)
                .handler((arguments, context) -> {
                    handled.add(arguments.json());
                    return "defined " + arguments.json().get("amount");
                }).build());
        ToolsFeature feature = new ToolsFeature();
        feature.registry = registry;
        feature.pipeline = Pipelines.create(settings);
        feature.overrides = Pipelines.overrides(settings);
        feature.tasks = new TasksExtension();
        return feature;
    }
}
