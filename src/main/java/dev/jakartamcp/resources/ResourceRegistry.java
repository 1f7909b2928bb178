package dev.jakartamcp.resources;

import dev.jakartamcp.protocol.ResourceUris;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.ResourceDefinition;
import dev.jakartamcp.beans.BeanInvoker;
import dev.jakartamcp.beans.Binding;
import dev.jakartamcp.beans.DiscoveredMethod;
import dev.jakartamcp.beans.IconDescriptors;
import dev.jakartamcp.beans.McpBeansExtension;
import dev.jakartamcp.beans.MethodArguments;
import dev.jakartamcp.api.Access;
import dev.jakartamcp.beans.AccessAnnotations;
import dev.jakartamcp.pipeline.EnvironmentNames;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.ItemOverrides;
import dev.jakartamcp.pipeline.ListedItems;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.RoleSource;
import dev.jakartamcp.schema.ArgumentBinder;
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

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentSkipListMap;

/** Resources with fixed URIs and resource templates, from annotated bean methods. */
@ApplicationScoped
public class ResourceRegistry implements RoleSource, ListedItems, dev.jakartamcp.api.McpResources {
    /**
     * Longest URI matched against resources and templates (read, subscribed, completed): each template's match takes
     * time in proportion to it, and subscriptions are kept for the session's life.
     */
    public static final int MAX_URI_LENGTH = 2048;

    /** Reads a resource; returns what the author's method returned. */
    @FunctionalInterface
    public interface Reader {
        Object read(String uri, Map<String, String> variables, McpContext context) throws Exception;
    }

    /** A resource (fixed URI, {@code template} null) or a resource template; {@code key} is its URI or URI template. */
    public record Registered(String key, JsonObject descriptor, String mimeType, Access access, String source,
                             UriTemplate template, Reader reader) implements McpItem {
        @Override
        public ItemKind kind() {
            return template == null ? ItemKind.RESOURCE : ItemKind.RESOURCE_TEMPLATE;
        }

        /** The resource's name, which operator overrides use ({@code mcp.resources.<name>.…}). */
        @Override
        public String name() {
            return descriptor.getString("name");
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
    Instance<ResourceDefinition> produced;

    private final Map<String, Registered> resources = new ConcurrentSkipListMap<>();
    private final Map<String, Registered> templates = new ConcurrentSkipListMap<>();
    private final Map<ItemKind, EnvironmentNames> environmentNames =
            Map.of(ItemKind.RESOURCE, new EnvironmentNames(), ItemKind.RESOURCE_TEMPLATE, new EnvironmentNames());
    /** The templates in the order they are tried for a URI ({@link UriTemplate#MOST_SPECIFIC_FIRST}). */
    private List<Registered> matchOrder = List.of();
    private ArgumentBinder binder;

    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        resources.size();
    }

    @PostConstruct
    void init() {
        binder = binding.binder();
        for (DiscoveredMethod m : discovered.methodsAnnotatedWith(McpResource.class)) {
            McpResource r = m.method().getAnnotation(McpResource.class);
            checkUri(r.uri(), m.describe());
            m.asyncResultProblem().or(m::streamResultProblem).ifPresent(problem -> {
                throw new DefinitionException("MCP resource '" + r.uri() + "' (" + m.describe() + ") cannot work: " + problem);
            });
            MethodArguments arguments;
            try {
                arguments = MethodArguments.of(m);
            } catch (IllegalArgumentException e) {
                throw new DefinitionException("MCP resource '" + r.uri() + "' (" + m.describe() + ") cannot work: " + e.getMessage(), e);
            }
            if (!arguments.properties().isEmpty()) {
                throw new DefinitionException(m.describe() + ": a @McpResource method takes no arguments (use @McpResourceTemplate)");
            }
            JsonObject descriptor = IconDescriptors.with(descriptor("uri", r.uri(), name(r.name(), m), r.title(), r.description(), r.mimeType()),
                    IconDescriptors.of(r.icons()), "MCP resource '" + r.uri() + "' (" + m.describe() + ")");
            put(resources, new Registered(r.uri(), descriptor, r.mimeType(), AccessAnnotations.of(m), m.describe(), null,
                    (uri, vars, ctx) -> invoker.invoke(m, arguments.bind(JsonObject.EMPTY_JSON_OBJECT, ctx, binder))));
        }
        discovered.forEachProduced(produced, (definition, source) -> put(resources, fromDefinition(definition, source)));
        for (DiscoveredMethod m : discovered.methodsAnnotatedWith(McpResourceTemplate.class)) {
            McpResourceTemplate t = m.method().getAnnotation(McpResourceTemplate.class);
            UriTemplate template;
            try {
                template = new UriTemplate(t.uriTemplate());
            } catch (IllegalArgumentException e) {
                throw new DefinitionException(m.describe() + ": " + e.getMessage(), e);
            }
            m.asyncResultProblem().or(m::streamResultProblem).ifPresent(problem -> {
                throw new DefinitionException("MCP resource template '" + t.uriTemplate() + "' (" + m.describe() + ") cannot work: " + problem);
            });
            MethodArguments arguments;
            try {
                arguments = MethodArguments.of(m);
                arguments.requireText("a URI template variable");
            } catch (IllegalArgumentException e) {
                throw new DefinitionException("MCP resource template '" + t.uriTemplate() + "' (" + m.describe() + ") cannot work: "
                        + e.getMessage(), e);
            }
            for (var p : arguments.properties()) {
                if (!template.variables().contains(p.name())) {
                    throw new DefinitionException(m.describe() + ": parameter '" + p.name() + "' is not a variable of " + t.uriTemplate());
                }
                if (p.secret()) {
                    throw new DefinitionException(m.describe() + ": variable '" + p.name() + "' of " + t.uriTemplate()
                            + " cannot be secret: the resource URI is audited as it is; pass a secret to a tool instead");
                }
            }
            JsonObject descriptor = IconDescriptors.with(
                    descriptor("uriTemplate", t.uriTemplate(), name(t.name(), m), t.title(), t.description(), t.mimeType()),
                    IconDescriptors.of(t.icons()), "MCP resource template '" + t.uriTemplate() + "' (" + m.describe() + ")");
            put(templates, new Registered(t.uriTemplate(), descriptor, t.mimeType(), AccessAnnotations.of(m), m.describe(), template,
                    (uri, vars, ctx) -> invoker.invoke(m, arguments.bindText(vars, ctx, binder))));
        }
        matchOrder = templates.values().stream().sorted(java.util.Comparator.comparing(Registered::template, UriTemplate.MOST_SPECIFIC_FIRST)).toList();
    }

    /** Adds a resource while the application runs; clients listening for resource list changes are told. */
    @Override
    public void register(ResourceDefinition definition) {
        put(resources, fromDefinition(definition, "registered " + definition.uri()));
        changes.fire(ChangeNotice.listChanged(ChangeNotice.Kind.RESOURCES));
    }

    /** Removes a resource with a fixed URI; false when there was none. */
    @Override
    public boolean remove(String uri) {
        Registered removed;
        synchronized (this) {
            removed = resources.remove(ResourceUris.normalized(uri));
            if (removed != null) {
                environmentNames.get(ItemKind.RESOURCE).remove(removed);
            }
        }
        if (removed != null) {
            changes.fire(ChangeNotice.listChanged(ChangeNotice.Kind.RESOURCES));
        }
        return removed != null;
    }

    private static Registered fromDefinition(ResourceDefinition d, String source) {
        checkUri(d.uri(), source);
        return new Registered(d.uri(), IconDescriptors.with(descriptor("uri", d.uri(), d.name(), d.title(), d.description(), d.mimeType()),
                        d.icons(), "MCP resource '" + d.uri() + "' (" + source + ")"),
                d.mimeType(), d.access(), source, null, (uri, vars, ctx) -> d.reader().read(uri, ctx));
    }

    @Override
    public ChangeNotice.Kind listKind() {
        return ChangeNotice.Kind.RESOURCES;
    }

    /** Resources and resource templates: their list changes are both {@code resources/list_changed}. */
    @Override
    public List<Registered> listedItems() {
        return java.util.stream.Stream.concat(resources.values().stream(), templates.values().stream()).toList();
    }

    public List<Registered> resources() {
        return List.copyOf(resources.values());
    }

    public List<Registered> templates() {
        return List.copyOf(templates.values());
    }

    /**
     * The resource with this URI, or the first template that matches it ({@link UriTemplate#MOST_SPECIFIC_FIRST}), with
     * its variables; only items {@code usable} accepts count.
     */
    public Optional<Map.Entry<Registered, Map<String, String>>> resolve(String uri, Predicate<? super Registered> usable) {
        if (uri.length() > MAX_URI_LENGTH) {
            return Optional.empty();
        }
        String normal = ResourceUris.normalized(uri);
        Registered fixed = resources.get(normal);
        if (fixed != null && usable.test(fixed)) {
            return Optional.of(Map.entry(fixed, Map.of()));
        }
        for (Registered t : matchOrder) {
            if (!usable.test(t)) {
                continue;
            }
            Optional<Map<String, String>> vars = t.template().match(normal);
            if (vars.isPresent()) {
                return Optional.of(Map.entry(t, vars.get()));
            }
        }
        return Optional.empty();
    }

    /** {@code uri}, or invalid params when it is longer than {@link #MAX_URI_LENGTH}. */
    public static String checkLength(String uri) {
        if (uri.length() > MAX_URI_LENGTH) {
            throw McpException.invalidParams("Invalid params: a resource URI is at most " + MAX_URI_LENGTH + " characters long");
        }
        return uri;
    }

    ArgumentBinder binder() {
        return binder;
    }

    /** Tells subscribed clients that the resource at {@code uri} changed. */
    @Override
    public void updated(String uri) {
        changes.fire(ChangeNotice.resourceUpdated(ResourceUris.normalized(uri))); // as subscriptions keep it
    }

    private static String name(String declared, DiscoveredMethod m) {
        return declared.isEmpty() ? m.method().getName() : declared;
    }

    /** A resource's URI must be absolute, and short enough to be read ({@link #checkLength}): else it is listed and dead. */
    private static void checkUri(String uri, String source) {
        try {
            if (!URI.create(uri).isAbsolute()) {
                throw new IllegalArgumentException("not absolute");
            }
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(source + ": resource URI '" + uri + "' is not an absolute URI");
        }
        if (uri.length() > MAX_URI_LENGTH) {
            throw new DefinitionException(source + ": resource URI '" + uri.substring(0, 64) + "…' is " + uri.length()
                    + " characters long; a client can read one of at most " + MAX_URI_LENGTH);
        }
        String normal = ResourceUris.normalized(uri);
        if (!normal.equals(uri)) {
            // a client's URI is normalized before it is looked up: this one could never be found as written
            throw new DefinitionException(source + ": resource URI '" + uri + "' is not in RFC 3986 normal form; write it as '"
                    + normal + "'");
        }
    }

    /**
     * Adds a resource or template, refusing a second one of its URI (template) or of its name within its kind, or of a
     * name environment variables spell as its ({@link EnvironmentNames}): operator overrides
     * ({@code mcp.resources.<name>.…}, {@code mcp.resource-templates.<name>.…}) name items by name, as the operations
     * API and audit trail do.
     */
    private synchronized void put(Map<String, Registered> target, Registered r) {
        Registered previous = target.get(r.key());
        if (previous != null) {
            throw new DefinitionException("Duplicate MCP resource '" + r.key() + "': " + previous.source() + " and " + r.source());
        }
        for (Registered existing : target.values()) {
            if (existing.name().equals(r.name())) {
                throw new DefinitionException("Duplicate MCP " + r.kind().label() + " name '" + r.name() + "': "
                        + existing.source() + " (" + existing.key() + ") and " + r.source() + " (" + r.key() + ")");
            }
        }
        environmentNames.get(r.kind()).add(r);
        target.put(r.key(), r);
    }

    private static JsonObject descriptor(String uriKey, String uri, String name, String title, String description, String mimeType) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder().add(uriKey, uri).add("name", name);
        if (!title.isEmpty()) {
            b.add("title", title);
        }
        if (!description.isEmpty()) {
            b.add("description", description);
        }
        if (!mimeType.isEmpty()) {
            b.add("mimeType", mimeType);
        }
        return b.build();
    }

    @Override
    public Set<String> rolesInUse() {
        return java.util.stream.Stream.concat(resources.values().stream(), templates.values().stream())
                .flatMap(r -> overrides.access(r).roles().stream())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
