package dev.jakartamcp.tasks;

import dev.jakartamcp.api.ElicitResult;
import dev.jakartamcp.api.InputRequest;
import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.beans.ExchangeContext;
import dev.jakartamcp.protocol.Exchange;
import jakarta.json.JsonObject;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@link McpContext} of a task's work. Questions go to the client through the task ({@code input_required},
 * answered by {@code tasks/update}); progress becomes the task's status message, since the extension sends no
 * progress or log notifications for tasks (log messages are dropped); cancellation is the client's
 * {@code tasks/cancel} or the end of the task's lifetime.
 */
final class TaskContext implements McpContext {
    private final Exchange exchange;
    private final ExchangeContext requestContext;
    private final Consumer<String> statusMessage;

    TaskContext(Exchange detached, Consumer<String> statusMessage) {
        this.exchange = detached;
        this.requestContext = new ExchangeContext(detached);
        this.statusMessage = statusMessage;
    }

    @Override
    public String protocolVersion() {
        return requestContext.protocolVersion();
    }

    @Override
    public void progress(double progress, Double total, String message) {
        if (message != null && !message.isBlank()) {
            statusMessage.accept(message);
        } else {
            statusMessage.accept(total == null ? number(progress) : number(progress) + " of " + number(total));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public void log(LogLevel level, String message) {
        // not sent: notifications/message is not supported on tasks
    }

    @Override
    public boolean isCancelled() {
        return exchange.isCancelled() || Thread.currentThread().isInterrupted();
    }

    @Override
    public ElicitResult elicit(String message, JsonObject requestedSchema) {
        return requestContext.elicit(message, requestedSchema);
    }

    @Override
    public ElicitResult elicitUrl(String message, URI url, String elicitationId) {
        return requestContext.elicitUrl(message, url, elicitationId);
    }

    @Override
    public JsonObject sample(JsonObject params) {
        return requestContext.sample(params);
    }

    @Override
    public JsonObject roots() {
        return requestContext.roots();
    }

    @Override
    public Map<String, JsonObject> ask(Map<String, InputRequest> requests) {
        return requestContext.ask(requests);
    }

    @Override
    public String subject() {
        return requestContext.subject();
    }

    @Override
    public Set<String> roles() {
        return requestContext.roles();
    }

    @Override
    public JsonObject clientCapabilities() {
        return requestContext.clientCapabilities();
    }
}
