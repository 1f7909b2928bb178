package dev.jakartamcp.prompts;

import dev.jakartamcp.api.PromptMessage;
import dev.jakartamcp.api.PromptResult;
import dev.jakartamcp.beans.ContentJson;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.beans.ParameterViolations;
import dev.jakartamcp.beans.ReturnedValue;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.schema.ArgumentBindingException;
import dev.jakartamcp.schema.SchemaProperty;
import dev.jakartamcp.pipeline.Causes;
import dev.jakartamcp.pipeline.FeaturePipeline;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.pipeline.Operation;
import dev.jakartamcp.pipeline.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolationException;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** prompts/list and prompts/get: what differs for prompts; the rest is the {@link FeaturePipeline}. */
@ApplicationScoped
public class PromptsFeature implements McpFeature {

    @Inject
    PromptRegistry registry;

    @Inject
    FeaturePipeline pipeline;

    private final Operation<PromptGet> get = new GetOperation();

    @Override
    public List<McpMethod> methods() {
        return List.of(McpMethod.both("prompts/list", this::list).asCacheable(),
                McpMethod.both("prompts/get", exchange -> pipeline.run(exchange, get)).allowingInputRequired().namedBy("name").asAudited());
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        capabilities.add("prompts", JsonFactory.createObjectBuilder().add("listChanged", true));
    }

    private JsonObject list(Exchange exchange) {
        return pipeline.list(exchange, "prompts", registry.all(), PromptRegistry.Registered::name);
    }

    /** A prompts/get that named an existing prompt, with its arguments. */
    record PromptGet(PromptRegistry.Registered item, JsonObject arguments) implements Target {
    }

    private final class GetOperation extends Operation<PromptGet> {
        GetOperation() {
            super("prompts/get", "name");
        }

        @Override
        public PromptGet resolve(Exchange exchange, Predicate<McpItem> usable) {
            if (!(exchange.params().get("name") instanceof JsonString nameValue)) {
                throw McpException.invalidParams("Invalid params: prompts/get needs a string 'name'");
            }
            String name = nameValue.getString();
            JsonValue raw = exchange.params().get("arguments");
            if (raw != null && raw != JsonValue.NULL && !(raw instanceof JsonObject)) {
                throw McpException.invalidParams("Invalid params: 'arguments' must be an object");
            }
            PromptRegistry.Registered prompt = registry.find(name).filter(usable)
                    .orElseThrow(() -> McpException.invalidParams("Unknown prompt: " + name));
            return new PromptGet(prompt, arguments(raw));
        }

        @Override
        public JsonObject invoke(PromptGet target, Exchange exchange) throws Exception {
            PromptRegistry.Registered prompt = target.item();
            for (SchemaProperty a : prompt.arguments()) {
                if (a.required() && !target.arguments().containsKey(a.name())) {
                    throw McpException.invalidParams("Invalid params: missing required argument '" + a.name() + "' of prompt " + prompt.name());
                }
            }
            try {
                return result(prompt.renderer().render(target.arguments(), new ExchangeContext(exchange)), exchange.revision());
            } catch (ArgumentBindingException e) {
                throw McpException.invalidParams("Invalid params: argument '" + e.argumentName() + "' " + e.getMessage());
            } catch (McpException | InputRequiredSignal e) {
                throw e;
            } catch (Exception e) {
                // the container's Bean Validation of the method's parameters: the caller's error, as for a tool (also
                // when wrapped: by an EJB container, for a session bean's method, or by the author's catch)
                Optional<String> refused = Causes.first(e, ConstraintViolationException.class)
                        .flatMap(violated -> ParameterViolations.of(violated, prompt.javaMethodName(), prompt.javaClassNames()));
                if (refused.isPresent()) {
                    throw McpException.invalidParams("Invalid params: arguments of prompt " + prompt.name() + ": " + refused.get());
                }
                throw e;
            }
        }

        @Override
        public JsonObject unexpected(PromptGet target, String reference) {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Prompt " + target.item().name() + " failed (reference " + reference + ")");
        }
    }


    /** The GetPromptResult of what the prompt returned; an {@code Optional} answers as its value, an empty one as null. */
    private static JsonObject result(Object answer, ProtocolRevision revision) {
        Object returned = ReturnedValue.unwrapped(answer);
        JsonObjectBuilder result = JsonFactory.createObjectBuilder();
        List<?> messages;
        if (returned instanceof PromptResult r) {
            if (r.description() != null) {
                result.add("description", r.description());
            }
            messages = r.messages();
        } else if (returned instanceof Collection<?> c) {
            messages = ReturnedValue.unwrappedElements(c);
        } else {
            messages = List.of(returned == null ? "" : returned);
        }
        JsonArrayBuilder array = JsonFactory.createArrayBuilder();
        for (Object m : messages) {
            PromptMessage message = m instanceof PromptMessage pm ? pm : PromptMessage.user(String.valueOf(m));
            array.add(JsonFactory.createObjectBuilder().add("role", message.role().wire()).add("content", ContentJson.of(message.content(), revision)));
        }
        return result.add("messages", array).build();
    }

}
