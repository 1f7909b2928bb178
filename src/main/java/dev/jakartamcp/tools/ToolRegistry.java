package dev.jakartamcp.tools;

import dev.jakartamcp.api.TaskWork;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.api.ToolResult;
import dev.jakartamcp.beans.DefinedArg;
import dev.jakartamcp.beans.BeanInvoker;
import dev.jakartamcp.beans.Binding;
import dev.jakartamcp.beans.DiscoveredMethod;
import dev.jakartamcp.beans.IconDescriptors;
import dev.jakartamcp.beans.McpBeansExtension;
import dev.jakartamcp.beans.MethodArguments;
import dev.jakartamcp.beans.ReturnedValue;
import dev.jakartamcp.beans.AccessAnnotations;
import dev.jakartamcp.pipeline.EnvironmentNames;
import dev.jakartamcp.pipeline.ItemOverrides;
import dev.jakartamcp.pipeline.ListedItems;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.RoleSource;
import dev.jakartamcp.schema.ArgumentBinder;
import dev.jakartamcp.schema.CompiledSchema;
import dev.jakartamcp.schema.JsonSchemaGenerator;
import dev.jakartamcp.schema.OutputSchema;
import dev.jakartamcp.schema.SchemaLimits;
import dev.jakartamcp.schema.SchemaProperty;
import dev.jakartamcp.schema.SchemaValidator;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Every tool the server offers: annotated bean methods and producer-defined tools found at deployment, plus tools
 * registered and removed while running (clients are told with list_changed). Operators switch tools off, reword them
 * and change who may call them with {@code mcp.tools.<name>.…} ({@link ItemOverrides}).
 */
@ApplicationScoped
public class ToolRegistry implements RoleSource, ListedItems, dev.jakartamcp.api.McpTools {
    private static final Logger LOG = Logger.getLogger(ToolRegistry.class.getName());
    /** The 2025-11-25 tool name rule. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    @Inject
    McpBeansExtension discovered;

    @Inject
    BeanInvoker invoker;

    @Inject
    Binding binding;

    @Inject
    @Any
    Instance<ToolDefinition> produced;

    @Inject
    Event<ChangeNotice> changes;

    @Inject
    ItemOverrides overrides;

    private final Map<String, RegisteredTool> tools = new ConcurrentSkipListMap<>();
    private final EnvironmentNames environmentNames = new EnvironmentNames();
    private final JsonSchemaGenerator schemas = new JsonSchemaGenerator();
    private ArgumentBinder binder;

    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        tools.size();
    }

    @PostConstruct
    void init() {
        binder = binding.binder();
        for (DiscoveredMethod method : discovered.methodsAnnotatedWith(Tool.class)) {
            add(fromMethod(method));
        }
        discovered.forEachProduced(produced, (definition, source) -> add(fromDefinition(definition, source)));
    }

    ArgumentBinder binder() {
        return binder;
    }

    /** Adds a tool while the application runs; clients with open streams or subscriptions are told. */
    @Override
    public void register(ToolDefinition definition) {
        add(fromDefinition(definition, "registered " + definition.name()));
        changes.fire(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));
    }

    /** Removes a tool; false when there was none of that name. */
    @Override
    public boolean remove(String name) {
        RegisteredTool removed;
        synchronized (this) {
            removed = tools.remove(name);
            if (removed != null) {
                environmentNames.remove(removed);
            }
        }
        if (removed != null) {
            changes.fire(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));
        }
        return removed != null;
    }

    /** All tools in name order, including those an operator switched off. */
    public List<RegisteredTool> all() {
        return List.copyOf(tools.values());
    }

    @Override
    public ChangeNotice.Kind listKind() {
        return ChangeNotice.Kind.TOOLS;
    }

    @Override
    public List<RegisteredTool> listedItems() {
        return all();
    }

    public Optional<RegisteredTool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    private synchronized void add(RegisteredTool tool) {
        RegisteredTool previous = tools.get(tool.name());
        if (previous != null) {
            throw new DefinitionException("Duplicate MCP tool name '" + tool.name() + "': " + previous.source() + " and " + tool.source());
        }
        environmentNames.add(tool);
        tools.put(tool.name(), tool);
    }

    private RegisteredTool fromMethod(DiscoveredMethod target) {
        Method method = target.method();
        Tool tool = method.getAnnotation(Tool.class);
        String name = tool.name().isEmpty() ? method.getName() : tool.name();
        checkName(name, target.describe());
        target.asyncResultProblem().ifPresent(problem -> {
            throw new DefinitionException("MCP tool '" + name + "' (" + target.describe() + ") cannot work: " + problem
                    + " (a long-running tool returns TaskWork or runs as a task)");
        });
        target.streamResultProblem().ifPresent(problem -> {
            throw new DefinitionException("MCP tool '" + name + "' (" + target.describe() + ") cannot work: " + problem);
        });
        MethodArguments arguments;
        JsonObject inputSchema;
        OutputSchema outputSchema = null;
        // as the bean class sees it: a T its class binds to TaskWork prepares a task too
        Class<?> returned = dev.jakartamcp.schema.Types.raw(target.returnType());
        // an Optional<Forecast> answers as its Forecast, or as null when empty
        Type resultType = ReturnedValue.unwrapped(target.returnType());
        Class<?> resultClass = ReturnedValue.unwrappedClass(target.returnType());
        if (!TaskWork.class.isAssignableFrom(returned) && TaskWork.class.isAssignableFrom(resultClass)) {
            throw new DefinitionException("MCP tool '" + name + "' (" + target.describe() + ") cannot work: it returns its"
                    + " TaskWork in an " + returned.getSimpleName() + ", which would answer as the work's JSON, never run it;"
                    + " return the TaskWork itself");
        }
        if (TaskWork.class.isAssignableFrom(returned)) {
            target.laterWorkProblem().ifPresent(problem -> {
                throw new DefinitionException("MCP tool '" + name + "' (" + target.describe() + ") cannot work: it returns"
                        + " TaskWork, which runs after the call on the instance it captured, and " + problem);
            });
        }
        try {
            arguments = MethodArguments.of(target);
            inputSchema = schemas.objectSchema(arguments.properties());
            if (OutputSchema.describes(resultType) && !resultClass.getPackageName().equals(ToolResult.class.getPackageName())) {
                outputSchema = outputSchemaOf(resultType, resultClass, name, target.describe());
            }
        } catch (IllegalArgumentException e) {
            throw new DefinitionException("MCP tool '" + name + "' (" + target.describe() + ") cannot work: " + e.getMessage(), e);
        }
        if (arguments.properties().isEmpty()) {
            // the schema the spec recommends for tools without parameters: only an empty object is accepted
            inputSchema = JsonFactory.createObjectBuilder(inputSchema).add("additionalProperties", false).build();
        }
        JsonObjectBuilder descriptor = descriptor(name, tool.title(), tool.description(), inputSchema,
                new ToolDefinition.Hints(tool.readOnly(), tool.destructive(), tool.idempotent(), tool.openWorld()));
        if (outputSchema != null) {
            descriptor.add("outputSchema", outputSchema.json());
        }
        JsonObject described = IconDescriptors.with(descriptor.build(), IconDescriptors.of(tool.icons()),
                "MCP tool '" + name + "' (" + target.describe() + ")");
        CompiledSchema compiled = compiled(inputSchema, name, target.describe());
        return new RegisteredTool(name, described, compiled, headerMirror(compiled, name, target.describe()),
                AccessAnnotations.of(target), target.describe(),
                ToolInvocation.binding((args, context) -> arguments.bind(args, context, binder), bound -> invoker.invoke(target, bound)), tool.task(),
                TaskWork.class.isAssignableFrom(returned), outputSchema,
                RegisteredTool.secretArguments(inputSchema));
    }

    /**
     * The outputSchema of a tool returning {@code type}: a record's must be generated (its failure names the
     * problem); a class JSON-B binds that the generator cannot describe (a field of a JDK type it has no mapping
     * for, such as {@code java.util.Date}, or a JSON-B customisation) gets none, and JSON-B writes its results as
     * before such classes had schemas, unchecked.
     */
    private static OutputSchema outputSchemaOf(Type type, Class<?> raw, String name, String source) {
        try {
            return OutputSchema.of(type);
        } catch (IllegalArgumentException e) {
            if (raw.isRecord()) {
                throw e;
            }
            LOG.info(() -> "MCP tool '" + name + "' (" + source + ") has no outputSchema: " + e.getMessage());
            return null;
        }
    }

    /**
     * A tool defined in code. The Java types of its properties get the checks of a method's parameters, even beside a
     * hand-written inputSchema (its handler reads them as declared); a handler's result has no declared type to check.
     */
    private RegisteredTool fromDefinition(ToolDefinition definition, String source) {
        checkName(definition.name(), source);
        List<SchemaProperty> properties = definition.properties().stream()
                .map(p -> new SchemaProperty(p.name(), p.type(), p.description(), p.required(), DefinedArg.annotations(p.secret(), p.header())))
                .toList();
        JsonObject inputSchema;
        try {
            properties.forEach(ArgumentBinder::requireBindable);
            if (definition.inputSchema() != null) {
                properties.stream().filter(p -> p.header() != null).findFirst().ifPresent(p -> {
                    throw new IllegalArgumentException(p.describe() + " has a header, which a hand-written input schema"
                            + " leaves out: give its property \"x-mcp-header\": \"" + p.header() + "\" there");
                });
            }
            inputSchema = definition.inputSchema() != null ? definition.inputSchema() : schemas.objectSchema(properties);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException("MCP tool '" + definition.name() + "' (" + source + ") cannot work: " + e.getMessage(), e);
        }
        if (!(inputSchema.get("type") instanceof JsonString type) || !type.getString().equals("object")) {
            // server/tools: inputSchema MUST be a JSON Schema object with "type": "object" (the arguments are an object)
            throw new DefinitionException("Invalid input schema of MCP tool '" + definition.name() + "' (" + source
                    + "): its root must be \"type\": \"object\", as the arguments of a call are an object");
        }
        CompiledSchema compiled;
        try {
            compiled = SchemaValidator.check(inputSchema);
        } catch (IllegalArgumentException e) {
            throw invalidSchema(definition.name(), source, e);
        }
        JsonObject descriptor = IconDescriptors.with(
                descriptor(definition.name(), definition.title(), definition.description(), inputSchema, definition.hints()).build(),
                definition.icons(), "MCP tool '" + definition.name() + "' (" + source + ")");
        return new RegisteredTool(definition.name(), descriptor, compiled, headerMirror(compiled, definition.name(), source), definition.access(), source,
                (args, context) -> definition.handler().handle(new JsonToolArguments(args, binder), context),
                definition.taskSupport(), false, null, RegisteredTool.secretArguments(inputSchema));
    }

    /** The input schema compiled once for the argument check of every call. */
    private static CompiledSchema compiled(JsonObject inputSchema, String name, String source) {
        try {
            return SchemaValidator.compile(inputSchema, SchemaLimits.DEFAULTS);
        } catch (IllegalArgumentException e) {
            throw invalidSchema(name, source, e);
        }
    }

    /** The headers a 2026-07-28 client mirrors arguments into, their annotations checked. */
    private static HeaderMirror headerMirror(CompiledSchema inputSchema, String name, String source) {
        try {
            return HeaderMirror.of(inputSchema);
        } catch (IllegalArgumentException e) {
            throw invalidSchema(name, source, e);
        }
    }

    private static DefinitionException invalidSchema(String name, String source, IllegalArgumentException e) {
        return new DefinitionException("Invalid input schema of MCP tool '" + name + "' (" + source + "): " + e.getMessage());
    }

    private static JsonObjectBuilder descriptor(String name, String title, String description, JsonObject inputSchema, ToolDefinition.Hints hints) {
        JsonObjectBuilder d = JsonFactory.createObjectBuilder().add("name", name);
        if (title != null && !title.isEmpty()) {
            d.add("title", title);
        }
        if (description != null && !description.isEmpty()) {
            d.add("description", description);
        }
        d.add("inputSchema", inputSchema);
        JsonObjectBuilder annotations = JsonFactory.createObjectBuilder();
        if (title != null && !title.isEmpty()) {
            annotations.add("title", title);
        }
        annotations.add("readOnlyHint", hints.readOnly())
                .add("destructiveHint", hints.destructive())
                .add("idempotentHint", hints.idempotent())
                .add("openWorldHint", hints.openWorld());
        return d.add("annotations", annotations);
    }

    private static void checkName(String name, String source) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new DefinitionException("Invalid MCP tool name '" + name + "' on " + source
                    + ": use 1 to 128 characters from A-Z, a-z, 0-9, '_', '-' and '.'");
        }
    }

    @Override
    public Set<String> rolesInUse() {
        return tools.values().stream().flatMap(t -> overrides.access(t).roles().stream())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
