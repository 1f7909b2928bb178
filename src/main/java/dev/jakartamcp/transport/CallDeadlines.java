package dev.jakartamcp.transport;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Revocations;
import dev.jakartamcp.protocol.TimeLimit;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code mcp.execution.timeout} (or the time limit of the item it runs, {@code mcp.<kind>.<name>.timeout}): a call
 * that has not answered that long after it was handed to the execution pool is answered with -31504 and cancelled
 * (its {@code McpContext.isCancelled()} turns true, a wait for the client's answer ends). Java cannot stop a thread that ignores that, so the call keeps its place in the pool until its author code
 * returns, and what it answers then goes nowhere; the warning logged names the method, the caller and where the
 * thread is, so that an operator can find the code that hangs.
 *
 * <p>A watched call whose token the operator revokes ({@code mcp.auth.revoked-subjects},
 * {@code mcp.auth.revoked-token-ids}) is answered with -31401 and cancelled the same way.
 *
 * <p>Only calls still running when the HTTP thread stops waiting for them are watched (a quick answer costs nothing
 * here), and they are looked at once a second, so a call's deadline is met within about a second.
 */
@ApplicationScoped
public class CallDeadlines {
    private static final Logger LOG = Logger.getLogger(CallDeadlines.class.getName());
    static final long SWEEP_MILLIS = 1000;
    /** {@code mcp.sse.keep-alive}'s default, for a live value broken while running. */
    private static final long DEFAULT_KEEP_ALIVE_MILLIS = 15_000;
    private static final int FRAMES_LOGGED = 12;
    /** How long the end of the drain waits for the answers of the calls it cuts off to be written. */
    static final long STOPPED_ANSWERS_WAIT_MILLIS = 2000;
    static final String STOPPED = "The server stopped before this request finished: it was cancelled when mcp.drain.grace"
            + " ran out; send the request again";

    @Inject
    McpSettings settings;

    @Inject
    StreamTimers timers;

    @Inject
    Observations observations;

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong revoked = new AtomicLong();
    private final LazyCheck sweeps = new LazyCheck("mcp.execution.timeout", SWEEP_MILLIS, this::sweep);
    /** Where deadlines are read from; a test's clock in unit tests. */
    LongSupplier nanoClock = System::nanoTime;

    /** A call answered by whoever claims it first: its own work, or its deadline. */
    static final class Watched {
        private final long startedNanos;
        private final Caller caller;
        private final String method;
        private final Supplier<Optional<TimeLimit>> ownTimeLimit;
        /** The trace id of the request's own record (null: none known, as of a batch). */
        private final Supplier<String> traceId;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile Thread worker;
        private volatile Consumer<McpException> expiry = error -> { };
        private volatile Consumer<McpException> claiming = error -> { };
        /** Run once when the call has not answered for a keep-alive interval; null: nothing to do then. */
        private volatile Runnable whenIdle;
        private volatile boolean idleSeen;

        Watched(long startedNanos, Caller caller, String method, Supplier<Optional<TimeLimit>> ownTimeLimit, Supplier<String> traceId) {
            this.startedNanos = startedNanos;
            this.caller = caller;
            this.method = method;
            this.ownTimeLimit = ownTimeLimit;
            this.traceId = traceId;
        }

        /** True for exactly one caller: the one that answers. */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        boolean claimed() {
            return claimed.get();
        }

        /** The pool's thread runs the call from now on. */
        void runsOn(Thread thread) {
            worker = thread;
        }

        /**
         * What answers and cancels the call when its deadline passes or its token is revoked, given the error it is
         * answered with.
         */
        void atExpiry(Consumer<McpException> action) {
            expiry = action;
        }

        /**
         * What marks the call as being answered with the error, at once when it is claimed (cheap, on the timer's
         * thread), before the answer itself is written off it: a call whose code returns meanwhile is then audited as
         * answered, not with its own outcome.
         */
        void atClaim(Consumer<McpException> action) {
            claiming = action;
        }

        /** What to do once, when the call has run a keep-alive interval ({@code mcp.sse.keep-alive}) without answering. */
        void whenIdle(Runnable action) {
            whenIdle = action;
        }
    }

    /**
     * A call of {@code caller} handed to the pool now, to be {@linkplain #watch watched} if the HTTP thread leaves it;
     * {@code ownTimeLimit} gives its item's time limit once known (looked at in every sweep), {@code traceId} the trace
     * of its request's record, under which the record of its deadline or revocation goes.
     */
    Watched starting(Caller caller, String method, Supplier<Optional<TimeLimit>> ownTimeLimit, Supplier<String> traceId) {
        return new Watched(nanoClock.getAsLong(), caller, method, ownTimeLimit, traceId);
    }

    /** Starts watching {@code call} (once the HTTP thread has left it to the pool). */
    void watch(Watched call) {
        watched.add(call);
        if (call.claimed()) {
            watched.remove(call); // its work answered before it was added, and forgot it then in vain
            return;
        }
        sweeps.ensureRunning(timers);
    }

    /** Stops watching {@code call}, answered by its work: its answer no longer needs holding on to. */
    void forget(Watched call) {
        watched.remove(call);
    }

    /**
     * Answers the watched calls whose deadline has passed or whose token the operator revoked since; forgets those
     * answered otherwise (and not yet forgotten).
     */
    void sweep() {
        if (watched.isEmpty()) {
            return;
        }
        // broken while running: the default holds, logged once (readiness reports it); a failure here would stop every
        // deadline, revocation and idle look of the sweep
        TimeLimit serverWide = new TimeLimit(dev.jakartamcp.protocol.LiveFallback.read(settings::executionTimeout,
                McpSettings.DEFAULT_EXECUTION_TIMEOUT), "mcp.execution.timeout");
        Revocations revocations = settings.revocations();
        long now = nanoClock.getAsLong();
        long idleNanos = -1;
        for (Watched call : watched) {
            if (call.claimed()) {
                watched.remove(call);
                continue;
            }
            Runnable idle = call.whenIdle;
            if (idle != null && !call.idleSeen) {
                if (idleNanos < 0) {
                    // a live keep-alive broken while running must not stop the sweep's deadlines and revocations
                    idleNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                            dev.jakartamcp.protocol.LiveFallback.read(timers::keepAliveMillis, DEFAULT_KEEP_ALIVE_MILLIS));
                }
                if (now - call.startedNanos >= idleNanos) {
                    call.idleSeen = true;
                    try {
                        timers.offTimer(() -> {
                            try {
                                idle.run(); // writes the stream's headers: off the timer thread too
                            } catch (RuntimeException e) {
                                LOG.log(Level.FINE, "Looking for the client of a " + call.method + " failed", e);
                            }
                        });
                    } catch (RuntimeException | Error e) {
                        // no thread for the look (the application stops, or no thread can be started): the call still
                        // answers as plain JSON, and the sweep goes on to its deadline and those of the other calls
                        LOG.log(Level.WARNING, "Could not look for the client of a " + call.method, e);
                    }
                }
            }
            if (revocations.revokes(call.caller)) {
                watched.remove(call);
                if (call.claim()) {
                    revoked(call);
                }
                continue;
            }
            TimeLimit limit = call.ownTimeLimit.get().orElse(serverWide);
            if (now - call.startedNanos >= limit.duration().toNanos()) {
                watched.remove(call);
                if (call.claim()) {
                    expire(call, limit);
                }
            }
        }
    }

    private void expire(Watched call, TimeLimit limit) {
        timedOut.incrementAndGet();
        Thread worker = call.worker;
        // marked first: reading its thread's stack takes a moment, in which a call whose code returned would be audited
        // with its own outcome (the cancellation runs off the timer, so the stack is still where the call was)
        answerEarly(call, "timeout", new McpException(ErrorCode.TIMED_OUT, "Request timed out: the call ran longer than "
                + limit.duration() + " (" + limit.setting() + ") and was cancelled"));
        StackTraceElement[] at = worker == null ? null : worker.getStackTrace();
        String caller = call.caller.isAnonymous() ? "at " + call.caller.address() : HttpChecks.sanitize(call.caller.subject());
        LOG.warning(() -> "A " + call.method + " of caller " + caller + " ran longer than " + limit.duration()
                + " (" + limit.setting() + "): answered with -31504 and cancelled; it keeps its place of the execution pool until"
                + " its code returns. " + (worker == null ? "It has not started." : "Its thread " + worker.getName() + " is at:\n\t"
                + Arrays.stream(at).limit(FRAMES_LOGGED).map(String::valueOf).collect(Collectors.joining("\n\t"))));
    }

    private void revoked(Watched call) {
        revoked.incrementAndGet();
        LOG.info(() -> "A " + call.method + " of caller " + HttpChecks.sanitize(call.caller.subject()) + " was cancelled:"
                + " its token was revoked (mcp.auth.revoked-subjects, mcp.auth.revoked-token-ids)");
        answerEarly(call, "revoked", new McpException(ErrorCode.REVOKED,
                "Unauthorized: the operator revoked the token this call was made with; it was cancelled"));
    }

    /**
     * Audits the call as cancelled for {@code reason}, then answers it with {@code error} and cancels it; both off the
     * timer thread: the answer may be a batch's plain JSON, written while its client reads slowly or not, and the audit
     * record may wait for room in a full audit trail (mcp.audit.max-backlog), either of which would stop every
     * keep-alive, deadline and token expiry of the server.
     */
    private void answerEarly(Watched call, String reason, McpException error) {
        Runnable answer = earlyAnswer(call, reason, error, () -> { });
        try {
            timers.offTimer(answer);
        } catch (RuntimeException | Error e) {
            // no thread for it (the application stops, or no thread can be started): the call is claimed, so nothing
            // else would ever answer it or end its place in the drain; answered here, although a client that does not
            // read then holds up the timers for as long as its write takes
            LOG.log(Level.WARNING, "No thread for the answer to the " + reason + " of a " + call.method + ": written here", e);
            try {
                answer.run();
            } catch (RuntimeException failed) {
                LOG.log(Level.WARNING, "could not answer the " + reason + " of a " + call.method, failed);
            }
        }
    }

    /**
     * {@link #answerEarly(Watched, String, McpException)}, then {@code then}, whatever happened; throws when no thread
     * can be had for the answer, which then is not written.
     */
    private void answerEarly(Watched call, String reason, McpException error, Runnable then) {
        timers.offTimer(earlyAnswer(call, reason, error, then));
    }

    /** Marks the call as answered with {@code error} now; gives what audits, answers and cancels it, then runs {@code then}. */
    private Runnable earlyAnswer(Watched call, String reason, McpException error, Runnable then) {
        try {
            call.claiming.accept(error);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not mark the " + reason + " of a " + call.method, e);
        }
        return () -> {
            try {
                try {
                    observations.refusedInTrace(call.caller, call.method, AuditRecord.Outcome.CANCELLED, reason, call.traceId.get());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not record the " + reason + " of a " + call.method, e);
                }
                call.expiry.accept(error);
            } finally {
                then.run();
            }
        };
    }

    /**
     * The drain is over and the application stops: the calls still running (they outlasted {@code mcp.drain.grace})
     * are answered now with -32603, audited {@code CANCELLED} with reason {@code server_stopped}, and cancelled, as at
     * a deadline; else the container would close their connections without an answer. The container's thread waits
     * for those answers to be written, at most {@link #STOPPED_ANSWERS_WAIT_MILLIS}. Runs before the other observers
     * of the drain's end (the tasks'), so that nothing holds these answers up.
     */
    void drainOver(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(Interceptor.Priority.APPLICATION) Drain.Over over) {
        List<Watched> cut = new ArrayList<>();
        for (Watched call : watched) {
            watched.remove(call);
            if (call.claim()) {
                cut.add(call);
            }
        }
        if (cut.isEmpty()) {
            return;
        }
        LOG.warning(cut.size() + " MCP request(s) still running when mcp.drain.grace ran out: answered with -32603 and cancelled");
        CountDownLatch written = new CountDownLatch(cut.size());
        for (Watched call : cut) {
            McpException stopped = new McpException(ErrorCode.INTERNAL_ERROR, STOPPED);
            try {
                answerEarly(call, "server_stopped", stopped, written::countDown);
            } catch (RuntimeException e) {
                written.countDown(); // the writers' pool is gone: the container cuts the connection
                LOG.log(Level.FINE, "A " + call.method + " cut off by the stop could not be answered", e);
            }
        }
        try {
            if (!written.await(STOPPED_ANSWERS_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                LOG.warning(written.getCount() + " answer(s) to requests cut off by the stop were not written within "
                        + STOPPED_ANSWERS_WAIT_MILLIS + " ms; the application stops anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Calls cancelled since the start because their token was revoked. */
    public long revoked() {
        return revoked.get();
    }

    /** Calls answered at their deadline since the start. */
    public long timedOut() {
        return timedOut.get();
    }

    /** Calls watched now (those that outlived the HTTP thread's wait and have not answered yet). */
    int watched() {
        return watched.size();
    }

    @PreDestroy
    void stop() {
        sweeps.stop();
    }
}
