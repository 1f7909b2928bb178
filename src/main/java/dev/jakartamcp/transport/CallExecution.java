package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.ops.TraceContext;
import dev.jakartamcp.pipeline.AuthorExecution;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.TimeLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one request to its answer: on the execution pool when it runs author code ({@link AuthorExecution}), else right
 * here. The work runs in the request's scope ({@link RequestScope}) and is counted by the {@link Drain} until it has
 * answered.
 *
 * <p>Who writes the answer of a call on the pool: the HTTP thread waits for it up to {@code mcp.execution.answer-wait}
 * and writes it itself when it comes in time; it leaves earlier as soon as the answer becomes a stream (the call sends
 * a notification or asks the client something first), so that a call waiting for the client never holds it. A call
 * that takes longer is answered from the pool's thread (the HTTP thread puts the request in async mode before it leaves,
 * {@link HttpSink#detach}; an answer it writes itself stays an ordinary one). Why wait at all: an answer written and completed on the
 * container's thread lets Payara's Grizzly recycle the request's objects (request, response, headers, buffers) into
 * that thread's cache, where the next request finds them; completed on a pool thread they land in a cache no request
 * thread ever reads, and every request allocates them afresh (a GC log at 64 clients: about 105 KB allocated per call
 * without the wait, about 72 KB with it, so a third fewer collections, each pausing every request in flight).
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

    @Inject
    McpSettings settings;

    @Inject
    CallDeadlines deadlines;

    /** What dispatching a request (or a batch) came to: its result, or the JSON-RPC error to answer. */
    record Outcome<T>(T result, McpException error) {
    }

    /**
     * A call's deadline: its own time limit (else {@code mcp.execution.timeout}); {@code answering} runs just before the
     * deadline's error is written, {@code answered} right after it. What the answer completes (a 2026-07-28 response
     * cancels its request) may end the work at once, so what the work's end records has to be known before the write.
     * {@code traceId}: the trace of the request's own record, for the record of its deadline.
     */
    private record Deadline(Supplier<Optional<TimeLimit>> ownTimeLimit, Consumer<McpException> answering,
                            Consumer<McpException> answered, Supplier<String> traceId) {
        static final Deadline SERVER_WIDE = new Deadline(Optional::empty, error -> { }, error -> { }, () -> null);
    }

    /**
     * Dispatches (with {@code dispatch}) and answers (with {@code answer}) the request of {@code method} that
     * {@code post} carries. Throws {@link McpException} (503, -31503) when the pool is full or the server is stopping:
     * then nothing ran.
     */
    void run(IncomingPost post, String method, Supplier<JsonObject> dispatch, Consumer<Outcome<JsonObject>> answer) {
        run(post, method, dispatch, answer, () -> { });
    }

    /**
     * Like {@link #run(IncomingPost, String, Supplier, Consumer)}, and runs {@code ended} exactly once when the request
     * is over, answered or not (an Error ends it without an answer). When this method throws, {@code ended} has not
     * run and nothing of the request runs any more.
     */
    void run(IncomingPost post, String method, Supplier<JsonObject> dispatch, Consumer<Outcome<JsonObject>> answer, Runnable ended) {
        execute(post, method, execution.runsAuthorCode(method), dispatch, answer, ended, Deadline.SERVER_WIDE, null);
    }

    /**
     * Like {@link #run(IncomingPost, String, Supplier, Consumer, Runnable)} for the request {@code exchange}: a call on
     * the pool still running at its deadline ({@code exchange}'s {@linkplain Exchange#ownTimeLimit own time limit}, else
     * {@code mcp.execution.timeout}; {@link CallDeadlines}) is answered with the timeout's error and {@code exchange}
     * cancelled; the call's own outcome then goes nowhere.
     */
    void run(IncomingPost post, String method, Supplier<JsonObject> dispatch, Consumer<Outcome<JsonObject>> answer, Runnable ended,
             Exchange exchange) {
        run(post, method, dispatch, answer, ended, exchange, null);
    }

    /**
     * Like {@link #run(IncomingPost, String, Supplier, Consumer, Runnable, Exchange)}; {@code whenIdle} (may be null)
     * runs once if the call on the pool has not answered after a keep-alive interval ({@code mcp.sse.keep-alive}).
     */
    void run(IncomingPost post, String method, Supplier<JsonObject> dispatch, Consumer<Outcome<JsonObject>> answer, Runnable ended,
             Exchange exchange, Runnable whenIdle) {
        execute(post, method, execution.runsAuthorCode(method), dispatch, answer, ended,
                new Deadline(exchange::ownTimeLimit, exchange::answering, exchange::answeredEarly,
                        () -> Observations.traceIdOf(exchange.observation())), whenIdle);
    }

    /**
     * A 2025-03-26 batch holding requests of {@code methods}: like one request, on the pool (one place of
     * {@code mcp.execution.max-concurrent}, counted by the drain) when any of them runs author code, else right here.
     * {@code dispatch} runs the whole batch and gives its answers; a batch still running at its deadline is answered
     * with the deadline's error: {@code answering} runs before that answer is written (from then on no request of the
     * batch may start), {@code atDeadline} after it. Throws {@link McpException} (503, -31503) like {@link #run}: then
     * nothing of the batch ran.
     */
    void runBatch(IncomingPost post, Collection<String> methods, Supplier<JsonArray> dispatch, Consumer<Outcome<JsonArray>> answer,
                  Consumer<McpException> answering, Consumer<McpException> atDeadline) {
        // its refusal and deadline are audited in the trace its POST names, as its requests are
        String traceId = TraceContext.parse(post.request().getHeader("traceparent")).map(TraceContext::traceId).orElse(null);
        execute(post, "batch", methods.stream().anyMatch(execution::runsAuthorCode), dispatch, answer, () -> { },
                new Deadline(Optional::empty, answering, atDeadline, () -> traceId), null);
    }

    private <T> void execute(IncomingPost post, String method, boolean onPool, Supplier<T> dispatch, Consumer<Outcome<T>> answer,
                             Runnable ended, Deadline deadline, Runnable whenIdle) {
        if (!onPool) {
            answer.accept(outcome(dispatch));
            ended.run();
            return;
        }
        Duration answerWait = settings.answerWait(); // read before anything runs: a bad value fails the request here
        CallDeadlines.Watched call = deadlines.starting(post.caller(), method, deadline.ownTimeLimit(), deadline.traceId());
        RequestScope scope = RequestScope.capture(post.request(), beans);
        post.sink().whenCompleted(scope::end); // work that outlives its answer never reaches a recycled request
        if (!drain.enter()) {
            throw EndpointDrain.shuttingDown();
        }
        Handback<T> handback = new Handback<>(Thread.currentThread(), post.sink());
        if (answerWait.isZero()) {
            handback.leave(); // no wait: the pool's thread answers, even a call that ends before this thread looks
        }
        post.sink().whenLeaveNeeded(handback::leave);
        Runnable exit = () -> {
            try {
                ended.run();
            } finally {
                drain.exit();
            }
        };
        // the pool's thread answers only what neither the waiting HTTP thread took nor the deadline answered
        Consumer<Outcome<T>> handOver = outcome -> {
            if (!handback.handOver(outcome) && call.claim()) {
                deadlines.forget(call);
                answer(post, method, answer, outcome, exit);
            }
        };
        // the work failed, or never started because its context could not be set up on the pool's thread
        Consumer<Throwable> failed = e -> {
            if (e instanceof Error) {
                handback.leave();
                if (!call.claim()) {
                    LOG.log(Level.SEVERE, "Unexpected failure of an MCP " + method + " answered at its deadline before", e);
                    return;
                }
                try {
                    unanswered(post, method, e);
                } finally {
                    exit.run();
                }
                return;
            }
            LOG.log(Level.WARNING, "Internal error in " + method, e);
            handOver.accept(new Outcome<>(null, new McpException(ErrorCode.INTERNAL_ERROR, "Internal error")));
        };
        try {
            execution.submit(post.caller(), method, deadline.traceId(), () -> {
                call.runsOn(Thread.currentThread());
                Outcome<T> outcome;
                try {
                    outcome = scope.call(() -> outcome(dispatch));
                } catch (RuntimeException | Error e) {
                    failed.accept(e);
                    return;
                }
                handOver.accept(outcome);
            }, failed);
        } catch (RuntimeException | Error e) {
            drain.exit();
            throw e;
        }
        Outcome<T> handed = handback.await(answerWait);
        if (handed != null) {
            answer(post, method, answer, handed, exit);
            return;
        }
        // left to the pool's thread: from now on the deadline may answer first
        call.atClaim(deadline.answering());
        call.atExpiry(error -> {
            deadline.answering().accept(error);
            // the answer before the cancellation: a request cancelled before it is written would be answered as cancelled
            answer(post, method, answer, new Outcome<>(null, error), exit);
            deadline.answered().accept(error);
        });
        call.whenIdle(whenIdle);
        deadlines.watch(call);
    }

    /** Writes the answer (on whichever thread has the outcome), then ends the call with {@code exit}. */
    private static <T> void answer(IncomingPost post, String method, Consumer<Outcome<T>> answer, Outcome<T> outcome, Runnable exit) {
        try {
            answer.accept(outcome);
        } catch (RuntimeException | Error e) {
            unanswered(post, method, e);
        } finally {
            exit.run();
        }
    }

    /**
     * The outcome of a call, handed from the pool's thread to the HTTP thread while that one still waits; exactly one of
     * the two gets to write the answer. The HTTP thread {@linkplain HttpSink#detach detaches} the response before it
     * leaves it to the pool's thread, so that the response stays the container's ordinary one when it answers itself.
     */
    static final class Handback<T> {
        /** The HTTP thread has left: the pool's thread answers. */
        private static final Object LEFT = new Object();
        /** Another thread needs the response (it becomes a stream, or the call failed): the HTTP thread is to leave. */
        private static final Object LEAVE = new Object();
        private final AtomicReference<Object> state = new AtomicReference<>();
        private final Thread waiter;
        private final HttpSink sink;

        Handback(Thread waiter, HttpSink sink) {
            this.waiter = waiter;
            this.sink = sink;
        }

        /** On the pool's thread: true if the waiting HTTP thread takes {@code outcome}, false if the caller answers. */
        boolean handOver(Outcome<T> outcome) {
            if (state.compareAndSet(null, outcome)) {
                LockSupport.unpark(waiter);
                return true;
            }
            return false;
        }

        /**
         * The HTTP thread is to stop waiting (the answer becomes a stream, the call failed, or there is no wait): on
         * the HTTP thread itself it detaches the response and leaves; from another thread it is woken to do so.
         */
        void leave() {
            if (Thread.currentThread() == waiter) {
                sink.detach();
                state.compareAndSet(null, LEFT);
            } else if (state.compareAndSet(null, LEAVE)) {
                LockSupport.unpark(waiter);
            }
        }

        /** On the HTTP thread: the outcome if it was handed over within {@code wait}, else null (then the pool answers). */
        Outcome<T> await(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (state.get() == null && !waiter.isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
            if (state.get() instanceof Outcome<?> outcome) {
                return cast(outcome);
            }
            sink.detach(); // before the pool's thread may answer: it writes only into a detached response
            if (state.compareAndSet(null, LEFT) || state.compareAndSet(LEAVE, LEFT)) {
                return null;
            }
            return state.get() instanceof Outcome<?> outcome ? cast(outcome) : null;
        }

        @SuppressWarnings("unchecked") // only handOver puts an Outcome there, an Outcome<T>
        private Outcome<T> cast(Outcome<?> outcome) {
            return (Outcome<T>) outcome;
        }
    }

    private static <T> Outcome<T> outcome(Supplier<T> dispatch) {
        try {
            return new Outcome<>(dispatch.get(), null);
        } catch (McpException e) {
            return new Outcome<>(null, e);
        }
    }

    /**
     * Answering failed on the execution thread, where no container catches it: 500 if still possible, and the end. The
     * error carries the id of the request the POST holds (JSON-RPC 2.0: the same as the request's); a batch's has none,
     * as no single request of it failed.
     */
    private static void unanswered(IncomingPost post, String method, Throwable failure) {
        LOG.log(Level.SEVERE, "Unexpected failure answering an MCP " + method, failure);
        try {
            if (!post.sink().mayWrite()) {
                return;
            }
            if (!post.response().isCommitted()) {
                JsonValue id = post.message() instanceof JsonObject request ? LegacyExchanges.idOf(request) : JsonValue.NULL;
                post.response().resetBuffer();
                ResponseStream.writeJson(post.response(), post.sink(), 500, JsonRpc.error(id, ErrorCode.INTERNAL_ERROR, "Internal error", null));
            }
        } catch (RuntimeException | Error again) {
            LOG.log(Level.FINE, "could not answer the failure of an MCP " + method, again);
        } finally {
            post.sink().complete();
        }
    }
}
