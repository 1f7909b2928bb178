package dev.jakartamcp.beans;

import dev.jakartamcp.api.ElicitResult;
import dev.jakartamcp.api.InputRequest;
import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.Texts;
import dev.jakartamcp.schema.SchemaValidator;
import dev.jakartamcp.schema.SchemaViolation;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@link McpContext} of one request. */
public final class ExchangeContext implements McpContext {
    private final Exchange exchange;

    public ExchangeContext(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String protocolVersion() {
        return exchange.revision().wire();
    }

    @Override
    public void progress(double progress, Double total, String message) {
        exchange.progress(progress, total, message);
    }

    @Override
    public void log(LogLevel level, String message) {
        exchange.log(level, null, JsonFactory.createValue(message));
    }

    @Override
    public boolean isCancelled() {
        return exchange.isCancelled();
    }

    /** The actions of an ElicitResult (every revision's schema). */
    private static final java.util.Set<String> ACTIONS = java.util.Set.of("accept", "decline", "cancel");

    @Override
    public ElicitResult elicit(String message, JsonObject requestedSchema) {
        JsonObject result = askOne(InputRequest.elicitation(message, requestedSchema));
        JsonValue content = result.get("content");
        String action = action(result);
        if ("accept".equals(action)) {
            if (content != null && !(content instanceof JsonObject)) {
                throw McpException.invalidParams("Invalid params: the client's elicitation/create answer has content that is no object");
            }
            // what was accepted without content is checked as nothing given: a schema requiring a field refuses it
            checkAgainst(requestedSchema, content instanceof JsonObject answered ? answered : JsonValue.EMPTY_JSON_OBJECT);
        }
        return new ElicitResult(action, content instanceof JsonObject o ? o : null);
    }

    /** The answer's action, one of the three every revision's schema has; else -32602, before the tool sees it. */
    private static String action(JsonObject result) {
        if (!(result.get("action") instanceof JsonString action) || !ACTIONS.contains(action.getString())) {
            throw McpException.invalidParams("Invalid params: the client's elicitation/create answer has no action of"
                    + " accept, decline or cancel");
        }
        return action.getString();
    }

    /**
     * What the user accepted matches the schema it was asked with ("Servers SHOULD validate received data matches the
     * requested schema", client/elicitation), so the tool gets what it asked for: otherwise -32602 naming where it
     * does not, before the tool sees it. A schema the server's validator does not take (the client checked it) is
     * left unchecked.
     */
    private static void checkAgainst(JsonObject requestedSchema, JsonObject content) {
        List<SchemaViolation> violations;
        try {
            violations = SchemaValidator.validate(requestedSchema, content);
        } catch (IllegalArgumentException unsupported) {
            return;
        }
        if (!violations.isEmpty()) {
            String where = violations.stream().limit(5).map(SchemaViolation::toString).collect(Collectors.joining("; "));
            throw McpException.invalidParams("Invalid params: the client's elicitation/create answer does not match the requested schema: "
                    + Texts.cut(where, 1000));
        }
    }

    @Override
    public ElicitResult elicitUrl(String message, URI url, String elicitationId) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(elicitationId, "elicitationId");
        if (!url.isAbsolute() || url.getHost() == null || !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("A URL mode elicitation needs an absolute http(s) URL, not " + url);
        }
        if (!exchange.revision().atLeast(ProtocolRevision.V2025_11_25)) {
            throw new McpException(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY, "URL mode elicitation needs protocol version 2025-11-25 or later",
                    JsonFactory.createObjectBuilder().add("requiredCapabilities", JsonFactory.createObjectBuilder()
                            .add("elicitation", JsonFactory.createObjectBuilder().add("url", JsonValue.EMPTY_JSON_OBJECT))).build(),
                    McpException.Reason.BAD_REQUEST);
        }
        // 2026-07-28 removed elicitationId: the client retries the call instead of waiting for a notification
        JsonObject result = askOne(InputRequest.urlElicitation(message, url.toString(),
                exchange.revision().isModern() ? null : elicitationId));
        return new ElicitResult(action(result), null);
    }

    @Override
    public JsonObject sample(JsonObject params) {
        return askOne(InputRequest.sampling(params));
    }

    @Override
    public JsonObject roots() {
        return askOne(InputRequest.roots());
    }

    @Override
    public Map<String, JsonObject> ask(Map<String, InputRequest> requests) {
        return exchange.ask(requests);
    }

    private JsonObject askOne(InputRequest request) {
        String key = exchange.nextInputKey(request.capability());
        return exchange.ask(Map.of(key, request)).get(key);
    }

    @Override
    public String subject() {
        return exchange.caller().subject();
    }

    @Override
    public Set<String> roles() {
        return exchange.caller().roles();
    }

    @Override
    public JsonObject clientCapabilities() {
        return exchange.clientCapabilities();
    }
}
