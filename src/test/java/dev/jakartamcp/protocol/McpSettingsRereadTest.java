package dev.jakartamcp.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McpSettingsRereadTest {
    private final Map<String, String> config = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final McpSettings settings = new McpSettings(new McpSettings.Reread(key -> {
        reads.incrementAndGet();
        return Optional.ofNullable(config.get(key));
    }, now::get));

    @Test
    void aValueIsReadOnceWithinTheRereadTimeThenAgain() {
        config.put("mcp.session.timeout", "PT5M");
        assertEquals(Duration.ofMinutes(5), settings.duration("mcp.session.timeout", Duration.ZERO));
        config.put("mcp.session.timeout", "PT7M");
        now.addAndGet(McpSettings.REREAD_NANOS - 1);
        assertEquals(Duration.ofMinutes(5), settings.duration("mcp.session.timeout", Duration.ZERO));
        assertEquals(1, reads.get());
        now.addAndGet(1);
        assertEquals(Duration.ofMinutes(7), settings.duration("mcp.session.timeout", Duration.ZERO));
        assertEquals(2, reads.get());
    }

    @Test
    void anUnsetValueIsRememberedToo() {
        assertEquals(Optional.empty(), settings.string("mcp.server.name"));
        assertEquals(Optional.empty(), settings.string("mcp.server.name"));
        assertEquals(1, reads.get());
    }

    @Test
    void beyondTheBoundValuesAreReadThrough() {
        for (int i = 0; i < McpSettings.MAX_REMEMBERED; i++) {
            settings.string("mcp.tools.t" + i + ".enabled");
        }
        int before = reads.get();
        settings.string("mcp.tools.one-more.enabled");
        settings.string("mcp.tools.one-more.enabled");
        assertEquals(before + 2, reads.get());
        settings.string("mcp.tools.t0.enabled");
        assertEquals(before + 2, reads.get());
    }

    @Test
    void aMalformedValueIsStillAnErrorEveryTime() {
        config.put("mcp.session.timeout", "soon");
        assertThrows(IllegalStateException.class, () -> settings.duration("mcp.session.timeout", Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> settings.duration("mcp.session.timeout", Duration.ZERO));
        config.put("mcp.session.timeout", "30");
        now.addAndGet(McpSettings.REREAD_NANOS);
        assertEquals(Duration.ofSeconds(30), settings.duration("mcp.session.timeout", Duration.ZERO));
    }

    @Test
    void aDueValueIsReadAgainByOneRequestWhileTheOthersKeepTheValueTheyHad() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowReads = new AtomicInteger();
        AtomicLong clock = new AtomicLong();
        McpSettings.Reread source = new McpSettings.Reread(key -> {
            if (slowReads.incrementAndGet() == 2) {
                reading.countDown();
                try {
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of("new");
            }
            return Optional.of("old");
        }, clock::get);
        assertEquals(Optional.of("old"), source.apply("mcp.server.name"));
        clock.addAndGet(McpSettings.REREAD_NANOS);
        CompletableFuture<Optional<String>> rereading = CompletableFuture.supplyAsync(() -> source.apply("mcp.server.name"));
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        assertEquals(Optional.of("old"), source.apply("mcp.server.name"));
        assertEquals(Optional.of("old"), source.apply("mcp.server.name"));
        release.countDown();
        assertEquals(Optional.of("new"), rereading.get(10, TimeUnit.SECONDS));
        assertEquals(Optional.of("new"), source.apply("mcp.server.name"));
        assertEquals(2, slowReads.get());
    }

    @Test
    void aFailedRereadLeavesTheValueDueForTheNextRequest() {
        AtomicInteger attempts = new AtomicInteger();
        McpSettings.Reread source = new McpSettings.Reread(key -> {
            if (attempts.incrementAndGet() == 2) {
                throw new IllegalStateException("config source unavailable");
            }
            return Optional.of("v" + attempts.get());
        }, now::get);
        assertEquals(Optional.of("v1"), source.apply("mcp.server.name"));
        now.addAndGet(McpSettings.REREAD_NANOS);
        assertThrows(IllegalStateException.class, () -> source.apply("mcp.server.name"));
        assertEquals(Optional.of("v3"), source.apply("mcp.server.name"));
    }
}
