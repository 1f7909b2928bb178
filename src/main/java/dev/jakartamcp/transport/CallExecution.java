package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.pipeline.AuthorExecution;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one request to its answer: on the execution pool when it runs author code ({@link AuthorExecution}), the HTTP
 * thread returning to the container at once, else right here. The work runs in the request's scope
 * ({@link RequestScope}) and is counted by the {@link Drain} until it has answered.
 */
@ApplicationScoped
public class CallExecution {
    private static final Logger LOG = Logger.getLogger(CallExecution.class.getName());

    @Inject
    AuthorExecution execution;

    @Inject
    BeanManager beans;

    @Inject
    Drain drain;

    /** What dispatching a request came to: its result, or the JSON-RPC error to answer. */
    record Outcome(JsonObject result, McpException error) {
    }

    /**
     * Dispatches (with {@code dispatch}) and answers (with {@code answer}) the request of {@code method} that
     * {@code post} carries. Throws {@link McpException} (503, -31503) when the pool is full or the server is stopping:
     * then nothing ran.
     */
    void run(IncomingPost post, String method, Supplier<JsonObject> dispatch, Consumer<Outcome> answer) {
        if (!execution.runsAuthorCode(method)) {
            answer.accept(outcome(dispatch));
            return;
        }
        RequestScope scope = RequestScope.capture(post.request(), beans);
        if (!drain.enter()) {
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY,
                    "Service Unavailable: the server is shutting down; retry, or use another instance", Duration.ofSeconds(5));
        }
        try {
            execution.submit(() -> {
                try {
                    Outcome outcome;
                    try {
                        outcome = scope.call(() -> outcome(dispatch));
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Internal error in " + method, e);
                        outcome = new Outcome(null, new McpException(ErrorCode.INTERNAL_ERROR, "Internal error"));
                    }
                    answer.accept(outcome);
                } catch (RuntimeException | Error e) {
                    unanswered(post, method, e);
                } finally {
                    drain.exit();
                }
            });
        } catch (RuntimeException e) {
            drain.exit();
            throw e;
        }
    }

    private static Outcome outcome(Supplier<JsonObject> dispatch) {
        try {
            return new Outcome(dispatch.get(), null);
        } catch (McpException e) {
            return new Outcome(null, e);
        }
    }

    /** Answering failed on the execution thread, where no container catches it: 500 if still possible, and the end. */
    private static void unanswered(IncomingPost post, String method, Throwable failure) {
        LOG.log(Level.SEVERE, "Unexpected failure answering an MCP " + method, failure);
        try {
            if (!post.response().isCommitted()) {
                post.response().resetBuffer();
                ResponseStream.writeJson(post.response(), post.sink(), 500, JsonRpc.error(null, ErrorCode.INTERNAL_ERROR, "Internal error", null));
            }
        } catch (RuntimeException | Error again) {
            LOG.log(Level.FINE, "could not answer the failure of an MCP " + method, again);
        } finally {
            post.sink().complete();
        }
    }
}
