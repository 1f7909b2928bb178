package dev.jakartamcp.completion;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.Complete;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.beans.AccessAnnotations;
import dev.jakartamcp.beans.BeanInvoker;
import dev.jakartamcp.beans.DiscoveredMethod;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.beans.McpBeansExtension;
import dev.jakartamcp.beans.ReturnedValue;
import dev.jakartamcp.pipeline.FeaturePipeline;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.pipeline.Operation;
import dev.jakartamcp.pipeline.Target;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.RoleSource;
import dev.jakartamcp.resources.ResourceRegistry;
import dev.jakartamcp.schema.SchemaProperty;
import dev.jakartamcp.schema.Types;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * completion/complete: suggestions for a prompt argument or a resource template variable, from {@link Complete}
 * methods. The prompt or template must exist, be switched on and be usable by the caller, like a prompts/get or a
 * resources/read of it would be (the completer's own security annotations apply on top): suggestions must not
 * disclose what the caller may not use. A {@code ref/resource} names a template by its URI template, or else by a URI
 * it matches; the completers are those of the template found. Without a completer for the argument the answer is an
 * empty list. A completer may also take a {@code Map<String, String>}: the arguments the client already resolved
 * ({@code context.arguments}, 2025-06-18 and later), only those the prompt declares or the template has as variables,
 * empty when the client sends none. The completers are checked when the application starts ({@link #eager}).
 */
@ApplicationScoped
public class CompletionFeature implements McpFeature, RoleSource {
    private static final Logger LOG = Logger.getLogger(CompletionFeature.class.getName());
    private static final int MAX_VALUES = 100;
    private static final String RESOLVED_ARGUMENTS = "java.util.Map<java.lang.String, java.lang.String>";

    @Inject
    McpBeansExtension discovered;

    @Inject
    BeanInvoker invoker;

    @Inject
    FeaturePipeline pipeline;

    @Inject
    PromptRegistry prompts;

    @Inject
    ResourceRegistry resources;

    private record Completer(DiscoveredMethod method, Access access) {
    }

    private final Map<CompleterKey, Completer> completers = new HashMap<>();
    final Operation<Completion> complete = new CompleteOperation();

    /**
     * Checks the completers when the application starts, as the registries check their items: a bad {@code @Complete}
     * fails the deployment instead of the first MCP request (and every one after it).
     */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        completers.size();
    }

    @PostConstruct
    void init() {
        for (DiscoveredMethod m : discovered.methodsAnnotatedWith(Complete.class)) {
            Complete c = m.method().getAnnotation(Complete.class);
            boolean prompt = !c.prompt().isEmpty();
            if (prompt == !c.resourceTemplate().isEmpty()) {
                throw new DefinitionException(m.describe() + ": @Complete names exactly one of prompt or resourceTemplate");
            }
            for (Type type : m.method().getGenericParameterTypes()) {
                if (type != String.class && type != McpContext.class && !RESOLVED_ARGUMENTS.equals(type.getTypeName())) {
                    throw new DefinitionException(m.describe() + ": a @Complete method takes the partial value (String) "
                            + "and optionally McpContext and the arguments already resolved (Map<String, String>)");
                }
            }
            m.asyncResultProblem().ifPresent(problem -> {
                throw new DefinitionException(m.describe() + ": " + problem);
            });
            if (!returnsSuggestions(m.method())) {
                throw new DefinitionException(m.describe() + ": a @Complete method returns its suggestions as a List<String>"
                        + " (or another Collection of String), or an Optional of one; this one returns "
                        + Types.declaredName(m.method().getGenericReturnType()));
            }
            if (prompt) {
                checkPromptArgument(m, c);
            } else {
                checkTemplateVariable(m, c);
            }
            CompleterKey key = new CompleterKey(prompt ? "ref/prompt" : "ref/resource", prompt ? c.prompt() : c.resourceTemplate(), c.argument());
            if (completers.putIfAbsent(key, new Completer(m, AccessAnnotations.of(m))) != null) {
                throw new DefinitionException("Two @Complete methods for " + key + ": " + completers.get(key).method().describe() + " and " + m.describe());
            }
        }
    }

    /** A collection of strings, or an {@code Optional} of one, which answers as its value ({@link ReturnedValue}). */
    private static boolean returnsSuggestions(Method method) {
        Type returned = ReturnedValue.unwrapped(method.getGenericReturnType());
        return Collection.class.isAssignableFrom(ReturnedValue.unwrappedClass(method.getGenericReturnType()))
                && Types.argumentsOf(returned, Collection.class)[0] == String.class;
    }

    /**
     * A prompt deployed now must declare the argument, else the completer could never be asked. A prompt not deployed
     * now may still be registered while the application runs ({@link PromptRegistry#register}): only a warning.
     */
    private void checkPromptArgument(DiscoveredMethod m, Complete c) {
        Optional<PromptRegistry.Registered> found = prompts.find(c.prompt());
        if (found.isEmpty()) {
            LOG.warning(() -> m.describe() + ": @Complete names the prompt '" + c.prompt() + "', which is not deployed;"
                    + " its completions are offered only once a prompt of that name is registered");
            return;
        }
        List<String> declared = found.get().arguments().stream().map(SchemaProperty::name).toList();
        if (!declared.contains(c.argument())) {
            throw new DefinitionException(m.describe() + ": @Complete names the argument '" + c.argument() + "' of the prompt '"
                    + c.prompt() + "', which declares " + (declared.isEmpty() ? "no arguments" : "only " + declared));
        }
    }

    /** Templates are only deployed, never registered while running: the template and its variable must exist. */
    private void checkTemplateVariable(DiscoveredMethod m, Complete c) {
        ResourceRegistry.Registered template = resources.templates().stream().filter(t -> t.key().equals(c.resourceTemplate()))
                .findFirst().orElseThrow(() -> new DefinitionException(m.describe() + ": @Complete names the resource template '"
                        + c.resourceTemplate() + "', which no @McpResourceTemplate method declares"));
        if (!template.template().variables().contains(c.argument())) {
            throw new DefinitionException(m.describe() + ": @Complete names the variable '" + c.argument() + "' of the resource template '"
                    + c.resourceTemplate() + "', which has only " + template.template().variables());
        }
    }

    @Override
    public List<McpMethod> methods() {
        return List.of(McpMethod.both("completion/complete", exchange -> pipeline.run(exchange, complete)).asAudited());
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        capabilities.add("completions", JsonValue.EMPTY_JSON_OBJECT);
    }

    /**
     * The prompt or template a completion is for, the completer (if any), the partial value and the arguments already
     * resolved (of {@code item} only).
     */
    record Completion(McpItem item, Completer completer, String partial, Map<String, String> resolved) implements Target {
        @Override
        public Access additionalAccess() {
            return completer == null ? Access.permitAll() : completer.access();
        }

        /** The completer's method runs, not the prompt's or template's: an EJB container's refusal is of that one. */
        @Override
        public String javaMethodName() {
            return completer == null ? null : McpItem.javaMethodNameOf(completer.method().describe());
        }

        @Override
        public java.util.Set<String> javaClassNames() {
            return completer == null ? java.util.Set.of() : McpItem.javaClassNamesOf(completer.method().describe());
        }

        /**
         * Completions come at typing speed and run the completer, not the item: the per-caller limits apply to them,
         * not the item's own.
         */
        @Override
        public boolean runsItem() {
            return false;
        }
    }

    private final class CompleteOperation extends Operation<Completion> {
        CompleteOperation() {
            super("completion/complete", "ref");
        }

        /**
         * The prompt's name or the template's URI in {@code ref}: the one its type resolves by, so that a
         * {@code ref/resource} carrying a made-up {@code name} is not recorded under it.
         */
        @Override
        public String requestedName(Exchange exchange) {
            if (exchange.params().get("ref") instanceof JsonObject ref) {
                return switch (ref.getString("type", "")) {
                    case "ref/prompt" -> ref.getString("name", "?");
                    case "ref/resource" -> ref.getString("uri", "?");
                    default -> "?";
                };
            }
            return "?";
        }

        @Override
        public Completion resolve(Exchange exchange, Predicate<McpItem> usable) {
            JsonObject params = exchange.params();
            if (!(params.get("ref") instanceof JsonObject ref) || !(ref.get("type") instanceof JsonString type)) {
                throw McpException.invalidParams("Invalid params: completion/complete needs ref.type");
            }
            if (!(params.get("argument") instanceof JsonObject argument) || !(argument.get("name") instanceof JsonString argName)) {
                throw McpException.invalidParams("Invalid params: completion/complete needs argument.name");
            }
            if (!(argument.get("value") instanceof JsonString v)) {
                // required by every revision's schema (CompleteRequest): a completer is not run on a prefix made up here
                throw McpException.invalidParams("Invalid params: completion/complete needs argument.value, a string");
            }
            String partial = v.getString();
            JsonObject resolved = resolvedArguments(params);
            McpItem item;
            String target;
            List<String> names;
            switch (type.getString()) {
                case "ref/prompt" -> {
                    if (!(ref.get("name") instanceof JsonString name)) {
                        throw McpException.invalidParams("Invalid params: ref needs name");
                    }
                    target = name.getString();
                    item = prompts.find(target).filter(usable)
                            .orElseThrow(() -> McpException.invalidParams("Unknown prompt: " + name.getString()));
                    names = ((PromptRegistry.Registered) item).arguments().stream().map(a -> a.name()).toList();
                }
                case "ref/resource" -> {
                    if (!(ref.get("uri") instanceof JsonString uri)) {
                        throw McpException.invalidParams("Invalid params: ref needs uri");
                    }
                    String given = ResourceRegistry.checkLength(uri.getString());
                    ResourceRegistry.Registered found = resources.templates().stream().filter(t -> t.key().equals(given)).filter(usable)
                            .findFirst()
                            .or(() -> resources.resolve(given, usable).map(Map.Entry::getKey))
                            .orElseThrow(() -> McpException.invalidParams("Unknown resource or template: " + given));
                    item = found;
                    // the completer of what was found: the text given may be the key of a template switched off
                    target = found.key();
                    names = found.template() == null ? List.of() : found.template().variables();
                }
                default -> throw McpException.invalidParams("Invalid params: unknown ref type " + type.getString());
            }
            Map<String, String> known = new HashMap<>();
            for (String name : names) {
                if (resolved.get(name) instanceof JsonString value) {
                    known.put(name, value.getString());
                }
            }
            // only an argument the prompt or template declares has a completer: one it does not declare (a prompt
            // registered again without it) is not asked, whatever completer a name like it was given to
            Completer completer = names.contains(argName.getString())
                    ? completers.get(new CompleterKey(type.getString(), target, argName.getString())) : null;
            return new Completion(item, completer, partial, Map.copyOf(known));
        }

        /** {@code context.arguments}: an object of strings when present. */
        private static JsonObject resolvedArguments(JsonObject params) {
            JsonValue context = params.get("context");
            if (context == null || context == JsonValue.NULL) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            if (!(context instanceof JsonObject object)) {
                throw McpException.invalidParams("Invalid params: context must be an object");
            }
            JsonValue arguments = object.get("arguments");
            if (arguments == null || arguments == JsonValue.NULL) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            if (!(arguments instanceof JsonObject map) || !map.values().stream().allMatch(JsonString.class::isInstance)) {
                throw McpException.invalidParams("Invalid params: context.arguments must be an object of strings");
            }
            return map;
        }

        @Override
        public JsonObject invoke(Completion target, Exchange exchange) throws Exception {
            List<String> values = target.completer() == null ? List.of() : suggestions(target, exchange);
            JsonArrayBuilder array = JsonFactory.createArrayBuilder();
            values.stream().limit(MAX_VALUES).forEach(array::add);
            return JsonFactory.createObjectBuilder().add("completion", JsonFactory.createObjectBuilder()
                    .add("values", array).add("total", values.size()).add("hasMore", values.size() > MAX_VALUES)).build();
        }

        @Override
        public JsonObject unexpected(Completion target, String reference) {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Completion failed (reference " + reference + ")");
        }
    }

    private List<String> suggestions(Completion target, Exchange exchange) throws Exception {
        DiscoveredMethod completer = target.completer().method();
        Class<?>[] types = completer.method().getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i] == McpContext.class ? new ExchangeContext(exchange)
                    : types[i] == Map.class ? target.resolved() : target.partial();
        }
        // a collection of strings, checked when the application starts; an empty Optional, as null, suggests nothing,
        // and so does a null in it: suggestions have no places a client could read a gap at, so it is only left out
        Object returned = ReturnedValue.unwrapped(invoker.invoke(completer, args));
        return returned == null ? List.of()
                : ((Collection<?>) returned).stream().filter(Objects::nonNull).map(String::valueOf).toList();
    }

    @Override
    public java.util.Set<String> rolesInUse() {
        return completers.values().stream().flatMap(c -> c.access().roles().stream())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** What a completer completes: the {@code ref} type, the prompt's name or template's URI, the argument's name. */
    private record CompleterKey(String type, String target, String argument) {
        @Override
        public String toString() {
            return type + " '" + target + "' argument '" + argument + "'";
        }
    }
}
