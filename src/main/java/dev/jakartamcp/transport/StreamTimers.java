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
