package dev.jakartamcp.tools;

import dev.jakartamcp.api.ToolException;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.ops.AuditTrail;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Pagination;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.schema.ArgumentBindingException;
import dev.jakartamcp.schema.SchemaValidator;
import dev.jakartamcp.schema.SchemaViolation;
import dev.jakartamcp.security.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolationException;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** tools/list and tools/call. */
@ApplicationScoped
public class ToolsFeature implements McpFeature {
    private static final Logger LOG = Logger.getLogger(ToolsFeature.class.getName());

    @Inject
    ToolRegistry registry;

    @Inject
    AccessPolicy access;

    @Inject
    McpSettings settings;

    @Inject
    AuditTrail audit;

    @Override
    public List<McpMethod> methods() {
        return List.of(McpMethod.both("tools/list", this::list).asCacheable(),
                McpMethod.both("tools/call", this::call).allowingInputRequired());
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        capabilities.add("tools", Json.createObjectBuilder().add("listChanged", true));
    }

    private JsonObject list(Exchange exchange) {
        List<RegisteredTool> visible = registry.all().stream()
                .filter(t -> registry.isEnabled(t.name()) && access.permits(exchange.caller(), registry.rolesAllowed(t)))
                .toList();
        Pagination.Page<RegisteredTool> page = Pagination.page(visible, exchange.params(), settings.pageSize(), RegisteredTool::name);
        JsonArrayBuilder tools = Json.createArrayBuilder();
        page.items().forEach(t -> tools.add(registry.describe(t)));
        JsonObjectBuilder result = Json.createObjectBuilder().add("tools", tools);
        if (page.nextCursor() != null) {
            result.add("nextCursor", page.nextCursor());
        }
        return result.build();
    }

    /** An argument given as null counts as not given: optional arguments may be sent that way. */
    private static JsonObject withoutNulls(JsonObject arguments) {
        if (!arguments.containsValue(JsonValue.NULL)) {
            return arguments;
        }
        JsonObjectBuilder b = Json.createObjectBuilder();
        arguments.forEach((k, v) -> {
            if (v != JsonValue.NULL) {
                b.add(k, v);
            }
        });
        return b.build();
    }

    private JsonObject call(Exchange exchange) {
        long started = System.nanoTime();
        String name = exchange.params().get("name") instanceof JsonString n ? n.getString() : "?";
        AuditTrail.Outcome outcome = AuditTrail.Outcome.FAILED;
        try {
            JsonObject result = invoke(exchange);
            outcome = result.getBoolean("isError", false) ? AuditTrail.Outcome.TOOL_ERROR : AuditTrail.Outcome.OK;
            return result;
        } catch (InputRequiredSignal signal) {
            outcome = AuditTrail.Outcome.INPUT_REQUIRED;
            throw signal;
        } catch (McpException e) {
            outcome = e.httpStatus() == 403 ? AuditTrail.Outcome.DENIED : AuditTrail.Outcome.FAILED;
            throw e;
        } finally {
            audit.record(exchange.caller(), "tools/call", name, exchange.revision().wire(), outcome,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private JsonObject invoke(Exchange exchange) {
        JsonObject params = exchange.params();
        if (!(params.get("name") instanceof JsonString nameValue)) {
            throw McpException.invalidParams("Invalid params: tools/call needs a string 'name'");
        }
        String name = nameValue.getString();
        JsonValue rawArguments = params.get("arguments");
        if (rawArguments != null && rawArguments != JsonValue.NULL && !(rawArguments instanceof JsonObject)) {
            throw McpException.invalidParams("Invalid params: 'arguments' must be an object");
        }
        JsonObject arguments = withoutNulls(rawArguments instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT);
        RegisteredTool tool = registry.find(name).filter(t -> registry.isEnabled(t.name()))
                .orElseThrow(() -> McpException.invalidParams("Unknown tool: " + name));
        if (!access.permits(exchange.caller(), registry.rolesAllowed(tool))) {
            throw access.denied("tool " + name, registry.rolesAllowed(tool));
        }
        if (exchange.revision().isModern()) {
            tool.headerMirror().check(arguments, exchange.paramHeaders());
        }
        List<SchemaViolation> violations = SchemaValidator.validate(tool.inputSchema(), arguments);
        if (!violations.isEmpty()) {
            return ToolResults.error("Invalid arguments for tool " + name + ": " + violations.stream()
                    .map(v -> (v.path().isEmpty() ? "" : v.path() + ": ") + v.message()).collect(Collectors.joining("; ")));
        }
        try {
            Object returned = tool.invocation().invoke(arguments, new ExchangeContext(exchange));
            return ToolResults.of(returned, registry.binder());
        } catch (InputRequiredSignal | McpException e) {
            throw e;
        } catch (ArgumentBindingException e) {
            return ToolResults.error("Invalid arguments for tool " + name + ": " + e.argumentName() + ": " + e.getMessage());
        } catch (ToolException e) {
            return ToolResults.error(e.getMessage());
        } catch (ConstraintViolationException e) {
            // the container's Bean Validation of the method's parameters caught what the schema could not express
            return ToolResults.error("Invalid arguments for tool " + name + ": " + e.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        } catch (Exception e) {
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "Tool " + name + " failed (reference " + reference + ")", e);
            return ToolResults.error("Tool " + name + " failed with an internal error (reference " + reference + ")");
        }
    }
}
