package dev.jakartamcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.resources.ResourceRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.json.Json;
import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A parameter or result type no call could ever bind or write fails the deployment, naming the item and the method. */
class UnusableTypesTest {

    private static final McpSettings SETTINGS = new McpSettings(key -> Optional.empty());

    public record Point(int x, int y) {
    }

    public record Shape(TreeSet<Point> corners) {
    }

    public record Running(Thread thread) {
    }

    public static class NoDefaultConstructor {
        public String name;

        public NoDefaultConstructor(String name) {
            this.name = name;
        }
    }

    public static class SortedPoints {
        public SortedSet<Point> points;
    }

    public static class Fine {
        public Set<Point> points;
        public ConcurrentMap<String, Integer> counts; // JSON-B fills this one itself

        protected Fine() {
        }
    }

    public static class Created {
        public final String name;

        @JsonbCreator
        public Created(@JsonbProperty("name") String name) {
            this.name = name;
        }
    }

    static class BeanWithoutConstructor {
        @Tool
        public String save(@Arg(name = "value") NoDefaultConstructor value) {
            return "saved";
        }
    }

    static class ConcurrentMapParameter {
        @Tool(name = "count_words")
        public String count(@Arg(name = "counts") ConcurrentMap<String, Integer> counts) {
            return "counted";
        }
    }

    static class ConcurrentNavigableMapParameter {
        @Tool
        public String index(@Arg(name = "index") ConcurrentNavigableMap<String, Integer> index) {
            return "indexed";
        }
    }

    public record Link(String title, java.net.URL target) {
    }

    static class SetOfUrls {
        @Tool
        public String visit(@Arg(name = "links") java.util.Set<java.net.URL> links) {
            return "visited";
        }
    }

    static class SetOfRecordsWithUrls {
        @Tool
        public String visit(@Arg(name = "links") java.util.Set<Link> links) {
            return "visited";
        }
    }

    static class ListOfUrls {
        @Tool
        public String visit(@Arg(name = "links") List<java.net.URL> links, @Arg(name = "more") List<Link> more) {
            return "visited";
        }
    }

    public static class BaseTools {
        @Tool
        public String ping() {
            return "pong";
        }
    }

    public static class MoreTools extends BaseTools {
    }

    static class SortedSetOfRecords {
        @Tool
        public String draw(@Arg(name = "points") SortedSet<Point> points) {
            return "drawn";
        }
    }

    static class TreeSetInARecord {
        @Tool
        public String shape(@Arg(name = "shape") Shape shape) {
            return "shaped";
        }
    }

    static class SortedSetInABean {
        @Tool
        public String plot(@Arg(name = "plot") SortedPoints plot) {
            return "plotted";
        }
    }

    static class UnmappableParameter {
        @Tool
        public String join(@Arg(name = "worker") Thread worker) {
            return "joined";
        }
    }

    static class UnmappableMapKey {
        @Tool
        public String tally(@Arg(name = "byNumber") List<Map<Integer, String>> byNumber) {
            return "tallied";
        }
    }

    static class UnmappableResult {
        @Tool
        public Running start() {
            return new Running(Thread.currentThread());
        }
    }

    static class Usable {
        @Tool
        public String use(@Arg(name = "fine") Fine fine, @Arg(name = "created") Created created,
                          @Arg(name = "names") SortedSet<String> names, @Arg(name = "byName") SortedMap<String, Point> byName,
                          @Arg(name = "counts") ConcurrentHashMap<String, Integer> counts, @Arg(name = "list") List<Map<String, Point>> list) {
            return "used";
        }
    }

    static class UnusablePrompt {
        @Prompt
        public String greet(@Arg(name = "counts") ConcurrentMap<String, String> counts) {
            return "hello";
        }
    }

    static class UnusableTemplate {
        @McpResourceTemplate(uriTemplate = "items://{item}")
        public String item(@Arg(name = "item") NoDefaultConstructor item) {
            return "item";
        }
    }

    /** Every such error names the tool, the method and the parameter (its MCP name and Java type) or the result. */
    @Test
    void aToolWhoseParameterOrResultCannotWorkFailsTheDeploymentNamingIt() {
        String jsonb = "JSON-B cannot create a NoDefaultConstructor: it has no public or protected constructor without parameters"
                + " and no @JsonbCreator";
        assertEquals("MCP tool 'save' (" + BeanWithoutConstructor.class.getName() + "#save) cannot work: parameter 'value' (NoDefaultConstructor): " + jsonb,
                toolDeploymentError(new BeanWithoutConstructor()));
        assertEquals("MCP tool 'count_words' (" + ConcurrentMapParameter.class.getName() + "#count) cannot work: parameter 'counts'"
                        + " (ConcurrentMap<String, Integer>): the binder has no implementation of ConcurrentMap to fill; declare Map,"
                        + " SortedMap or a class with a public constructor without parameters",
                toolDeploymentError(new ConcurrentMapParameter()));
        assertEquals("MCP tool 'index' (" + ConcurrentNavigableMapParameter.class.getName() + "#index) cannot work: parameter 'index'"
                        + " (ConcurrentNavigableMap<String, Integer>): the binder has no implementation of ConcurrentNavigableMap to fill; declare Map, SortedMap or a class with a"
                        + " public constructor without parameters",
                toolDeploymentError(new ConcurrentNavigableMapParameter()));
        assertEquals("Duplicate MCP tool name 'ping': " + BaseTools.class.getName() + "#ping and " + BaseTools.class.getName()
                + "#ping (bean " + MoreTools.class.getName() + ")", toolDeploymentError(new BaseTools(), new MoreTools()),
                "a method two beans inherit is named with the bean that has it");
        String hashed = " compares its items by hashCode and equals, which for java.net.URL resolve its host name (a DNS lookup of"
                + " each item a caller sends); declare java.net.URI";
        assertEquals("MCP tool 'visit' (" + SetOfUrls.class.getName() + "#visit) cannot work: parameter 'links' (Set<URL>): Set" + hashed,
                toolDeploymentError(new SetOfUrls()));
        assertEquals("MCP tool 'visit' (" + SetOfRecordsWithUrls.class.getName() + "#visit) cannot work: parameter 'links' (Set<Link>): Set"
                + hashed, toolDeploymentError(new SetOfRecordsWithUrls()));
        assertEquals(1, registry(new ListOfUrls()).all().size(), "a list hashes nothing while it is bound");
        String sorted = " keeps its items sorted, and Point is not Comparable; declare a Set or a List";
        assertEquals("MCP tool 'draw' (" + SortedSetOfRecords.class.getName() + "#draw) cannot work: parameter 'points'"
                        + " (SortedSet<Point>): SortedSet" + sorted,
                toolDeploymentError(new SortedSetOfRecords()));
        assertEquals("MCP tool 'shape' (" + TreeSetInARecord.class.getName() + "#shape) cannot work: parameter 'shape' (Shape): TreeSet" + sorted,
                toolDeploymentError(new TreeSetInARecord()));
        assertEquals("MCP tool 'plot' (" + SortedSetInABean.class.getName() + "#plot) cannot work: parameter 'plot' (SortedPoints): SortedSet" + sorted,
                toolDeploymentError(new SortedSetInABean()));
        assertEquals("MCP tool 'start' (" + UnmappableResult.class.getName() + "#start) cannot work: its result (Running):"
                + " No JSON Schema mapping for java.lang.Thread", toolDeploymentError(new UnmappableResult()));
        assertEquals("MCP tool 'join' (" + UnmappableParameter.class.getName() + "#join) cannot work: parameter 'worker' (Thread):"
                + " No JSON Schema mapping for java.lang.Thread", toolDeploymentError(new UnmappableParameter()));
        assertEquals("MCP tool 'tally' (" + UnmappableMapKey.class.getName() + "#tally) cannot work: parameter 'byNumber'"
                        + " (List<Map<Integer, String>>): Map keys must be String or an enum: java.util.Map<java.lang.Integer, java.lang.String>",
                toolDeploymentError(new UnmappableMapKey()));
    }

    public record Address(@Arg(name = "zip_code") String zip) {
    }

    static class RenamingArg {
        @Tool
        public String ship(@Arg(name = "to") Address to) {
            return "shipped";
        }
    }

    @Test
    void argNamingARecordComponentFailsTheDeploymentNamingTheToolAndTheComponent() {
        assertEquals("MCP tool 'ship' (" + RenamingArg.class.getName() + "#ship) cannot work: parameter 'to' (Address):"
                        + " @Arg(name = \"zip_code\") on Address.zip does not rename a record component or a field;"
                        + " use @JsonbProperty(\"zip_code\"), which the binder and JSON-B both follow",
                toolDeploymentError(new RenamingArg()));
    }

    public record Node<T>(T value, Node<List<T>> next) {
    }

    static class GrowingParameter {
        @Tool
        public String walk(@Arg(name = "start") Node<String> start) {
            return "walked";
        }
    }

    static class GrowingResult {
        @Tool
        public Node<String> grow() {
            return new Node<>("seed", null);
        }
    }

    /** Such a type would be followed level by level until the stack overflows, at deployment. */
    @Test
    void aTypeGrowingWithEachLevelOfItsRecursionFailsTheDeploymentNamingIt() {
        String grows = "Node grows with each level of its own recursion (Node<String> holds a Node<List<String>>, which holds a"
                + " larger one again): no schema can describe it; let the recursive component keep its type arguments (Node<T>)";
        assertEquals("MCP tool 'walk' (" + GrowingParameter.class.getName() + "#walk) cannot work: parameter 'start' (Node<String>): "
                + grows, toolDeploymentError(new GrowingParameter()));
        assertEquals("MCP tool 'grow' (" + GrowingResult.class.getName() + "#grow) cannot work: its result (Node<String>): " + grows,
                toolDeploymentError(new GrowingResult()));
    }

    static class JavaOnlyPattern {
        @Tool
        public String find(@Arg(name = "code") @jakarta.validation.constraints.Pattern(regexp = "(?i)[a-z]{3}") String code) {
            return "found";
        }
    }

    @Test
    void aPatternInJavaOnlySyntaxFailsTheDeploymentNamingTheConstruct() {
        assertEquals("MCP tool 'find' (" + JavaOnlyPattern.class.getName() + "#find) cannot work: parameter 'code' (String):"
                + " @Pattern(regexp = \"(?i)[a-z]{3}\") uses inline flags ((?i)), which JSON Schema's pattern (ECMA-262) does not"
                + " have or reads otherwise; write it in the syntax both share", toolDeploymentError(new JavaOnlyPattern()));
    }

    public record Code(@jakarta.validation.constraints.Pattern(regexp = "[a-z]{3}",
            flags = {jakarta.validation.constraints.Pattern.Flag.CASE_INSENSITIVE, jakarta.validation.constraints.Pattern.Flag.DOTALL})
                       String value) {
    }

    static class FlaggedPattern {
        @Tool
        public String find(@Arg(name = "code") Code code) {
            return "found";
        }
    }

    /** JSON Schema's pattern has no flags: left out, the constraint was unknown to clients and unchecked in a record component. */
    @Test
    void aPatternWithFlagsFailsTheDeploymentNamingThem() {
        assertEquals("MCP tool 'find' (" + FlaggedPattern.class.getName() + "#find) cannot work: parameter 'code' (Code):"
                + " @Pattern(regexp = \"[a-z]{3}\", flags = CASE_INSENSITIVE, DOTALL) has flags, which JSON Schema's pattern"
                + " (ECMA-262) cannot carry, so clients would match without them; write what they do into the regexp ([A-Za-z]"
                + " for CASE_INSENSITIVE, [\\s\\S] for DOTALL's .)", toolDeploymentError(new FlaggedPattern()));
    }

    @Test
    void typesTheBinderAndJsonbCanFillStillDeploy() {
        assertEquals(List.of("use"), registry(new Usable()).all().stream().map(RegisteredTool::name).toList());
    }

    @Test
    void aPromptOrResourceTemplateWhoseParameterCannotWorkFailsTheDeploymentNamingIt() {
        assertEquals("MCP prompt 'greet' (" + UnusablePrompt.class.getName() + "#greet) cannot work: parameter 'counts'"
                        + " (ConcurrentMap<String, String>): the binder has no implementation of ConcurrentMap to fill; declare Map,"
                        + " SortedMap or a class with a public constructor without parameters",
                assertThrows(DefinitionException.class, () -> new TestBeans(new UnusablePrompt()).registry(new PromptRegistry(), SETTINGS))
                        .getMessage());
        assertEquals("MCP resource template 'items://{item}' (" + UnusableTemplate.class.getName() + "#item) cannot work:"
                        + " parameter 'item' (NoDefaultConstructor): JSON-B cannot create a NoDefaultConstructor: it has no public or protected constructor"
                        + " without parameters and no @JsonbCreator",
                assertThrows(DefinitionException.class, () -> new TestBeans(new UnusableTemplate()).registry(new ResourceRegistry(), SETTINGS))
                        .getMessage());
    }

    static class AsyncTool {
        @Tool
        public CompletableFuture<String> fetch() {
            return CompletableFuture.completedFuture("fetched");
        }
    }

    static class AsyncPrompt {
        @Prompt
        public CompletionStage<String> greet() {
            return CompletableFuture.completedFuture("hello");
        }
    }

    static class AsyncResource {
        @McpResource(uri = "x://later")
        public Future<String> later() {
            return CompletableFuture.completedFuture("later");
        }
    }

    static class AsyncTemplate {
        @McpResourceTemplate(uriTemplate = "x://later/{id}")
        public CompletableFuture<String> later(@Arg(name = "id") String id) {
            return CompletableFuture.completedFuture(id);
        }
    }

    static class OptionalAsyncTool {
        @Tool
        public Optional<CompletableFuture<String>> fetch() {
            return Optional.of(CompletableFuture.completedFuture("fetched"));
        }
    }

    static class OptionalAsyncPrompt {
        @Prompt
        public Optional<CompletionStage<String>> greet() {
            return Optional.of(CompletableFuture.completedFuture("hello"));
        }
    }

    static class OptionalAsyncResource {
        @McpResource(uri = "x://later")
        public Optional<Future<String>> later() {
            return Optional.of(CompletableFuture.completedFuture("later"));
        }
    }

    /** An Optional answers as its value, which here would be the future object: it fails the deployment as a bare one does. */
    @Test
    void aMethodReturningAFutureInAnOptionalFailsTheDeploymentNamingIt() {
        String async = " is asynchronous, which is not supported: the method already runs on the server's managed executor;"
                + " return the value itself";
        assertEquals("MCP tool 'fetch' (" + OptionalAsyncTool.class.getName() + "#fetch) cannot work: its result (CompletableFuture"
                + " in an Optional)" + async + " (a long-running tool returns TaskWork or runs as a task)", toolDeploymentError(new OptionalAsyncTool()));
        assertEquals("MCP prompt 'greet' (" + OptionalAsyncPrompt.class.getName() + "#greet) cannot work: its result (CompletionStage"
                        + " in an Optional)" + async,
                assertThrows(DefinitionException.class, () -> new TestBeans(new OptionalAsyncPrompt()).registry(new PromptRegistry(), SETTINGS))
                        .getMessage());
        assertEquals("MCP resource 'x://later' (" + OptionalAsyncResource.class.getName() + "#later) cannot work: its result (Future"
                        + " in an Optional)" + async,
                assertThrows(DefinitionException.class, () -> new TestBeans(new OptionalAsyncResource()).registry(new ResourceRegistry(), SETTINGS))
                        .getMessage());
    }

    static class StreamTools {
        @Tool
        public java.util.stream.Stream<String> names() {
            return java.util.stream.Stream.of("a", "b");
        }
    }

    static class IteratorTools {
        @Tool
        public java.util.Iterator<String> names() {
            return List.of("a", "b").iterator();
        }
    }

    static class InputStreamTools {
        @Tool
        public java.io.ByteArrayInputStream file() {
            return new java.io.ByteArrayInputStream(new byte[] {1, 2});
        }
    }

    static class OptionalReaderTools {
        @Tool
        public Optional<java.io.Reader> text() {
            return Optional.of(new java.io.StringReader("text"));
        }
    }

    static class StreamFetching extends Fetching<java.util.stream.IntStream> {
    }

    static class StreamPrompt {
        @Prompt
        public java.util.stream.Stream<String> greet() {
            return java.util.stream.Stream.of("hello");
        }
    }

    static class InputStreamResource {
        @McpResource(uri = "x://file")
        public java.io.InputStream file() {
            return new java.io.ByteArrayInputStream(new byte[] {1, 2});
        }
    }

    static class IteratorTemplate {
        @McpResourceTemplate(uriTemplate = "x://lines/{id}")
        public java.util.Iterator<String> lines(@Arg(name = "id") String id) {
            return List.of(id).iterator();
        }
    }

    /**
     * A stream is read once, as it is consumed: JSON-B failed on every call to write a Stream or an Iterator (an internal
     * error), wrote an InputStream as {} (success, its bytes lost), and a prompt or resource wrote its toString(). Now
     * such a result fails the deployment naming the item and the result.
     */
    @Test
    void aMethodReturningAStreamFailsTheDeploymentNamingIt() {
        String unwritable = ", read once as it is consumed, which the server cannot write (it would fail on every call, or lose what"
                + " it holds); read it in the method and return what it holds (a List, a String, a byte[])";
        assertEquals("MCP tool 'names' (" + StreamTools.class.getName() + "#names) cannot work: its result (Stream) is a stream"
                + unwritable, toolDeploymentError(new StreamTools()));
        assertEquals("MCP tool 'names' (" + IteratorTools.class.getName() + "#names) cannot work: its result (Iterator) is a stream"
                + unwritable, toolDeploymentError(new IteratorTools()));
        assertEquals("MCP tool 'file' (" + InputStreamTools.class.getName() + "#file) cannot work: its result (ByteArrayInputStream)"
                + " is a stream" + unwritable, toolDeploymentError(new InputStreamTools()));
        assertEquals("MCP tool 'text' (" + OptionalReaderTools.class.getName() + "#text) cannot work: its result (Reader in an Optional)"
                + " is a stream" + unwritable, toolDeploymentError(new OptionalReaderTools()));
        assertTrue(toolDeploymentError(new StreamFetching()).contains("its result (IntStream) is a stream"), "as the bean class binds T");
        assertEquals("MCP prompt 'greet' (" + StreamPrompt.class.getName() + "#greet) cannot work: its result (Stream) is a stream"
                + unwritable, assertThrows(DefinitionException.class,
                () -> new TestBeans(new StreamPrompt()).registry(new PromptRegistry(), SETTINGS)).getMessage());
        assertEquals("MCP resource 'x://file' (" + InputStreamResource.class.getName() + "#file) cannot work: its result (InputStream)"
                + " is a stream" + unwritable, assertThrows(DefinitionException.class,
                () -> new TestBeans(new InputStreamResource()).registry(new ResourceRegistry(), SETTINGS)).getMessage());
        assertTrue(assertThrows(DefinitionException.class, () -> new TestBeans(new IteratorTemplate()).registry(new ResourceRegistry(), SETTINGS))
                .getMessage().startsWith("MCP resource template 'x://lines/{id}' (" + IteratorTemplate.class.getName() + "#lines) cannot work:"
                        + " its result (Iterator) is a stream"));
    }

    /** A generic base class's tool whose result type its bean class binds to a future. */
    static class Fetching<T> {
        @Tool
        public T fetch() {
            return null;
        }
    }

    static class AsyncFetching extends Fetching<CompletableFuture<String>> {
    }

    /** Work in an Optional would answer as the lambda's JSON and never run. */
    static class OptionalWork {
        @Tool(task = dev.jakartamcp.api.TaskSupport.OPTIONAL)
        public Optional<dev.jakartamcp.api.TaskWork<String>> later() {
            return Optional.of(task -> "done");
        }
    }

    /** Work that would run after the request ended, on the request-scoped instance it captured, destroyed by then. */
    @jakarta.enterprise.context.RequestScoped
    static class RequestScopedWork {
        @Tool(task = dev.jakartamcp.api.TaskSupport.OPTIONAL)
        public dev.jakartamcp.api.TaskWork<String> report() {
            return task -> "report";
        }
    }

    @jakarta.enterprise.context.Dependent
    static class DependentWork {
        @Tool(task = dev.jakartamcp.api.TaskSupport.OPTIONAL)
        public dev.jakartamcp.api.TaskWork<String> report() {
            return task -> "report";
        }
    }

    @Test
    void whatATaskToolReturnsIsCheckedAsItsBeanClassSeesItAndTheWorkMustOutliveNoInstance() {
        assertEquals("MCP tool 'fetch' (" + Fetching.class.getName() + "#fetch (bean " + AsyncFetching.class.getName()
                + ")) cannot work: its result (CompletableFuture) is asynchronous, which is not supported: the method already"
                + " runs on the server's managed executor; return the value itself (a long-running tool returns TaskWork or"
                + " runs as a task)", toolDeploymentError(new AsyncFetching()));
        assertEquals("MCP tool 'later' (" + OptionalWork.class.getName() + "#later) cannot work: it returns its TaskWork in an"
                + " Optional, which would answer as the work's JSON, never run it; return the TaskWork itself",
                toolDeploymentError(new OptionalWork()));
        assertEquals("MCP tool 'report' (" + RequestScopedWork.class.getName() + "#report) cannot work: it returns TaskWork,"
                + " which runs after the call on the instance it captured, and its bean is @RequestScoped: the instance the"
                + " work captured is destroyed when that scope ends, while the work may still run; make it"
                + " @ApplicationScoped or @Dependent", toolDeploymentError(new RequestScopedWork()));
        assertTrue(registry(new DependentWork()).find("report").orElseThrow().preparesTask(), "a @Dependent bean is kept until the work ends");
    }

    /** The server would write the future object, not its value: such a method fails the deployment instead. */
    @Test
    void aMethodReturningAFutureFailsTheDeploymentNamingIt() {
        String async = " is asynchronous, which is not supported: the method already runs on the server's managed executor;"
                + " return the value itself";
        assertEquals("MCP tool 'fetch' (" + AsyncTool.class.getName() + "#fetch) cannot work: its result (CompletableFuture)" + async
                + " (a long-running tool returns TaskWork or runs as a task)", toolDeploymentError(new AsyncTool()));
        assertEquals("MCP prompt 'greet' (" + AsyncPrompt.class.getName() + "#greet) cannot work: its result (CompletionStage)" + async,
                assertThrows(DefinitionException.class, () -> new TestBeans(new AsyncPrompt()).registry(new PromptRegistry(), SETTINGS))
                        .getMessage());
        assertEquals("MCP resource 'x://later' (" + AsyncResource.class.getName() + "#later) cannot work: its result (Future)" + async,
                assertThrows(DefinitionException.class, () -> new TestBeans(new AsyncResource()).registry(new ResourceRegistry(), SETTINGS))
                        .getMessage());
        assertEquals("MCP resource template 'x://later/{id}' (" + AsyncTemplate.class.getName() + "#later) cannot work: its result"
                + " (CompletableFuture)" + async,
                assertThrows(DefinitionException.class, () -> new TestBeans(new AsyncTemplate()).registry(new ResourceRegistry(), SETTINGS))
                        .getMessage());
    }

    /** Tools defined in code, as an application's producer methods define them. */
    static final class DefinedTools {
        @Produces
        ToolDefinition countWords() {
            return ToolDefinition.builder("count_words")
                    .property("text", String.class, "the text", true)
                    .property("counts", new TypeOf<ConcurrentMap<String, Integer>>() { }.type(), null, false)
                    .handler((arguments, context) -> "counted").build();
        }

        @Produces
        ToolDefinition join() {
            return ToolDefinition.builder("join").property("worker", Thread.class, null, true)
                    .handler((arguments, context) -> "joined").build();
        }

        // a hand-written schema replaces the one the properties would give, but the handler still reads them as declared
        @Produces
        ToolDefinition draw() {
            return ToolDefinition.builder("draw").inputSchema(Json.createObjectBuilder().add("type", "object").build())
                    .property("points", new TypeOf<SortedSet<Point>>() { }.type(), null, true)
                    .handler((arguments, context) -> "drawn").build();
        }

        @Produces
        ToolDefinition keyed() {
            return ToolDefinition.builder("keyed").inputSchema(Json.createObjectBuilder().add("type", "object").build())
                    .property("byNumber", new TypeOf<Map<Integer, String>>() { }.type(), null, true)
                    .handler((arguments, context) -> "keyed").build();
        }

        @Produces
        ToolDefinition typed() {
            return ToolDefinition.builder("typed")
                    .property("byName", new TypeOf<SortedMap<String, Point>>() { }.type(), null, true)
                    .property("created", Created.class, null, false)
                    .handler((arguments, context) -> "typed").build();
        }

        @Produces
        ToolDefinition listed() {
            return ToolDefinition.builder("listed").inputSchema(Json.createObjectBuilder().add("type", "array")
                            .add("items", Json.createObjectBuilder().add("type", "string")).build())
                    .handler((arguments, context) -> "listed").build();
        }

        @Produces
        ToolDefinition untyped() {
            return ToolDefinition.builder("untyped").inputSchema(Json.createObjectBuilder()
                            .add("properties", Json.createObjectBuilder().add("a", Json.createObjectBuilder().add("type", "string"))).build())
                    .handler((arguments, context) -> "untyped").build();
        }

        @Produces
        ToolDefinition raw() {
            return ToolDefinition.builder("raw").inputSchema(Json.createObjectBuilder().add("type", "object").build())
                    .handler((arguments, context) -> arguments.json().toString()).build();
        }
    }

    /**
     * A tool defined in code gets the same checks for the Java types of its properties, which the server turns into its
     * inputSchema and binds ({@code ToolArguments.get}), whether it comes from a producer or is registered while running.
     * A producer's is named by its method, as an application may have many.
     */
    @Test
    void aToolDefinitionWhosePropertyCannotWorkFailsNamingIt() {
        String producers = "producer " + DefinedTools.class.getName() + "#";
        String unbindable = "cannot work: parameter 'counts' (ConcurrentMap<String, Integer>): the binder has no implementation of"
                + " ConcurrentMap to fill; declare Map, SortedMap or a class with a public constructor without parameters";
        assertEquals("MCP tool 'count_words' (" + producers + "countWords) " + unbindable, producerDeploymentError("countWords"));
        assertEquals("MCP tool 'count_words' (registered count_words) " + unbindable,
                assertThrows(DefinitionException.class, () -> registry(new Object()).register(new DefinedTools().countWords())).getMessage());

        assertEquals("MCP tool 'join' (" + producers + "join) cannot work: parameter 'worker' (Thread): No JSON Schema mapping for"
                + " java.lang.Thread", producerDeploymentError("join"));

        assertEquals("MCP tool 'draw' (" + producers + "draw) cannot work: parameter 'points' (SortedSet<Point>): SortedSet keeps"
                + " its items sorted, and Point is not Comparable; declare a Set or a List", producerDeploymentError("draw"));
        // with a hand-written schema the generator, which refuses such keys, does not run: the binding check does
        assertEquals("MCP tool 'keyed' (" + producers + "keyed) cannot work: parameter 'byNumber' (Map<Integer, String>): Map keys"
                + " must be String or an enum: java.util.Map<java.lang.Integer, java.lang.String>", producerDeploymentError("keyed"));
    }

    /** server/tools: the inputSchema MUST be a JSON Schema object with "type": "object". */
    @Test
    void aHandWrittenInputSchemaWhoseRootIsNoObjectFailsNamingTheTool() {
        String notObject = "its root must be \"type\": \"object\", as the arguments of a call are an object";
        String producers = "producer " + DefinedTools.class.getName() + "#";
        assertEquals("Invalid input schema of MCP tool 'listed' (" + producers + "listed): " + notObject, producerDeploymentError("listed"));
        assertEquals("Invalid input schema of MCP tool 'untyped' (" + producers + "untyped): " + notObject, producerDeploymentError("untyped"));
        assertEquals("Invalid input schema of MCP tool 'listed' (registered listed): " + notObject,
                assertThrows(DefinitionException.class, () -> registry(new Object()).register(new DefinedTools().listed())).getMessage());
    }

    @Test
    void toolDefinitionsWithUsablePropertiesOrOnlyASchemaStillDeploy() {
        assertEquals(List.of("raw", "typed"), produced("typed", "raw").all().stream().map(RegisteredTool::name).toList());
    }

    private static String producerDeploymentError(String producerMethod) {
        return assertThrows(DefinitionException.class, () -> produced(producerMethod)).getMessage();
    }

    /** A registry deployed with the tools the {@link DefinedTools} methods of these names produce. */
    private static ToolRegistry produced(String... producerMethods) {
        TestBeans beans = new TestBeans();
        ToolRegistry registry = beans.registry(new ToolRegistry(), SETTINGS);
        registry.produced = beans.producedBy(new DefinedTools(), producerMethods);
        registry.init();
        return registry;
    }

    /** The type written in the anonymous subclass's type argument. */
    private abstract static class TypeOf<T> {
        java.lang.reflect.Type type() {
            return ((java.lang.reflect.ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
        }
    }

    public static class Booking {
        @jakarta.json.bind.annotation.JsonbDateFormat("dd.MM.yyyy")
        public java.time.LocalDate day;
    }

    public record Receipt(@jakarta.json.bind.annotation.JsonbNumberFormat("#0.00") double total) {
    }

    static class FormattedArgument {
        @Tool
        public String book(@Arg(name = "booking") Booking booking) {
            return "booked";
        }
    }

    static class FormattedResult {
        @Tool
        public Receipt pay() {
            return new Receipt(3);
        }
    }

    @Test
    void jsonbCustomisationsFailTheDeploymentNamingTheToolThePropertyAndTheAnnotation() {
        // before: deployed, the inputSchema saying "format": "date" and the outputSchema a number
        String argument = toolDeploymentError(new FormattedArgument());
        assertTrue(argument.startsWith("MCP tool 'book' (" + FormattedArgument.class.getName() + "#book) cannot work:"
                + " parameter 'booking' (Booking): @JsonbDateFormat(\"dd.MM.yyyy\") on Booking.day is not followed"), argument);
        String result = toolDeploymentError(new FormattedResult());
        assertTrue(result.startsWith("MCP tool 'pay' (" + FormattedResult.class.getName() + "#pay) cannot work:"
                + " its result (Receipt): @JsonbNumberFormat(\"#0.00\") on Receipt.total makes JSON-B"), result);
    }

    static class ChannelTools {
        @Tool(name = "get-channels")
        public String channels() {
            return "channels";
        }

        @Tool(name = "get_channels")
        public String moreChannels() {
            return "more channels";
        }
    }

    /**
     * Names that differ only in case or in '-', '_' and '.' are one to environment variables (MCP_TOOLS_GET_CHANNELS_ROLES
     * is looked up for mcp.tools.get-channels.roles and mcp.tools.get_channels.roles alike), so an operator's override
     * of one would silently be the other's too: refused as one name twice is, at deployment and when registered.
     */
    @Test
    void twoToolNamesEnvironmentVariablesSpellAlikeFailNamingBoth() {
        String error = toolDeploymentError(new ChannelTools());
        assertTrue(error.startsWith("MCP tool names 'get-channels' (" + ChannelTools.class.getName() + "#channels) and 'get_channels' ("
                + ChannelTools.class.getName() + "#moreChannels) are one name to environment variables: MCP_TOOLS_GET_CHANNELS_ROLES"), error);
        ToolRegistry registry = registry(new ListOfUrls());
        registry.register(ToolDefinition.builder("getChannels").handler((arguments, context) -> "a").build());
        DefinitionException registered = assertThrows(DefinitionException.class,
                () -> registry.register(ToolDefinition.builder("GETCHANNELS").handler((arguments, context) -> "b").build()));
        assertTrue(registered.getMessage().startsWith("MCP tool names 'getChannels' (registered getChannels) and 'GETCHANNELS'"),
                registered.getMessage());
        assertTrue(registry.find("GETCHANNELS").isEmpty());
        assertTrue(registry.remove("getChannels"));
        registry.register(ToolDefinition.builder("GETCHANNELS").handler((arguments, context) -> "b").build());
        assertTrue(registry.find("GETCHANNELS").isPresent(), "the name is free once the other tool is removed");
    }

    private static String toolDeploymentError(Object... beans) {
        return assertThrows(DefinitionException.class, () -> registry(beans)).getMessage();
    }

    private static ToolRegistry registry(Object... beans) {
        return new TestBeans(beans).registry(new ToolRegistry(), SETTINGS);
    }
}
