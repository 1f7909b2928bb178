package dev.jakartamcp.it.limits;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/** Test fixture of LimitsIT: a tool that holds its place for a while ({@code mcp.tools.bulkhead_hold.max-concurrent}). */
@ApplicationScoped
public class BulkheadTools {
    private final AtomicInteger inside = new AtomicInteger();

    @Tool(name = "bulkhead_hold", description = "Test fixture: runs for the given milliseconds (10 s at most)",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String hold(@Arg(name = "millis") int millis) throws InterruptedException {
        inside.incrementAndGet();
        try {
            Thread.sleep(Math.max(0, Math.min(millis, 10_000)));
            return "held " + millis + " ms";
        } finally {
            inside.decrementAndGet();
        }
    }

    @Tool(name = "bulkhead_inside", description = "Test fixture: how many bulkhead_hold calls run now",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String inside() {
        return Integer.toString(inside.get());
    }
}
