package dev.jakartamcp.prompts;

import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.PromptDefinition;
import dev.jakartamcp.beans.BeanInvoker;
import dev.jakartamcp.beans.Binding;
import dev.jakartamcp.beans.DiscoveredMethod;
import dev.jakartamcp.beans.IconDescriptors;
import dev.jakartamcp.beans.McpBeansExtension;
import dev.jakartamcp.beans.MethodArguments;
import dev.jakartamcp.beans.DefinedArg;
import dev.jakartamcp.api.Access;
import dev.jakartamcp.beans.AccessAnnotations;
import dev.jakartamcp.pipeline.EnvironmentNames;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.ItemOverrides;
import dev.jakartamcp.pipeline.ListedItems;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.RoleSource;
import dev.jakartamcp.schema.ArgumentBinder;
import dev.jakartamcp.schema.SchemaProperty;
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
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/** Prompts from annotated bean methods. */
@ApplicationScoped
public class PromptRegistry implements RoleSource, ListedItems, dev.jakartamcp.api.McpPrompts {

    @FunctionalInterface
    public interface Renderer {
        Object render(JsonObject arguments, McpContext context) throws Exception;
    }

    /** @param secretArguments the names of the arguments marked secret ({@link SchemaProperty#secret()}), lower case */
    public record Registered(String name, JsonObject descriptor, List<SchemaProperty> arguments, Access access,
                             String source, Renderer renderer, Set<String> secretArguments) implements McpItem {
        public Registered(String name, JsonObject descriptor, List<SchemaProperty> arguments, Access access, String source, Renderer renderer) {
            this(name, descriptor, arguments, access, source, renderer, arguments.stream().filter(SchemaProperty::secret)
                    .map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
        }

        @Override
        public ItemKind kind() {
            return ItemKind.PROMPT;
        }
    }

    @Inject
    McpBeansExtension discovered;

    @Inject
    BeanInvoker invoker;

    @Inject
    Binding binding;

    @Inject
    Event<ChangeNotice> changes;

    @Inject
    ItemOverrides overrides;

    @Inject
    @Any
    Instance<PromptDefinition> produced;

    private final Map<String, Registered> prompts = new ConcurrentSkipListMap<>();
    private final EnvironmentNames environmentNames = new EnvironmentNames();
    private ArgumentBinder binder;

    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        prompts.size();
    }

    @PostConstruct
    void init() {
        binder = binding.binder();
        for (DiscoveredMethod m : discovered.methodsAnnotatedWith(Prompt.class)) {
            Prompt p = m.method().getAnnotation(Prompt.class);
            String name = p.name().isEmpty() ? m.method().getName() : p.name();
            m.asyncResultProblem().or(m::streamResultProblem).ifPresent(problem -> {
                throw new DefinitionException("MCP prompt '" + name + "' (" + m.describe() + ") cannot work: " + problem);
            });
            MethodArguments arguments;
            try {
                arguments = MethodArguments.of(m);
                arguments.requireText("a prompt argument");
            } catch (IllegalArgumentException e) {
                throw new DefinitionException("MCP prompt '" + name + "' (" + m.describe() + ") cannot work: " + e.getMessage(), e);
            }
            JsonObjectBuilder d = JsonFactory.createObjectBuilder().add("name", name);
            if (!p.title().isEmpty()) {
                d.add("title", p.title());
            }
            if (!p.description().isEmpty()) {
                d.add("description", p.description());
            }
            JsonArrayBuilder args = JsonFactory.createArrayBuilder();
            for (SchemaProperty a : arguments.properties()) {
                JsonObjectBuilder arg = JsonFactory.createObjectBuilder().add("name", a.name());
                if (a.description() != null && !a.description().isEmpty()) {
                    arg.add("description", a.description());
                }
                args.add(arg.add("required", a.required()));
            }
            d.add("arguments", args);
            JsonObject described = IconDescriptors.with(d.build(), IconDescriptors.of(p.icons()), "MCP prompt '" + name + "' (" + m.describe() + ")");
            Registered registered = new Registered(name, described, arguments.properties(), AccessAnnotations.of(m), m.describe(),
                    (json, ctx) -> invoker.invoke(m, arguments.bindStrings(json, ctx, binder)));
            add(registered);
        }
        discovered.forEachProduced(produced, (definition, source) -> add(fromDefinition(definition, source)));
    }

    /** Adds a prompt while the application runs; clients listening for prompt list changes are told. */
    @Override
    public void register(PromptDefinition definition) {
        add(fromDefinition(definition, "registered " + definition.name()));
        changed();
    }

    /** Removes a prompt; false when there was none. */
    @Override
    public boolean remove(String name) {
        Registered removed;
        synchronized (this) {
            removed = prompts.remove(name);
            if (removed != null) {
                environmentNames.remove(removed);
            }
        }
        if (removed != null) {
            changed();
        }
        return removed != null;
    }

    private synchronized void add(Registered registered) {
        Registered previous = prompts.get(registered.name());
        if (previous != null) {
            throw new DefinitionException("Duplicate MCP prompt name '" + registered.name() + "': " + previous.source() + " and " + registered.source());
        }
        environmentNames.add(registered);
        prompts.put(registered.name(), registered);
    }

    private static Registered fromDefinition(PromptDefinition d, String source) {
        JsonObjectBuilder descriptor = JsonFactory.createObjectBuilder().add("name", d.name());
        if (!d.title().isEmpty()) {
            descriptor.add("title", d.title());
        }
        if (!d.description().isEmpty()) {
            descriptor.add("description", d.description());
        }
        JsonArrayBuilder args = JsonFactory.createArrayBuilder();
        List<SchemaProperty> properties = new java.util.ArrayList<>();
        for (PromptDefinition.Argument a : d.arguments()) {
            JsonObjectBuilder arg = JsonFactory.createObjectBuilder().add("name", a.name());
            if (a.description() != null && !a.description().isEmpty()) {
                arg.add("description", a.description());
            }
            args.add(arg.add("required", a.required()));
            properties.add(new SchemaProperty(a.name(), String.class, a.description(), a.required(), DefinedArg.annotations(a.secret())));
        }
        descriptor.add("arguments", args);
        JsonObject described = IconDescriptors.with(descriptor.build(), d.icons(), "MCP prompt '" + d.name() + "' (" + source + ")");
        return new Registered(d.name(), described, List.copyOf(properties), d.access(), source, (json, ctx) -> {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            json.forEach((k, v) -> values.put(k, v instanceof jakarta.json.JsonString s ? s.getString() : v.toString()));
            return d.renderer().render(values, ctx);
        });
    }

    @Override
    public ChangeNotice.Kind listKind() {
        return ChangeNotice.Kind.PROMPTS;
    }

    @Override
    public List<Registered> listedItems() {
        return all();
    }

    public List<Registered> all() {
        return List.copyOf(prompts.values());
    }

    public Optional<Registered> find(String name) {
        return Optional.ofNullable(prompts.get(name));
    }

    ArgumentBinder binder() {
        return binder;
    }

    /** Tells clients listening for prompt list changes to refetch. */
    public void changed() {
        changes.fire(ChangeNotice.listChanged(ChangeNotice.Kind.PROMPTS));
    }

    @Override
    public Set<String> rolesInUse() {
        return prompts.values().stream().flatMap(p -> overrides.access(p).roles().stream())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
