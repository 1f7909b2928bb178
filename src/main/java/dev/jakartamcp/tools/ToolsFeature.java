package dev.jakartamcp.tools;

import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.api.TaskWork;
import dev.jakartamcp.api.ToolException;
import dev.jakartamcp.beans.DependentWork;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.beans.ParameterViolations;
import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.pipeline.Causes;
import dev.jakartamcp.pipeline.FeaturePipeline;
import dev.jakartamcp.pipeline.ItemOverrides;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.pipeline.Operation;
import dev.jakartamcp.pipeline.Target;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpFeature;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.Texts;
import dev.jakartamcp.schema.ArgumentBindingException;
import dev.jakartamcp.schema.UnwritableValueException;
import dev.jakartamcp.tasks.TaskRunner;
import dev.jakartamcp.tasks.ToolAccess;
import dev.jakartamcp.tasks.TasksExtension;
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
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * tools/list and tools/call: what differs for tools; the rest is the {@link FeaturePipeline}. A call that runs as a
 * task takes the same path; only its last step starts the work and answers with the task.
 */
@ApplicationScoped
public class ToolsFeature implements McpFeature, ToolAccess {

    @Inject
    ToolRegistry registry;

    @Inject
    FeaturePipeline pipeline;

    @Inject
    ItemOverrides overrides;

    @Inject
    TasksExtension tasks;

    @Inject
    TaskRunner runner;

    private final Operation<ToolCall> call = new CallOperation();

    @Override
    public List<McpMethod> methods() {
        return List.of(McpMethod.both("tools/list", this::list).asCacheable(),
                McpMethod.both("tools/call", exchange -> pipeline.run(exchange, call)).allowingInputRequired().namedBy("name").asAudited());
    }

    @Override
    public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
        capabilities.add("tools", JsonFactory.createObjectBuilder().add("listChanged", true));
    }

    @Override
    public boolean mayUse(Caller caller, String toolName) {
        return registry.find(toolName).filter(tool -> pipeline.usable(caller, tool)).isPresent();
    }

    @Override
    public boolean isOn(String toolName) {
        return registry.find(toolName).filter(pipeline::enabled).isPresent();
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
            return new ToolCall(tool, arguments(rawArguments));
        }

        /**
         * Runs the tool and answers with its result, or, when the tool may run as a task and the request declared the
         * tasks extension, starts its work as a task and answers with the task. A tool that prepares its task
         * ({@code TaskWork}) runs within the call first and may ask the client (multi round-trip) before the task
         * exists.
         */
        @Override
        public void checkNegotiated(ToolCall target, Exchange exchange) {
            RegisteredTool tool = target.item();
            if (overrides.taskSupport(tool) == TaskSupport.REQUIRED && !tasks.declaredBy(exchange) && tasks.definedFor(exchange.revision())) {
                throw tasks.missingCapability("tool " + tool.name());
            }
            // in a 2025 session the extension does not exist and -32021 is no error of those revisions: the call is
            // processed as any other (2025-11-25 tasks: a receiver that did not declare tasks MUST process requests normally)
            if (exchange.revision().isModern()) {
                // a client told its Mcp-Param headers do not match re-reads tools/list and sends the call again
                tool.headerMirror().check(target.arguments(), exchange.paramHeaders());
            }
            if (asTask(tool, exchange)) {
                runner.checkRoom(exchange); // before the tool's rate limit and prepare step, which a task refused later wasted
            }
        }

        /** Whether the call runs as a task: the tool may run as one and the request declared the tasks extension. */
        private boolean asTask(RegisteredTool tool, Exchange exchange) {
            return overrides.taskSupport(tool) != TaskSupport.NONE && tasks.declaredBy(exchange);
        }

        @Override
        public JsonObject invoke(ToolCall target, Exchange exchange) throws Exception {
            RegisteredTool tool = target.item();
            JsonObject arguments = target.arguments();
            boolean asTask = asTask(tool, exchange);
            List<SchemaViolation> violations = tool.inputSchema().validate(arguments);
            if (!violations.isEmpty()) {
                return ToolResults.error("Invalid arguments for tool " + tool.name() + ": " + violations.stream()
                        .map(v -> (v.path().isEmpty() ? "" : Texts.cut(v.path(), 200) + ": ") + Texts.cut(v.message(), 200))
                        .collect(Collectors.joining("; ")));
            }
            ExchangeContext context = new ExchangeContext(exchange);
            if (!asTask) {
                return result(tool, exchange.revision(), () -> runWork(tool.invocation().invoke(arguments, context), context));
            }
            if (!tool.preparesTask()) {
                try {
                    // what cannot be bound is answered now, without a task (a record's constructor refusing its values)
                    tool.invocation().bindOnly(arguments, context);
                } catch (Exception e) {
                    return result(tool, exchange.revision(), () -> {
                        throw e;
                    });
                }
                return runner.start(exchange, tool.name(), taskContext ->
                        inTask(target, exchange.revision(), taskContext, () -> runWork(tool.invocation().invoke(arguments, taskContext), taskContext)));
            }
            Object[] prepared = new Object[1];
            JsonObject answer;
            try {
                answer = result(tool, exchange.revision(), () -> prepared[0] = tool.invocation().invoke(arguments, context));
            } catch (Exception | Error e) {
                DependentWork.discard(prepared[0]);
                throw e;
            }
            if (!(prepared[0] instanceof TaskWork<?> work)) {
                return answer;
            }
            if (exchange.isCancelled() || !exchange.pendingInputRequests().isEmpty()) {
                // the client went away, or is still to be asked (the prepare step swallowed the request for input):
                // the answer is not the task's, so a task started now could never be reached, only hold a place
                DependentWork.discard(work);
                return answer;
            }
            try {
                return runner.start(exchange, tool.name(), TaskRunner.Work.of(
                        taskContext -> inTask(target, exchange.revision(), taskContext, () -> run(work, taskContext)), () -> DependentWork.discard(work)));
            } catch (RuntimeException | Error e) {
                DependentWork.discard(work);
                throw e;
            }
        }

        /** A task's work: as a call's, except that failures after a cancellation end quietly (the task is cancelled). */
        private JsonObject inTask(ToolCall target, ProtocolRevision revision, McpContext taskContext, ToolCode code) throws Exception {
            try {
                return result(target.item(), revision, code);
            } catch (McpException e) {
                throw e;
            } catch (Exception e) {
                if (taskContext.isCancelled()) {
                    throw e;
                }
                return FeaturePipeline.recover(this, target, e);
            } catch (Error e) {
                if (taskContext.isCancelled() || !FeaturePipeline.isAuthorFailure(e)) {
                    throw e;
                }
                return FeaturePipeline.recover(this, target, e);
            }
        }

        @Override
        public JsonObject unexpected(ToolCall target, String reference) {
            return ToolResults.error("Tool " + target.item().name() + " failed with an internal error (reference " + reference + ")");
        }

        @Override
        public AuditRecord.Outcome outcome(JsonObject result) {
            if ("task".equals(result.getString("resultType", null))) {
                return AuditRecord.Outcome.TASK_CREATED;
            }
            return result.getBoolean("isError", false) ? AuditRecord.Outcome.TOOL_ERROR : AuditRecord.Outcome.OK;
        }
    }

    /** The author's code of one call or task. */
    @FunctionalInterface
    private interface ToolCode {
        Object run() throws Exception;
    }

    /** What the tool returned, as a CallToolResult; a {@code TaskWork} returned outside a task runs at once. */
    private static Object runWork(Object returned, McpContext context) throws Exception {
        return returned instanceof TaskWork<?> work ? run(work, context) : returned;
    }

    /** Runs the work a tool returned, whose failures are all the tool's own (see {@link FeaturePipeline#ofReturnedWork}). */
    private static Object run(TaskWork<?> work, McpContext context) throws Exception {
        try {
            return work.run(context);
        } catch (Exception e) {
            throw FeaturePipeline.ofReturnedWork(e);
        }
    }

    /** The CallToolResult of the author's code, with its argument and validation failures as tool errors. */
    private JsonObject result(RegisteredTool tool, ProtocolRevision revision, ToolCode code) throws Exception {
        try {
            Object returned = code.run();
            if (returned instanceof TaskWork<?>) {
                // the prepare step of a task: the work is not its result, and is not written (its getters would run)
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            return ToolResults.of(returned, registry.binder(), tool.outputSchema(), revision);
        } catch (ArgumentBindingException e) {
            return ToolResults.error("Invalid arguments for tool " + tool.name() + ": " + e.argumentName() + ": " + e.getMessage());
        } catch (UnwritableValueException e) {
            return ToolResults.error("Tool " + tool.name() + " returned a result it cannot write"
                    + (tool.outputSchema() != null ? " as its outputSchema says: " : ": ") + e.getMessage());
        } catch (McpException | InputRequiredSignal e) {
            throw e;
        } catch (Exception e) {
            // also when wrapped: by an EJB container (a session bean's method) or the author's catch
            Optional<ToolException> failed = Causes.first(e, ToolException.class);
            if (failed.isPresent()) {
                return ToolResults.error(failed.get().getMessage());
            }
            // the container's Bean Validation of the method's parameters caught what the schema could not express; a
            // violation of its return value is the tool's own failure
            Optional<ConstraintViolationException> violated = Causes.first(e, ConstraintViolationException.class);
            if (violated.isPresent()) {
                Optional<String> arguments = ParameterViolations.of(violated.get(), tool.javaMethodName(), tool.javaClassNames());
                if (arguments.isPresent()) {
                    return ToolResults.error("Invalid arguments for tool " + tool.name() + ": " + arguments.get());
                }
                Optional<String> result = ParameterViolations.ofReturnValue(violated.get(), tool.javaMethodName(), tool.javaClassNames());
                if (result.isPresent()) {
                    return ToolResults.error("Tool " + tool.name() + " returned a result its constraints refuse: " + result.get());
                }
            }
            throw e; // an McpException it wraps: FeaturePipeline.recover
        }
    }

}
