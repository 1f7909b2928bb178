package dev.jakartamcp.transport;

import dev.jakartamcp.ops.McpMetrics;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keep-alive comments on open streams, and how a stream's connection is written ({@link #nonBlocking}). They only
 * write bytes to sockets, never blocking, so one small daemon scheduler is enough and no container context is needed
 * on its thread. What asks the data grid as it runs (a GET stream's look at its session, following another node's
 * stream, the sweep of ended sessions) runs on a second one ({@link #everyAskingGrid}): a grid that answers slowly
 * would otherwise hold up every call's deadline, revocation and stream's token expiry on the first.
 */
@ApplicationScoped
public class StreamTimers {
    private static final Logger LOG = Logger.getLogger(StreamTimers.class.getName());

    @Inject
    McpSettings settings;

    @Inject
    McpMetrics metrics;

    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor scheduler;
    /** The timers that ask the data grid ({@link #everyAskingGrid}). */
    private ScheduledThreadPoolExecutor gridScheduler;
    /** Where the container's stream writes block (Open Liberty): the threads that write streams out, one per busy stream. */
    private java.util.concurrent.ThreadPoolExecutor writers;

    /** Made while the application starts: made first on a data grid listener thread, it would get no resources injected. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the bean
    }

    @PostConstruct
    void start() {
        scheduler = scheduler("mcp-stream-keepalive");
        gridScheduler = scheduler("mcp-stream-grid");
    }

    /** The scheduler of a timer that asks the data grid ({@code asksGrid}) or of one that does not. */
    private ScheduledThreadPoolExecutor schedulerFor(boolean asksGrid) {
        return asksGrid && gridScheduler != null ? gridScheduler : scheduler;
    }

    private static ScheduledThreadPoolExecutor scheduler(String name) {
        ScheduledThreadPoolExecutor made = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // a stream that ends cancels its timers (its token's expiry, hours away; its keep-alive): left queued until
        // their time, as the scheduler would by default, each would keep what it ends (a request's sink and body)
        // for that long, and a caller opening and closing streams would grow the queue without a bound
        made.setRemoveOnCancelPolicy(true);
        return made;
    }

    /** Timers waiting for their time: one per open stream's keep-alive and token expiry, and the repeated tasks. */
    int waiting() {
        return scheduler.getQueue().size() + (gridScheduler == null ? 0 : gridScheduler.getQueue().size());
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
        if (gridScheduler != null) {
            gridScheduler.shutdownNow();
        }
        if (writers != null) {
            writers.shutdown();
        }
    }

    /** Created on first use: only servers whose non-blocking writes block need them; at most one per open stream. */
    private synchronized java.util.concurrent.Executor writers() {
        if (writers == null) {
            writers = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                    new java.util.concurrent.SynchronousQueue<>(), threads);
        }
        return writers;
    }

    /**
     * Runs {@code task} on a thread of its own rather than this scheduler's one: for what may write a plain answer
     * (a call answered at its deadline), whose write blocks while its client does not read, and would stop every
     * keep-alive, deadline and token expiry meanwhile.
     */
    void offTimer(Runnable task) {
        writers().execute(task);
    }

    /**
     * Whether the timers (and the notification fan-out, which asks the grid for subscriptions) leave the data grid
     * alone ({@link #gridPaused}).
     */
    private final GridPause gridPause = new GridPause();

    /** Runs {@code task} every {@code millis}, also after a run that threw (logged with {@code purpose}). */
    ScheduledFuture<?> every(String purpose, long millis, Runnable task) {
        return every(scheduler, purpose, millis, task);
    }

    /** As {@link #every}, for a task that asks the data grid: on the timers' second thread, which only such tasks share. */
    ScheduledFuture<?> everyAskingGrid(String purpose, long millis, Runnable task) {
        return every(schedulerFor(true), purpose, millis, task);
    }

    private ScheduledFuture<?> every(ScheduledThreadPoolExecutor on, String purpose, long millis, Runnable task) {
        return on.scheduleWithFixedDelay(new Repeated(purpose, task, this::gridDidNotAnswer), millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the timers' tasks leave the data grid alone now: for {@link GridPause#NANOS} after one of their grid
     * calls was not answered within {@code mcp.cluster.grid-timeout}. The tasks share one thread, so with a member
     * frozen their grid reads would otherwise wait one after the other; meanwhile keep-alive comments still go out,
     * followed streams wait, and a session is taken as still there.
     */
    boolean gridPaused() {
        return gridPause.active();
    }

    void gridDidNotAnswer() {
        gridPause.begin();
    }

    /**
     * A repeated task that outlives a run that threw: the scheduler never runs a task again once it has thrown. A
     * failure is logged as a warning at most once a minute per task (the others at FINE), so that a task failing on
     * every run does not flood the log.
     */
    static final class Repeated implements Runnable {
        private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

        private final String purpose;
        private final Runnable task;
        private final Runnable gridDidNotAnswer;
        /** Only touched by the runs, one after the other. */
        private long lastWarning;
        private boolean warned;

        Repeated(String purpose, Runnable task) {
            this(purpose, task, () -> { });
        }

        /** {@code gridDidNotAnswer}: what a run that the data grid did not answer in time does besides. */
        Repeated(String purpose, Runnable task, Runnable gridDidNotAnswer) {
            this.purpose = purpose;
            this.task = task;
            this.gridDidNotAnswer = gridDidNotAnswer;
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                if (dev.jakartamcp.ops.OrderedWorker.isFatal(e)) {
                    throw e;
                }
                if (e instanceof dev.jakartamcp.protocol.McpException unavailable && "grid".equals(unavailable.limit())) {
                    gridDidNotAnswer.run();
                }
                long now = System.nanoTime();
                boolean warn = !warned || now - lastWarning >= WARN_EVERY_NANOS;
                if (warn) {
                    warned = true;
                    lastWarning = now;
                }
                LOG.log(warn ? Level.WARNING : Level.FINE, purpose + " failed; it runs again at its next time", e);
            }
        }
    }

    /**
     * Keeps a long-lived response going: every {@code mcp.sse.keep-alive} runs {@code stillWanted} (which writes its
     * keep-alive comment), and ends the response once that says no or the client is gone; stops with the response.
     */
    void keepAlive(HttpSink sink, java.util.function.BooleanSupplier stillWanted) {
        keepAlive(sink, stillWanted, false);
    }

    /** As {@link #keepAlive(HttpSink, java.util.function.BooleanSupplier)}; {@code asksGrid}: {@code stillWanted} asks the data grid. */
    void keepAlive(HttpSink sink, java.util.function.BooleanSupplier stillWanted, boolean asksGrid) {
        java.util.concurrent.atomic.AtomicReference<ScheduledFuture<?>> task = new java.util.concurrent.atomic.AtomicReference<>();
        task.set(every(schedulerFor(asksGrid), "a stream's keep-alive", keepAliveMillis(), () -> {
            if (!sink.isOpen() || !stillWanted.getAsBoolean()) {
                sink.complete();
            }
        }));
        sink.whenCompleted(() -> {
            ScheduledFuture<?> t = task.get();
            if (t != null) {
                t.cancel(false);
            }
        });
    }

    /** Runs {@code task} soon on the timers' thread; not at all once the timers stopped (the application ends). */
    void soon(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.finest(() -> "not run, the timers stopped: " + e);
        }
    }

    ScheduledFuture<?> after(long millis, Runnable task) {
        return scheduler.schedule(task, Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    /**
     * Makes the writes to {@code sink}, a response that became a stream, non-blocking with at most
     * {@code mcp.stream.max-buffered-bytes} waiting for the client; a stream beyond is ended as a slow consumer
     * (logged, counted in {@code mcp.server.stream.slow_consumers}). A stream asked to end whose last bytes the client
     * has not taken within {@code mcp.sse.keep-alive} ends without them.
     */
    void nonBlocking(HttpSink sink) {
        sink.nonBlocking(settings.streamMaxBufferedBytes(), this::slowConsumer, task -> writers().execute(task),
                end -> after(keepAliveMillis(), end));
    }

    private void slowConsumer(long unsent, long bound) {
        {
            LOG.info(() -> "A stream was ended as a slow consumer: its client did not take what was sent (" + unsent
                    + " bytes waiting, mcp.stream.max-buffered-bytes=" + bound + "); a 2025 client may resume it with Last-Event-ID");
            metrics.slowConsumerEnded();
        }
    }

    long keepAliveMillis() {
        return settings.keepAlive().toMillis();
    }

    long retryMillis() {
        return settings.sseRetry().toMillis();
    }
}
