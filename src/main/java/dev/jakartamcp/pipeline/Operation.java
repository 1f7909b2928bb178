package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.schema.JsonNumbers;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Map;
import java.util.function.Predicate;

/**
 * What one kind of request (tools/call, prompts/get, resources/read, completion/complete, resources/subscribe) adds to
 * the {@link FeaturePipeline}: how it finds its target, how it runs it, and what its answers look like. Everything
 * else — operator overrides, the access decision, rate limits, request state, error handling, audit — the pipeline
 * does the same way for all of them.
 */
public abstract class Operation<T extends Target> {
    private final String method;
    private final String nameParam;

    /**
     * @param method    the JSON-RPC method, as audited: "tools/call"
     * @param nameParam the params member naming the item ("name", "uri"), for the audit trail
     */
    protected Operation(String method, String nameParam) {
        this.method = method;
        this.nameParam = nameParam;
    }

    /**
     * A request's arguments as an operation reads them: none is an empty object, and one given as null counts as not
     * given (optional ones may be sent that way; a required one is then missing). A number anywhere in them beyond
     * {@link JsonNumbers}' bound is refused here (-32602, naming the argument and the path in it), so that no author
     * code, whatever the type of its parameter, nor JSON-B, ever gets one.
     */
    protected static JsonObject arguments(JsonValue raw) {
        if (!(raw instanceof JsonObject arguments)) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        boolean nulls = false;
        for (Map.Entry<String, JsonValue> argument : arguments.entrySet()) {
            JsonValue value = argument.getValue();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                nulls = true;
            } else {
                String problem = JsonNumbers.problem(value);
                if (problem != null) {
                    throw McpException.invalidParams("Invalid params: argument '" + argument.getKey() + "' " + problem);
                }
            }
        }
        if (!nulls) {
            return arguments;
        }
        JsonObjectBuilder b = JsonFactory.createObjectBuilder();
        arguments.forEach((k, v) -> {
            if (v.getValueType() != JsonValue.ValueType.NULL) {
                b.add(k, v);
            }
        });
        return b.build();
    }

    public final String method() {
        return method;
    }

    /** The name the request asks for, for the audit trail even when it does not resolve; never null. */
    public String requestedName(Exchange exchange) {
        return exchange.params().get(nameParam) instanceof JsonString s ? s.getString() : "?";
    }

    /**
     * Finds what the request names among the items {@code usable} accepts (switched-off items do not count, so they
     * answer exactly like unknown ones). Throws {@code McpException} for malformed parameters or an unknown item.
     */
    public abstract T resolve(Exchange exchange, Predicate<McpItem> usable);

    /**
     * What the request must have for the permitted target before it uses any of the item's limits (a capability it
     * did not declare): throws the error to answer with. Nothing by default.
     */
    public void checkNegotiated(T target, Exchange exchange) {
    }

    /** Runs the target; may throw the author's exceptions, which the operation maps in {@link #unexpected} or here. */
    public abstract JsonObject invoke(T target, Exchange exchange) throws Exception;

    /**
     * The answer when the author's code failed unexpectedly; the stack trace is in the server log under
     * {@code reference}. Tools answer with an error result, the others throw an internal error.
     */
    public abstract JsonObject unexpected(T target, String reference);

    /** The audited outcome of a result that came back. */
    public AuditRecord.Outcome outcome(JsonObject result) {
        return AuditRecord.Outcome.OK;
    }
}
