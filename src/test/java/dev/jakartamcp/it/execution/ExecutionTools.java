package dev.jakartamcp.it.execution;

import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Test fixture of ExecutionModelIT: a call that runs until it is cancelled, and what the calls saw. */
@ApplicationScoped
public class ExecutionTools {
    private static final long LONGEST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    @Tool(name = "wait_until_cancelled", description = "Test fixture: reports progress, then runs until the call is cancelled (60 s at most)",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String waitUntilCancelled(McpContext context) throws InterruptedException {
        waiting.incrementAndGet();
        try {
            context.progress(0, null, "running until cancelled");
            long deadline = System.nanoTime() + LONGEST_WAIT_NANOS;
            while (!context.isCancelled() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (context.isCancelled()) {
                cancelled.incrementAndGet();
                return "cancelled";
            }
            return "never cancelled";
        } finally {
            waiting.decrementAndGet();
        }
    }

    @Tool(name = "waiting_calls", description = "Test fixture: how many wait_until_cancelled calls are running now",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String waitingCalls() {
        return Integer.toString(waiting.get());
    }

    @Tool(name = "cancelled_calls", description = "Test fixture: how many wait_until_cancelled calls saw their cancellation",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String cancelledCalls() {
        return Integer.toString(cancelled.get());
    }

    @Tool(name = "execution_thread", description = "Test fixture: the name of the thread the call runs on",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String executionThread() {
        return Thread.currentThread().getName();
    }
}
