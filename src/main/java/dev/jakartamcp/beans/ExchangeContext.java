package dev.jakartamcp.beans;

import dev.jakartamcp.api.ElicitResult;
import dev.jakartamcp.api.InputRequest;
import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Map;
import java.util.Set;

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

    @Override
    public ElicitResult elicit(String message, JsonObject requestedSchema) {
        JsonObject result = askOne(InputRequest.elicitation(message, requestedSchema));
        JsonValue content = result.get("content");
        return new ElicitResult(result.getString("action", "cancel"), content instanceof JsonObject o ? o : null);
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
