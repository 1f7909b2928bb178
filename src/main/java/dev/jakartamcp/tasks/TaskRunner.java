package dev.jakartamcp.tasks;

import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.api.TextContent;
import dev.jakartamcp.beans.ContentJson;
import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.ExchangeChannel;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.LiveFallback;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Revocations;
import dev.jakartamcp.protocol.Texts;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the work of tasks on the container's default {@link ManagedExecutorService}, never on a thread of its own.
 * The caller goes with the work explicitly (in the detached {@link Exchange}), and the work outlives the request, so
 * none of the request's container context (its Jakarta Authorization policy context, its CDI request context) is put in
 * place for it, unlike a call on the execution pool ({@code pipeline.AuthorExecution}, {@code transport.RequestScope}):
 * task work that asks the container who the caller is gets no answer on Payara.
 *
 * <p>The work's {@link McpContext} reports progress as the task's status message and asks the client through the
 * task: a question becomes an entry of {@code inputRequests} ({@code input_required}) and the work waits until
 * {@code tasks/update} brings the answer. The server running the work watches the task in the {@link TaskStore}, so
 * answers and cancellations work wherever they arrive; a cancelled or expired task's work is interrupted and sees
 * {@link McpContext#isCancelled()}.
 *
 * <p>Switching a tool off (or its removal) stops the work of its tasks running here: checked every
 * {@link #SWITCHED_OFF_CHECK} from the first task on (with none running, a look at an empty set), the task ends
 * {@code cancelled} and stays visible to its creator as such; so does a task whose creator's token the operator revoked
 * since ({@code mcp.auth.revoked-subjects}, {@code mcp.auth.revoked-token-ids}). A change of the tool's roles does not:
 * as in Jakarta EE, access is decided when the work starts; what the task shows afterwards is decided on every request
 * ({@link ToolAccess}).
 */
@ApplicationScoped
public class TaskRunner {
    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());
    private static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(30);
    /** The least delay of a task's deadline set again because it fired before the task expired. */
    private static final Duration MIN_DEADLINE_AGAIN = Duration.ofSeconds(1);
    /** How often the tools of the running tasks are checked for being switched off, their creators' tokens for being revoked. */
    static final Duration SWITCHED_OFF_CHECK = Duration.ofSeconds(1);
    static final String SWITCHED_OFF = "Cancelled: the tool was switched off by the operator";
    static final String REVOKED = "Cancelled: the operator revoked the token that created it";
    private static final int NOT_CONCLUDED = 0;
    private static final int BY_WORK = 1;
    private static final int BY_DRAIN = 2;
    /** How long the end of the drain may spend marking the tasks it cut off failed. */
    static final Duration STOPPED_WRITES = Duration.ofSeconds(2);
    /** The least time between two writes of a task's status message, which its work's progress becomes. */
    static final Duration MESSAGE_WRITE_INTERVAL = Duration.ofMillis(100);

    /** The work of a task: the result of the request it answers (a CallToolResult), or an McpException. */
    @FunctionalInterface
    public interface Work {
        JsonObject run(McpContext context) throws Exception;

        /**
         * The work will never run: its task ended before a thread took it up (cancelled, expired) or could not be
         * started. Never called for work that runs; may be called more than once.
         */
        default void dropped() {
        }

        /** {@code work}, which runs {@code dropped} when it is {@link #dropped}. */
        static Work of(Work work, Runnable dropped) {
            return new Work() {
                @Override
                public JsonObject run(McpContext context) throws Exception {
                    return work.run(context);
                }

                @Override
                public void dropped() {
                    dropped.run();
                }
            };
        }
    }

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    TaskStore store;

    @Inject
    McpSettings settings;

    @Inject
    Observations observations;

    @Inject
    Instance<RequestContextController> requestContexts;

    @Inject
    ToolAccess tools;

    /** Counts running task work as a running request, so that a stop gives it mcp.drain.grace to end; null in unit tests. */
    @Inject
    Drain drain;

    Clock clock = Clock.systemUTC();

    /** The tasks whose work runs on this server. */
    private final Set<Running> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicLong refusedPerCaller = new AtomicLong();
    private final AtomicLong refusedOnServer = new AtomicLong();
    private final AtomicLong cancelledRevoked = new AtomicLong();
    private volatile ScheduledFuture<?> switchedOffCheck;

    /**
     * Refuses {@code request} (a tools/call that will create a task) as {@link #start} would when its caller or the
     * server holds the most tasks it may: checked before the call spends its rate-limit use or runs a prepare step,
     * which a refusal at the start would have wasted (and a retry after Retry-After found the day's only use spent).
     */
    public void checkRoom(Exchange request) {
        try {
            store.checkRoom(request.caller().quotaKey(), limits());
        } catch (McpException e) {
            throw refused(request, e);
        }
    }

    private TaskStore.Limits limits() {
        return new TaskStore.Limits(settings.maxTasksPerCaller(), settings.maxTasks());
    }

    /** {@code e}, a refusal by the task limits, recorded for the request and counted. */
    private McpException refused(Exchange request, McpException e) {
        if (e.limit() == null) {
            request.observation().reason("tasks"); // the limits of tasks (per caller, on the server), not the tool's rate limit
            (e.reason() == McpException.Reason.RATE_LIMITED ? refusedPerCaller : refusedOnServer).incrementAndGet();
        } // else the limit it names (the data grid did not answer)
        return e;
    }

    /**
     * Creates a task for {@code request} (a tools/call of {@code toolName}), starts {@code work} and returns the
     * {@code CreateTaskResult}. The task is stored before this returns, so the client may poll at once. Over the
     * limits: 429 (per caller) or 503 (server), both with Retry-After.
     */
    public JsonObject start(Exchange request, String toolName, Work work) {
        Caller caller = request.caller();
        Duration ttl = settings.taskTtl();
        TaskState seed = TaskState.start(TaskIds.newId(), caller.bindingKey(), caller.quotaKey(), toolName, clock.instant(),
                ttl, settings.taskPollInterval());
        try {
            store.create(seed, limits());
        } catch (McpException e) {
            throw refused(request, e);
        }
        Running running = new Running(seed, request.revision().wire(), caller, Observations.traceIdOf(request.observation()),
                request.takeItemPlace(), work);
        try {
            // counted first: a close() from here on (a cancellation racing the start included) leaves the drain
            if (drain != null) {
                if (!drain.enter()) {
                    throw new RejectedExecutionException("the server is stopping"); // answered 503, as new requests are
                }
                running.inDrain.set(true);
            }
            running.exchange = request.detach(running, ttl);
            running.watch = store.watch(seed.taskId(), running::changed);
            running.deadline = scheduler.schedule(running::expire, ttl.toMillis(), TimeUnit.MILLISECONDS);
            checkSwitchedOff();
            running.future = executor.submit(running::run);
            active.add(running);
            if (running.closed) {
                active.remove(running); // it ended before it was added: close() found nothing to remove
            }
        } catch (RuntimeException | Error e) {
            // whatever the store or the executors threw, the work was not handed over: the task must not hold a place of
            // its caller (mcp.tasks.max-per-caller) until its TTL
            running.close();
            store.remove(seed.taskId());
            if (e instanceof Error error) {
                throw error;
            }
            if (!(e instanceof RejectedExecutionException)) {
                LOG.log(Level.WARNING, "A task of tool " + toolName + " could not be started; answered as busy", e);
            }
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY,
                    "Service Unavailable: the server cannot start more work now; try again later", RETRY_WHEN_BUSY);
        }
        return seed.createResult();
    }

    /** Tasks held now: running or keeping a result (on a cluster: on every node). */
    public int held() {
        return store.size();
    }

    /** Tasks running here cancelled since the start because the token that created them was revoked. */
    public long cancelledRevoked() {
        return cancelledRevoked.get();
    }

    /** Tasks refused on this node since the start because their caller held {@code mcp.tasks.max-per-caller}. */
    public long refusedPerCaller() {
        return refusedPerCaller.get();
    }

    /** Tasks refused on this node since the start because the server (the cluster) held {@code mcp.tasks.max}. */
    public long refusedOnServer() {
        return refusedOnServer.get();
    }

    /** From the first task on, the periodic check of {@link #stopSwitchedOff()}. */
    private void checkSwitchedOff() {
        if (checking.compareAndSet(false, true)) {
            long every = SWITCHED_OFF_CHECK.toMillis();
            try {
                switchedOffCheck = scheduler.scheduleWithFixedDelay(this::stopSwitchedOff, every, every, TimeUnit.MILLISECONDS);
            } catch (RuntimeException | Error e) {
                checking.set(false); // the next task tries again
                throw e;
            }
        }
    }

    /**
     * Ends the tasks running here whose tool is switched off or gone, or whose creator's token the operator revoked
     * ({@code mcp.auth.revoked-subjects}, {@code mcp.auth.revoked-token-ids}), as cancelled; first tells the running
     * tasks the changes the store could not read when they were announced ({@link TaskStore#tellMissedChanges}).
     */
    void stopSwitchedOff() {
        try {
            store.dropExpiredIfDue(); // finished tasks' results leave at their expiry though no request comes
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "The sweep of expired tasks failed; the next check tries again", e);
        }
        if (active.isEmpty()) {
            return;
        }
        try {
            store.tellMissedChanges();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reading the missed changes of running tasks failed; tried again at the next check", e);
        }
        Map<String, Boolean> on = new HashMap<>();
        Revocations revocations = settings.revocations();
        for (Running running : active) {
            try {
                String why = !on.computeIfAbsent(running.toolName, tools::isOn) ? SWITCHED_OFF
                        : revocations.revokes(running.caller) ? REVOKED : null;
                if (why != null) {
                    Optional<TaskState> cancelled = store.update(running.taskId, s -> s.cancelled(why, clock.instant()));
                    if (why == REVOKED && cancelled.isPresent()) {
                        cancelledRevoked.incrementAndGet();
                    }
                    running.changed(cancelled);
                }
            } catch (RuntimeException e) {
                // one task's failure neither skips the others nor ends the schedule: the next check tries again
                LOG.log(Level.WARNING, "Checking the tool of a running task of " + running.toolName + " failed", e);
            } catch (Error e) {
                checking.set(false); // the schedule ends with it: the next task starts a new one
                throw e;
            }
        }
    }

    /** Whether {@code task} was ended by {@link #stopSwitchedOff}. */
    static boolean endedBySwitch(TaskState task) {
        return task.status() == TaskStatus.CANCELLED && SWITCHED_OFF.equals(task.statusMessage());
    }

    /** Why {@link #stopSwitchedOff} ended {@code task}, for its audit record: {@code switched_off}, {@code revoked}; else null. */
    static String operatorsReason(TaskState task) {
        if (endedBySwitch(task)) {
            return "switched_off";
        }
        return task.status() == TaskStatus.CANCELLED && REVOKED.equals(task.statusMessage()) ? "revoked" : null;
    }

    /**
     * The drain is over and the application stops: the work of tasks still running here (it outlasted
     * {@code mcp.drain.grace}, or never got a thread) ends with it. Each such task's work is told and interrupted, and
     * the task is failed in the store as when its node leaves a cluster ({@link TaskState#runnerStopped}), so that the
     * other nodes of a cluster whose data grid outlives this application (a redeployment, an undeployment from some
     * members) do not show it {@code working} until {@code mcp.tasks.ttl}; audited {@code FAILED} with reason
     * {@code server_stopped}, or as the store shows it when something else ended it first (its client's cancellation,
     * another node). The writes run on the pool and the container's stop waits for them at most
     * {@link #STOPPED_WRITES}; they end at the first the store does not take (the data grid did not answer), and a
     * task not written by then is audited {@code server_stopped} all the same and fails once this node leaves the
     * cluster, else at its expiry. Runs after the calls' answers ({@code CallDeadlines}), which it must not hold up.
     */
    void drainOver(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(Interceptor.Priority.APPLICATION + 100) Drain.Over over) {
        List<Running> cut = new ArrayList<>();
        for (Running running : active) {
            if (running.concludes()) {
                cut.add(running);
            }
        }
        if (cut.isEmpty()) {
            return;
        }
        cut.forEach(Running::stop);
        long until = System.nanoTime() + STOPPED_WRITES.toNanos();
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        Runnable writes = () -> {
            try {
                for (Running running : cut) {
                    if (System.nanoTime() - until >= 0 || !running.failedAsStopped()) {
                        return;
                    }
                }
            } finally {
                written.countDown();
            }
        };
        try {
            executor.execute(writes);
        } catch (RuntimeException e) {
            writes.run(); // the pool takes nothing more: written here, each write bounded by the grid's timeout
        }
        try {
            if (!written.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warning("The tasks cut off by the stop were not all marked failed within " + STOPPED_WRITES
                        + "; those left fail when this node leaves the cluster, else at their expiry");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Running running : cut) {
            running.audited(AuditRecord.Outcome.FAILED, "server_stopped"); // those not written (once each: see audited)
        }
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> check = switchedOffCheck;
        if (check != null) {
            check.cancel(false);
        }
    }

    /** One task whose work runs on this server: its channel to the client and its link to the stored state. */
    private final class Running implements ExchangeChannel {
        private final String taskId;
        private final String toolName;
        private final String protocol;
        private final Caller caller;
        /** The trace of the call that created the task: its end is audited there. */
        private final String traceId;
        private final Instant createdAt;
        private final Instant expiresAt;
        private final Map<String, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
        private final Set<String> keysUsed = new HashSet<>();
        private final AtomicBoolean audited = new AtomicBoolean();
        /** Whether the work is counted by the drain ({@link Drain#enter()}) until {@link #close()}. */
        private final AtomicBoolean inDrain = new AtomicBoolean();
        /** Gives back the place of the tool's bound of calls at once, taken over from the call that created the task. */
        private final AtomicReference<Runnable> itemPlace;
        private final Work work;
        private volatile boolean stopped;
        /** Set once the work writes its own end: a terminal state then is its own, not a reason to stop it. */
        private volatile boolean ending;
        /**
         * Who writes the task's end: {@link #BY_WORK} ({@link #end}, which may come twice: a result whose write failed
         * is followed by the failure) or {@link #BY_DRAIN} ({@link #drainOver}), whichever claims it first.
         */
        private final java.util.concurrent.atomic.AtomicInteger concluded = new java.util.concurrent.atomic.AtomicInteger(NOT_CONCLUDED);
        /** The work's thread took it up: the item's place is given back when the work ends, not when the task does. */
        private volatile boolean working;
        /** The work ended (or never started): nothing to watch or stop any more. */
        private volatile boolean closed;
        volatile Exchange exchange;
        volatile TaskStore.Registration watch;
        volatile ScheduledFuture<?> deadline;
        volatile Future<?> future;
        /** The work's latest status message not written yet ({@link #statusMessage}). */
        private final AtomicReference<String> pendingMessage = new AtomicReference<>();
        private final AtomicBoolean messageWriteDue = new AtomicBoolean();
        private volatile long lastMessageWrite = System.nanoTime() - MESSAGE_WRITE_INTERVAL.toNanos();

        Running(TaskState seed, String protocol, Caller caller, String traceId, Runnable itemPlace, Work work) {
            this.traceId = traceId;
            this.itemPlace = new AtomicReference<>(itemPlace);
            this.work = work;
            this.taskId = seed.taskId();
            this.toolName = seed.toolName();
            this.protocol = protocol;
            this.caller = caller;
            this.createdAt = seed.createdAt();
            this.expiresAt = seed.expiresAt();
        }

        void run() {
            working = true;
            if (stopped) {
                givePlaceBack();
                work.dropped(); // close() may have found it working already
                return; // cancelled before its thread took it up
            }
            RequestContextController requestContext = requestContexts.get();
            requestContext.activate();
            try {
                JsonObject result = work.run(new TaskContext(exchange, this::statusMessage));
                end(s -> s.completed(result, clock.instant()), "result", result);
            } catch (McpException e) {
                if (!stopped) {
                    // as a call's JSON-RPC error is written: an exception without a message has an empty one
                    JsonObject error = JsonFactory.createObjectBuilder().add("code", e.code())
                            .add("message", e.getMessage() == null ? "" : e.getMessage()).addAll(data(e)).build();
                    end(s -> s.failed(error, clock.instant()), "error", error);
                }
            } catch (Exception | Error e) {
                if (!stopped) {
                    LOG.log(Level.WARNING, "The work of a task of tool " + toolName + " failed", e);
                    end(s -> s.failed(internalError("Internal error"), clock.instant()), "error", null);
                }
            } finally {
                try {
                    requestContext.deactivate();
                } finally {
                    requestContexts.destroy(requestContext);
                    close();
                    givePlaceBack();
                }
            }
        }

        /**
         * Ends the task with {@code change}, which keeps {@code kept} (its result or its error), unless it ended already
         * (cancelled, expired). Beyond {@code mcp.tasks.max-result-bytes} what is kept says so instead, in the task's
         * own outcome: a tool result becomes the tool's error (the task {@code completed}: {@code failed} is only for
         * JSON-RPC errors, tasks extension, Task Execution Errors), an error keeps its code and the start of its message.
         */
        private void end(UnaryOperator<TaskState> change, String what, JsonObject kept) {
            if (!concluded.compareAndSet(NOT_CONCLUDED, BY_WORK) && concluded.get() == BY_DRAIN) {
                return; // the application's stop cut the work off (drainOver), as it was ending
            }
            ending = true;
            UnaryOperator<TaskState> bounded = change;
            // a live setting broken meanwhile must not keep the end from being written: the task would stay "working"
            int max = LiveFallback.read(settings::maxTaskResultBytes, McpSettings.DEFAULT_MAX_TASK_RESULT_BYTES);
            int size = kept == null ? 0 : kept.toString().getBytes(StandardCharsets.UTF_8).length;
            if (size > max) {
                String tooLarge = "the task's " + what + " of " + size + " bytes is larger than the " + max
                        + " bytes a task keeps (mcp.tasks.max-result-bytes)";
                if (what.equals("result")) {
                    JsonObject toolError = JsonFactory.createObjectBuilder()
                            .add("content", JsonFactory.createArrayBuilder()
                                    .add(ContentJson.of(new TextContent("Tool " + toolName + " answered, but " + tooLarge))))
                            .add("isError", true).build();
                    bounded = s -> s.completed(toolError, clock.instant());
                } else {
                    JsonObject error = JsonFactory.createObjectBuilder().add("code", kept.getInt("code"))
                            .add("message", Texts.cut(kept.getString("message"), 100) + " (" + tooLarge + ": its data left out)")
                            .build();
                    bounded = s -> s.failed(error, clock.instant());
                }
            }
            String message = pendingMessage.getAndSet(null); // the work's last progress, not written yet, ends it
            if (message != null) {
                UnaryOperator<TaskState> last = bounded;
                bounded = s -> last.apply(s.withStatusMessage(message, clock.instant()));
            }
            // the end is written until the store takes it (with the cluster on, the data grid may not answer for a
            // while) or the task is cancelled or expires: a finished task never stays "working"
            for (long wait = 100; ; wait = Math.min(wait * 2, MIN_DEADLINE_AGAIN.toMillis())) {
                try {
                    // audited here, not only when the store tells this task's watcher: the data grid's store tells it
                    // later, on another thread, when the work's end may have removed the watcher already
                    store.update(taskId, bounded).filter(s -> s.status().isTerminal()).ifPresent(s -> audited(outcome(s), s));
                    return;
                } catch (McpException e) {
                    if (e.limit() == null) {
                        throw e;
                    }
                    if (stopped || !clock.instant().isBefore(expiresAt)) {
                        LOG.log(Level.WARNING, "The " + what + " of a task of tool " + toolName + " could not be stored", e);
                        return;
                    }
                    givePlaceBack(); // the work is done: the tool's bound of calls at once does not wait for the grid
                    LOG.log(Level.FINE, "The " + what + " of task " + taskId + " could not be stored yet; trying again", e);
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return; // cancelled
                    }
                }
            }
        }

        /** Records the task's end once, however it ended: its work returned, the client cancelled it, it expired. */
        private void audited(AuditRecord.Outcome outcome) {
            audited(outcome, (String) null);
        }

        /** {@code ended}: the task's terminal state, whose status message says why the operator cancelled it. */
        private void audited(AuditRecord.Outcome outcome, TaskState ended) {
            audited(outcome, ended == null ? null : operatorsReason(ended));
        }

        private void audited(AuditRecord.Outcome outcome, String reason) {
            if (audited.compareAndSet(false, true)) {
                observations.taskEnded(caller, toolName, protocol, outcome, reason, Duration.between(createdAt, clock.instant()), traceId);
            }
        }

        private AuditRecord.Outcome outcome(TaskState s) {
            return switch (s.status()) {
                case COMPLETED -> s.result().getBoolean("isError", false) ? AuditRecord.Outcome.TOOL_ERROR : AuditRecord.Outcome.OK;
                case CANCELLED -> AuditRecord.Outcome.CANCELLED;
                default -> AuditRecord.Outcome.FAILED;
            };
        }

        /**
         * At most one store write per {@link #MESSAGE_WRITE_INTERVAL}: work that reports progress for every item of a
         * million would otherwise write the task (on a cluster, replicate and broadcast it) a million times. A message
         * after a quiet interval is written at once, on the work's thread; the ones that follow it closer are written
         * as the latest of them when the interval is over, on the scheduler's.
         */
        void statusMessage(String message) {
            pendingMessage.set(message);
            if (!messageWriteDue.compareAndSet(false, true)) {
                return; // the write that is due takes the latest message
            }
            long wait = lastMessageWrite + MESSAGE_WRITE_INTERVAL.toNanos() - System.nanoTime();
            if (wait <= 0) {
                writeMessage();
                return;
            }
            try {
                scheduler.schedule(this::writeMessage, wait, TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                messageWriteDue.set(false); // the application stops: a message is best effort
                LOG.log(Level.FINE, "The status message of a task was not scheduled", e);
            }
        }

        /**
         * Best effort, as progress is: a store that does not take it (the grid did not answer in time) leaves the last
         * message standing; the work goes on, where the store's error would have ended the task as failed.
         */
        private void writeMessage() {
            messageWriteDue.set(false);
            String message = pendingMessage.getAndSet(null);
            if (message == null) {
                return;
            }
            lastMessageWrite = System.nanoTime();
            try {
                store.update(taskId, s -> s.withStatusMessage(message, clock.instant()));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "The status message of a task was not stored", e);
            }
        }

        /** Every change of the stored task: answers to hand to the waiting work, or the end of the task. */
        void changed(Optional<TaskState> state) {
            if (state.isEmpty()) {
                audited(AuditRecord.Outcome.CANCELLED);
                stop();
                return;
            }
            if (state.get().status().isTerminal()) {
                audited(outcome(state.get()), state.get());
            }
            if (state.get().status() == TaskStatus.CANCELLED || state.get().status().isTerminal() && !ending) {
                // cancelled, or ended by another than its work (failed as its runner seemed gone, after a split healed):
                // what the work would still do goes nowhere, so it stops rather than hold its thread and places
                stop();
                return;
            }
            Map<String, JsonObject> answers = new LinkedHashMap<>(state.get().inputResponses());
            answers.keySet().retainAll(waiting.keySet());
            if (answers.isEmpty()) {
                return;
            }
            answers.forEach((key, answer) -> {
                CompletableFuture<JsonObject> f = waiting.remove(key);
                if (f != null) {
                    f.complete(JsonFactory.createObjectBuilder().add("result", answer).build());
                }
            });
            try {
                // after handing them over: a store that does not take this (the grid did not answer) must not keep
                // the answers from the work; they are handed over once all the same (waiting no longer has them)
                store.update(taskId, s -> s.consumed(answers.keySet()));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "The answers handed to task " + taskId + " could not be marked as consumed", e);
            }
        }

        /**
         * Claims the task's end for {@link #drainOver}; false when the work claimed it first ({@link #end}), whose
         * write is then left to it: one of the two writes the end, never both.
         */
        boolean concludes() {
            return concluded.compareAndSet(NOT_CONCLUDED, BY_DRAIN);
        }

        /**
         * Fails the task as cut off by the stop, and audits its end as the store then shows it; false when the store
         * did not take the write.
         */
        boolean failedAsStopped() {
            TaskState[] before = new TaskState[1];
            Optional<TaskState> after;
            try {
                after = store.update(taskId, t -> {
                    before[0] = t;
                    return t.runnerStopped(clock.instant());
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A task cut off by the stop could not be marked failed; it fails when this node leaves"
                        + " the cluster, else at its expiry", e);
                return false;
            }
            if (after.isEmpty()) {
                audited(AuditRecord.Outcome.CANCELLED); // expired meanwhile, as when the store tells the watcher it is gone
            } else if (before[0] != null && before[0].status().isTerminal()) {
                audited(outcome(after.get()), after.get()); // ended by another first: cancelled, failed by another node
            } else {
                audited(AuditRecord.Outcome.FAILED, "server_stopped");
            }
            return true;
        }

        /** The task was cancelled, expired or dropped: the work is told and interrupted. */
        private void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            Exchange e = exchange;
            if (e != null) {
                e.cancel();
            }
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
            close();
        }

        /**
         * The task's time is up: looking an expired task up drops it, which tells this watcher to stop the work. The
         * scheduler counts its delay on its own clock; when the clock expiry is judged by has not reached the task's
         * end yet (it stepped back, or runs behind), the deadline is set again for the rest of the TTL, at least a
         * second later, so that the work of an expired task does not run on until something happens to look it up.
         */
        void expire() {
            Optional<TaskState> task;
            try {
                task = store.find(taskId);
            } catch (McpException e) {
                // the store did not answer (the data grid): look again shortly, so that expired work does not run on
                if (!stopped && !closed) {
                    deadline = scheduler.schedule(this::expire, MIN_DEADLINE_AGAIN.toMillis(), TimeUnit.MILLISECONDS);
                }
                return;
            }
            if (task.isEmpty()) {
                audited(AuditRecord.Outcome.CANCELLED); // as when the store tells the watcher the task is gone
                stop();
                return;
            }
            if (stopped || closed) {
                return;
            }
            Duration left = Duration.between(clock.instant(), task.get().expiresAt());
            long millis = Math.max(MIN_DEADLINE_AGAIN.toMillis(), left.toMillis());
            deadline = scheduler.schedule(this::expire, millis, TimeUnit.MILLISECONDS);
            if (closed) {
                deadline.cancel(false);
            }
        }

        void close() {
            closed = true;
            active.remove(this);
            if (inDrain.compareAndSet(true, false)) {
                drain.exit();
            }
            TaskStore.Registration w = watch;
            if (w != null) {
                w.close();
            }
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
            waiting.values().forEach(f -> f.cancel(false));
            if (!working) {
                givePlaceBack(); // the work never ran (cancelled, expired or refused before its thread took it up)
                work.dropped();
            }
        }

        /**
         * The tool's bound of calls at once ({@code mcp.tools.<name>.max-concurrent}) counts the task's work as the call
         * it was created by, until it ends; once.
         */
        private void givePlaceBack() {
            Runnable release = itemPlace.getAndSet(null);
            if (release != null) {
                release.run();
            }
        }

        @Override
        public void notify(JsonObject notification) {
            // progress and log notifications are not sent for tasks; TaskContext turns progress into the status message
        }

        @Override
        public CompletableFuture<JsonObject> request(String method, JsonObject params) {
            return request(method, method, params);
        }

        @Override
        public CompletableFuture<JsonObject> request(String key, String method, JsonObject params) {
            String wireKey = unused(key);
            CompletableFuture<JsonObject> answer = new CompletableFuture<>();
            waiting.put(wireKey, answer);
            answer.whenComplete((r, e) -> {
                waiting.remove(wireKey, answer);
                if (answer.isCancelled() && !stopped) {
                    withdraw(wireKey);
                }
            });
            JsonObject request = JsonFactory.createObjectBuilder().add("method", method)
                    .add("params", params == null ? JsonValue.EMPTY_JSON_OBJECT : params).build();
            Optional<TaskState> asked;
            try {
                asked = store.update(taskId, s -> s.asking(wireKey, request, clock.instant()));
            } catch (RuntimeException | Error e) {
                answer.cancel(false); // nothing will answer it; withdrawn, in case the write the grid gave up on lands
                throw e;
            }
            if (asked.isEmpty() || asked.get().status().isTerminal()) {
                answer.completeExceptionally(new IllegalStateException("the task has ended"));
            }
            return answer;
        }

        /**
         * A question the work gave up waiting for leaves the task's {@code inputRequests}, which hold only outstanding
         * ones (tasks extension): else the task would stay {@code input_required} for it while the work goes on.
         */
        private void withdraw(String wireKey) {
            try {
                store.update(taskId, s -> s.withdrawn(Set.of(wireKey), clock.instant()));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "The question " + wireKey + " of task " + taskId + " could not be withdrawn", e);
            }
        }

        /** Keys are unique over a task's lifetime: a key asked again gets a number. */
        private synchronized String unused(String key) {
            String candidate = key;
            for (int n = 2; !keysUsed.add(candidate); n++) {
                candidate = key + "-" + n;
            }
            return candidate;
        }

        @Override
        public boolean isOpen() {
            return !stopped;
        }
    }

    private static JsonObject internalError(String message) {
        return JsonFactory.createObjectBuilder().add("code", ErrorCode.INTERNAL_ERROR).add("message", message).build();
    }

    private static JsonObjectBuilder data(McpException e) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder();
        if (e.data() != null) {
            b.add("data", e.data());
        }
        return b;
    }
}
