package dev.jakartamcp.pipeline;

import dev.jakartamcp.limits.KeyedCounts;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code mcp.<kind>.<name>.max-concurrent}: the calls running an item's code at once on this server, bounded per item
 * (a bulkhead, so that one slow tool in front of a fragile backend cannot take every place of the execution pool). A
 * call beyond the bound is refused at once (503, -31503), never queued. Only items with a bound are counted, and an
 * item's entry is held only while a call of it runs.
 */
@ApplicationScoped
public class ItemConcurrency {
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KeyedCounts running = new KeyedCounts();
    private final AtomicLong refused = new AtomicLong();

    /**
     * Counts a call of {@code item} unless {@code max} run already, and gives what ends it (to be run exactly once);
     * throws 503 naming the item's {@code max-concurrent} property when full.
     */
    Runnable enter(McpItem item, int max) {
        String key = key(item);
        AtomicInteger count = running.enter(key, max);
        if (count == null) {
            refused.incrementAndGet();
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: " + item.kind().label() + " "
                    + item.name() + " runs as many calls at once as it may (" + max + ", " + key + "); retry later", RETRY_AFTER);
        }
        return () -> running.exit(key, count);
    }

    /** The item's property, {@code mcp.<kind>.<name>.max-concurrent}, which also names its count. */
    private static String key(McpItem item) {
        return item.kind().key(item.name(), "max-concurrent");
    }

    /** Calls refused since the start because their item ran its most calls at once already. */
    public long refused() {
        return refused.get();
    }

    /** Calls of {@code item} counted now. */
    int running(McpItem item) {
        return running.running(key(item));
    }

    /** Items with a call counted now. */
    int items() {
        return running.keys();
    }
}
