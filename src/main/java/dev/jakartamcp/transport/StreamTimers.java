package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.McpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive comments on open streams. They only write bytes to sockets, so one small daemon scheduler is enough
 * and no container context is needed on its thread.
 */
@ApplicationScoped
public class StreamTimers {
    @Inject
    McpSettings settings;

    private ScheduledExecutorService scheduler;

    @PostConstruct
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcp-stream-keepalive");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    ScheduledFuture<?> every(long millis, Runnable task) {
        return scheduler.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps a long-lived response going: every {@code mcp.sse.keep-alive} runs {@code stillWanted} (which writes its
     * keep-alive comment), and ends the response once that says no or the client is gone; stops with the response.
     */
    void keepAlive(HttpSink sink, java.util.function.BooleanSupplier stillWanted) {
        java.util.concurrent.atomic.AtomicReference<ScheduledFuture<?>> task = new java.util.concurrent.atomic.AtomicReference<>();
        task.set(every(keepAliveMillis(), () -> {
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

    ScheduledFuture<?> after(long millis, Runnable task) {
        return scheduler.schedule(task, Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    long keepAliveMillis() {
        return Math.max(100, settings.keepAlive().toMillis());
    }

    long retryMillis() {
        return settings.sseRetry().toMillis();
    }
}
