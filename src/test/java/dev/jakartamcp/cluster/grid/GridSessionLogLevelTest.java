package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.McpSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A call that runs long holds the session it was given: a {@code logging/setLevel} another request wrote to the grid
 * since reaches it within a second (it kept the level it started with), with at most one grid read a second, and a
 * grid that does not answer leaves it with the level it has.
 */
class GridSessionLogLevelTest {
    private static final Duration BOUND = Duration.ofMillis(200);
    private static final long SECOND = 1_000_000_000L;

    private final FrozenGrid grid = new FrozenGrid();
    private final GridSessionStore store = new GridSessionStore(
            new GridContext(new McpSettings(key -> Optional.empty()), message -> { }, ended -> { }),
            grid.cache(BOUND), new FrozenGrid().cache(BOUND), new FrozenGrid().cache(BOUND), null);
    private final AtomicLong now = new AtomicLong();

    @Test
    void aRunningCallSeesALaterSetLevelWithinASecond() {
        store.nanoClock = now::get;
        McpSession session = store.create(ProtocolRevision.V2025_11_25, JsonFactory.createObjectBuilder().build(),
                JsonFactory.createObjectBuilder().build(), new Caller("https://issuer", "alice", Set.of(), Map.of(), null, ""));
        session.logLevel(LogLevel.DEBUG);
        McpSession running = store.find(session.id()).orElseThrow();
        assertEquals(Optional.of(LogLevel.DEBUG), running.logLevel());

        store.find(session.id()).orElseThrow().logLevel(LogLevel.ERROR);
        now.addAndGet(SECOND / 2);
        assertEquals(Optional.of(LogLevel.DEBUG), running.logLevel(), "not read again within the second");
        now.addAndGet(SECOND / 2);
        assertEquals(Optional.of(LogLevel.ERROR), running.logLevel(), "read again after a second");

        store.find(session.id()).orElseThrow().logLevel(LogLevel.WARNING);
        grid.freeze();
        now.addAndGet(SECOND);
        assertEquals(Optional.of(LogLevel.ERROR), running.logLevel(), "the grid did not answer: the level read before");
        grid.thaw();
        assertEquals(Optional.of(LogLevel.ERROR), running.logLevel(), "the failed read counts as the second's one");
        now.addAndGet(SECOND);
        assertEquals(Optional.of(LogLevel.WARNING), running.logLevel());
    }
}
