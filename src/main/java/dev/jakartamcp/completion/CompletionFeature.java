package dev.jakartamcp.completion;

import dev.jakartamcp.api.Complete;
import dev.jakartamcp.beans.BeanInvoker;
import dev.jakartamcp.beans.DiscoveredMethod;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.beans.McpBeansExtension;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * completion/complete: suggestions for a prompt argument or a resource template variable, from {@link Complete}
 * methods. Without a completer for the argument the answer is an empty list.
 */
@ApplicationScoped
public class CompletionFeature implements McpFeature {
    private static final Logger LOG = Logger.getLogger(CompletionFeature.class.getName());
    private static final int MAX_VALUES = 100;

    @Inject
    McpBeansExtension discovered;

    @Inject
    BeanInvoker invoker;

    private final Map<String, DiscoveredMethod> completers = new HashMap<>();

    @PostConstruct
    void init() {
        for (DiscoveredMethod m : discovered.methodsAnnotatedWith(Complete.class)) {
            Complete c = m.method().getAnnotation(Complete.class);
            boolean prompt = !c.prompt().isEmpty();
            if (prompt == !c.resourceTemplate().isEmpty()) {
                throw new DefinitionException(m.describe() + ": @Complete names exactly one of prompt or resourceTemplate");
            }
            Method method = m.method();
            for (Class<?> type : method.getParameterTypes()) {
                if (type != String.class && type != McpContext.class) {
                    throw new DefinitionException(m.describe() + ": a @Complete method takes the partial value (String) and optionally McpContext");
                }
            }
            String key = key(prompt ? "ref/prompt" : "ref/resource", prompt ? c.prompt() : c.resourceTemplate(), c.argument());
            if (completers.putIfAbsent(key, m) != null) {
                throw new DefinitionException("Two @Complete methods for " + key + ": " + completers.get(key).describe() + " and " + m.describe());
            }
        }
    }

    @Override
    public List<McpMethod> methods() {
        return List.of(McpMethod.both("completion/complete", this::complete));
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        capabilities.add("completions", JsonValue.EMPTY_JSON_OBJECT);
    }

    private JsonObject complete(Exchange exchange) {
        JsonObject params = exchange.params();
        if (!(params.get("ref") instanceof JsonObject ref) || !(ref.get("type") instanceof JsonString type)) {
            throw McpException.invalidParams("Invalid params: completion/complete needs ref.type");
        }
        if (!(params.get("argument") instanceof JsonObject argument) || !(argument.get("name") instanceof JsonString argName)) {
            throw McpException.invalidParams("Invalid params: completion/complete needs argument.name");
        }
        String target = switch (type.getString()) {
            case "ref/prompt" -> ref.getString("name", null);
            case "ref/resource" -> ref.getString("uri", null);
            default -> throw McpException.invalidParams("Invalid params: unknown ref type " + type.getString());
        };
        if (target == null) {
            throw McpException.invalidParams("Invalid params: ref needs " + (type.getString().equals("ref/prompt") ? "name" : "uri"));
        }
        String partial = argument.get("value") instanceof JsonString v ? v.getString() : "";
        DiscoveredMethod completer = completers.get(key(type.getString(), target, argName.getString()));
        List<String> values = completer == null ? List.of() : invoke(completer, partial, exchange);
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.stream().limit(MAX_VALUES).forEach(array::add);
        return Json.createObjectBuilder().add("completion", Json.createObjectBuilder()
                .add("values", array).add("total", values.size()).add("hasMore", values.size() > MAX_VALUES)).build();
    }

    private List<String> invoke(DiscoveredMethod completer, String partial, Exchange exchange) {
        Class<?>[] types = completer.method().getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i] == McpContext.class ? new ExchangeContext(exchange) : partial;
        }
        try {
            Object returned = invoker.invoke(completer, args);
            if (returned instanceof Collection<?> c) {
                return c.stream().map(String::valueOf).toList();
            }
            return returned == null ? List.of() : List.of(String.valueOf(returned));
        } catch (McpException e) {
            throw e;
        } catch (Exception e) {
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "Completion " + completer.describe() + " failed (reference " + reference + ")", e);
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Completion failed (reference " + reference + ")");
        }
    }

    private static String key(String type, String target, String argument) {
        return type + " " + target + " " + argument;
    }
}
