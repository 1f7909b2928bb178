package dev.jakartamcp.tools;

import dev.jakartamcp.api.ToolException;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.ops.AuditTrail;
import dev.jakartamcp.pipeline.FeaturePipeline;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.pipeline.Operation;
import dev.jakartamcp.pipeline.Target;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.schema.ArgumentBindingException;
import dev.jakartamcp.schema.SchemaValidator;
import dev.jakartamcp.schema.SchemaViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolationException;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** tools/list and tools/call: what differs for tools; the rest is the {@link FeaturePipeline}. */
@ApplicationScoped
public class ToolsFeature implements McpFeature {

    @Inject
    ToolRegistry registry;

    @Inject
    FeaturePipeline pipeline;

    private final Operation<ToolCall> call = new CallOperation();

    @Override
    public List<McpMethod> methods() {
        return List.of(McpMethod.both("tools/list", this::list).asCacheable(),
                McpMethod.both("tools/call", exchange -> pipeline.run(exchange, call)).allowingInputRequired().namedBy("name"));
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        capabilities.add("tools", JsonFactory.createObjectBuilder().add("listChanged", true));
    }

    private JsonObject list(Exchange exchange) {
        return pipeline.list(exchange, "tools", registry.all(), RegisteredTool::name);
    }

    /** A tools/call that named an existing tool, with its arguments (nulls dropped). */
    record ToolCall(RegisteredTool item, JsonObject arguments) implements Target {
    }

    private final class CallOperation extends Operation<ToolCall> {
        CallOperation() {
            super("tools/call", "name");
        }

        @Override
        public ToolCall resolve(Exchange exchange, Predicate<McpItem> usable) {
            JsonObject params = exchange.params();
            if (!(params.get("name") instanceof JsonString nameValue)) {
                throw McpException.invalidParams("Invalid params: tools/call needs a string 'name'");
            }
            String name = nameValue.getString();
            JsonValue rawArguments = params.get("arguments");
            if (rawArguments != null && rawArguments != JsonValue.NULL && !(rawArguments instanceof JsonObject)) {
                throw McpException.invalidParams("Invalid params: 'arguments' must be an object");
            }
            RegisteredTool tool = registry.find(name).filter(usable)
                    .orElseThrow(() -> McpException.invalidParams("Unknown tool: " + name));
            return new ToolCall(tool, withoutNulls(rawArguments instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT));
        }

        @Override
        public JsonObject invoke(ToolCall target, Exchange exchange) throws Exception {
            RegisteredTool tool = target.item();
            JsonObject arguments = target.arguments();
            if (exchange.revision().isModern()) {
                tool.headerMirror().check(arguments, exchange.paramHeaders());
            }
            List<SchemaViolation> violations = SchemaValidator.validate(tool.inputSchema(), arguments);
            if (!violations.isEmpty()) {
                return ToolResults.error("Invalid arguments for tool " + tool.name() + ": " + violations.stream()
                        .map(v -> (v.path().isEmpty() ? "" : shorten(v.path()) + ": ") + shorten(v.message()))
                        .collect(Collectors.joining("; ")));
            }
            try {
                return ToolResults.of(tool.invocation().invoke(arguments, new ExchangeContext(exchange)), registry.binder());
            } catch (ArgumentBindingException e) {
                return ToolResults.error("Invalid arguments for tool " + tool.name() + ": " + e.argumentName() + ": " + e.getMessage());
            } catch (ToolException e) {
                return ToolResults.error(e.getMessage());
            } catch (ConstraintViolationException e) {
                // the container's Bean Validation of the method's parameters caught what the schema could not express
                return ToolResults.error("Invalid arguments for tool " + tool.name() + ": " + e.getConstraintViolations().stream()
                        .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
            }
        }

        @Override
        public JsonObject unexpected(ToolCall target, String reference) {
            return ToolResults.error("Tool " + target.item().name() + " failed with an internal error (reference " + reference + ")");
        }

        @Override
        public AuditTrail.Outcome outcome(JsonObject result) {
            return result.getBoolean("isError", false) ? AuditTrail.Outcome.TOOL_ERROR : AuditTrail.Outcome.OK;
        }
    }

    /** Paths and messages echo the caller's property names and patterns: keep each to a readable length. */
    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** An argument given as null counts as not given: optional arguments may be sent that way. */
    private static JsonObject withoutNulls(JsonObject arguments) {
        if (!arguments.containsValue(JsonValue.NULL)) {
            return arguments;
        }
        JsonObjectBuilder b = JsonFactory.createObjectBuilder();
        arguments.forEach((k, v) -> {
            if (v != JsonValue.NULL) {
                b.add(k, v);
            }
        });
        return b.build();
    }
}
