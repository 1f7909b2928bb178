package dev.jakartamcp.prompts;

import dev.jakartamcp.api.PromptMessage;
import dev.jakartamcp.api.PromptResult;
import dev.jakartamcp.beans.ContentJson;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Pagination;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.schema.ArgumentBindingException;
import dev.jakartamcp.schema.SchemaProperty;
import dev.jakartamcp.security.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** prompts/list and prompts/get. */
@ApplicationScoped
public class PromptsFeature implements McpFeature {
    private static final Logger LOG = Logger.getLogger(PromptsFeature.class.getName());

    @Inject
    PromptRegistry registry;

    @Inject
    AccessPolicy access;

    @Inject
    McpSettings settings;

    @Override
    public List<McpMethod> methods() {
        return List.of(McpMethod.both("prompts/list", this::list).asCacheable(),
                McpMethod.both("prompts/get", this::get).allowingInputRequired());
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        capabilities.add("prompts", Json.createObjectBuilder().add("listChanged", true));
    }

    private JsonObject list(Exchange exchange) {
        List<PromptRegistry.Registered> visible = registry.all().stream()
                .filter(p -> access.permits(exchange.caller(), p.rolesAllowed())).toList();
        return Pagination.listResult("prompts", visible, exchange.params(), settings.pageSize(),
                PromptRegistry.Registered::name, PromptRegistry.Registered::descriptor);
    }

    private JsonObject get(Exchange exchange) {
        if (!(exchange.params().get("name") instanceof JsonString nameValue)) {
            throw McpException.invalidParams("Invalid params: prompts/get needs a string 'name'");
        }
        String name = nameValue.getString();
        PromptRegistry.Registered prompt = registry.find(name)
                .orElseThrow(() -> McpException.invalidParams("Unknown prompt: " + name));
        if (!access.permits(exchange.caller(), prompt.rolesAllowed())) {
            throw access.denied("prompt " + name, prompt.rolesAllowed());
        }
        JsonValue raw = exchange.params().get("arguments");
        if (raw != null && raw != JsonValue.NULL && !(raw instanceof JsonObject)) {
            throw McpException.invalidParams("Invalid params: 'arguments' must be an object");
        }
        JsonObject arguments = raw instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        for (SchemaProperty a : prompt.arguments()) {
            if (a.required() && !arguments.containsKey(a.name())) {
                throw McpException.invalidParams("Invalid params: missing required argument '" + a.name() + "' of prompt " + name);
            }
        }
        Object returned;
        try {
            returned = prompt.renderer().render(arguments, new ExchangeContext(exchange));
        } catch (InputRequiredSignal | McpException e) {
            throw e;
        } catch (ArgumentBindingException e) {
            throw McpException.invalidParams("Invalid params: argument '" + e.argumentName() + "' " + e.getMessage());
        } catch (Exception e) {
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "Prompt " + name + " failed (reference " + reference + ")", e);
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Prompt " + name + " failed (reference " + reference + ")");
        }
        return result(returned);
    }

    private static JsonObject result(Object returned) {
        JsonObjectBuilder result = Json.createObjectBuilder();
        List<?> messages;
        if (returned instanceof PromptResult r) {
            if (r.description() != null) {
                result.add("description", r.description());
            }
            messages = r.messages();
        } else if (returned instanceof Collection<?> c) {
            messages = List.copyOf(c);
        } else {
            messages = List.of(returned == null ? "" : returned);
        }
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (Object m : messages) {
            PromptMessage message = m instanceof PromptMessage pm ? pm : PromptMessage.user(String.valueOf(m));
            array.add(Json.createObjectBuilder().add("role", message.role().wire()).add("content", ContentJson.of(message.content())));
        }
        return result.add("messages", array).build();
    }

}
