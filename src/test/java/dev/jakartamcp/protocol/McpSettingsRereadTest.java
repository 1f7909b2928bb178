package dev.jakartamcp.protocol;

import dev.jakartamcp.ops.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
    void theOverridesOfTwoThousandItemsOfEachKindAreReadOnceAndThenFromMemoryUntilTheyAreDue() {
        List<String> keys = overrideKeys(2_000);
        assertTrue(keys.size() > 40_000, "keys: " + keys.size());
        keys.forEach(settings::string);
        assertEquals(keys.size(), reads.get(), "the first request reads every key once");
        keys.forEach(settings::string);
        assertEquals(keys.size(), reads.get(), "a second request within the reread time reads no key from the source");

        config.put("mcp.tools.t1999.enabled", "false");
        now.addAndGet(McpSettings.REREAD_NANOS);
        assertEquals(Optional.of("false"), settings.string("mcp.tools.t1999.enabled"),
                "a changed value is seen once the reread time has passed");
    }

    @Test
    void keysNotReadForTenMinutesAreForgottenWhenNewKeysCome() {
        // items removed while running (or their names changed) leave no keys behind for ever
        List<String> gone = overrideKeys(1_000);
        gone.forEach(settings::string);
        now.addAndGet(McpSettings.FORGET_NANOS);
        List<String> current = overrideKeys(1_000).stream().map(k -> k.replace(".t", ".u")).toList();
        current.forEach(settings::string);
        assertTrue(settings.remembered() <= current.size(), "remembered: " + settings.remembered());
        int before = reads.get();
        current.forEach(settings::string);
        assertEquals(before, reads.get());
    }

    @Test
    void beyondTheBoundValuesAreReadThrough() {
        AtomicInteger read = new AtomicInteger();
        McpSettings.Reread source = new McpSettings.Reread(key -> {
            read.incrementAndGet();
            return Optional.empty();
        }, now::get);
        for (int i = 0; i < McpSettings.MAX_REMEMBERED; i++) {
            source.apply("mcp.tools.t" + i + ".enabled");
        }
        int before = read.get();
        source.apply("mcp.tools.one-more.enabled");
        source.apply("mcp.tools.one-more.enabled");
        assertEquals(before + 2, read.get());
        source.apply("mcp.tools.t0.enabled");
        assertEquals(before + 2, read.get());
    }

    /** Every override key of {@code perKind} items of each kind: what a request that lists them all reads. */
    private static List<String> overrideKeys(int perKind) {
        List<String> keys = new java.util.ArrayList<>();
        for (dev.jakartamcp.pipeline.ItemKind kind : dev.jakartamcp.pipeline.ItemKind.values()) {
            for (int i = 0; i < perKind; i++) {
                for (String attribute : kind.overrideAttributes()) {
                    keys.add(kind.key("t" + i, attribute));
                }
            }
        }
        return keys;
    }

    /**
     * In the server, values due again are read on a thread of their own: a config source that waits (Payara's cluster
     * config source while a member of the data grid does not answer) holds that thread, never a request, and each key
     * has at most one reread waiting or running.
     */
    @Test
    void inTheServerADueValueIsReadAsideAndNoRequestWaitsForIt() {
        List<Runnable> rereads = new CopyOnWriteArrayList<>();
        List<String> readOn = new CopyOnWriteArrayList<>();
        McpSettings.Reread source = new McpSettings.Reread(key -> {
            readOn.add(Thread.currentThread().getName());
            return Optional.ofNullable(config.get(key));
        }, now::get);
        source.rereadOn(rereads::add, getClass().getClassLoader());
        config.put("mcp.session.timeout", "PT5M");
        assertEquals(Optional.of("PT5M"), source.apply("mcp.session.timeout"), "a first read is the request's own");
        config.put("mcp.session.timeout", "PT7M");
        now.addAndGet(McpSettings.REREAD_NANOS);

        assertEquals(Optional.of("PT5M"), source.apply("mcp.session.timeout"), "due: the request goes on with the value it had");
        now.addAndGet(10 * McpSettings.REREAD_NANOS);
        assertEquals(Optional.of("PT5M"), source.apply("mcp.session.timeout"), "the reread has not run yet (the source waits)");
        assertEquals(1, rereads.size(), "one reread per key waits, however long the source takes");
        assertEquals(1, readOn.size());

        Thread aside = new Thread(rereads.remove(0), "reread");
        aside.start();
        assertDoesNotThrow(() -> aside.join(10_000));
        assertEquals(List.of(Thread.currentThread().getName(), "reread"), readOn);
        assertEquals(Optional.of("PT7M"), source.apply("mcp.session.timeout"), "what the reread read");
        assertTrue(rereads.isEmpty(), "and it is fresh again");
    }

    @Test
    void aRereadAsideThatFailsKeepsTheValueAndIsTriedAgainWhenDue() {
        List<Runnable> rereads = new CopyOnWriteArrayList<>();
        AtomicBoolean failing = new AtomicBoolean();
        McpSettings.Reread source = new McpSettings.Reread(key -> {
            if (failing.get()) {
                throw new IllegalStateException("the data grid does not answer");
            }
            return Optional.of("PT5M");
        }, now::get);
        source.rereadOn(rereads::add, getClass().getClassLoader());
        source.apply("mcp.session.timeout");
        failing.set(true);
        now.addAndGet(McpSettings.REREAD_NANOS);
        source.apply("mcp.session.timeout");
        rereads.remove(0).run();
        assertEquals(Optional.of("PT5M"), source.apply("mcp.session.timeout"));
        assertTrue(rereads.isEmpty(), "not due again yet");
        now.addAndGet(McpSettings.REREAD_NANOS);
        source.apply("mcp.session.timeout");
        assertEquals(1, rereads.size(), "due again after the interval");
    }

    @Test
    void aRereadTheExecutorRefusesIsReadByTheRequest() {
        McpSettings.Reread source = new McpSettings.Reread(key -> Optional.ofNullable(config.get(key)), now::get);
        source.rereadOn(task -> {
            throw new java.util.concurrent.RejectedExecutionException("stopping");
        }, getClass().getClassLoader());
        config.put("mcp.session.timeout", "PT5M");
        source.apply("mcp.session.timeout");
        config.put("mcp.session.timeout", "PT7M");
        now.addAndGet(McpSettings.REREAD_NANOS);
        assertEquals(Optional.of("PT7M"), source.apply("mcp.session.timeout"));
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
    void aFailedRereadKeepsTheKnownValueUntilTheNextRereadAndWarnsOncePerStreak() {
        AtomicBoolean failing = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        McpSettings.Reread source = new McpSettings.Reread(key -> {
            attempts.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("the data grid is stopping");
            }
            return Optional.of("v" + attempts.get());
        }, now::get);
        try (LogCapture log = LogCapture.of(McpSettings.class, Level.FINE)) {
            assertEquals(Optional.of("v1"), source.apply("mcp.server.name"));
            failing.set(true);
            now.addAndGet(McpSettings.REREAD_NANOS);
            assertEquals(Optional.of("v1"), source.apply("mcp.server.name"));
            assertEquals(Optional.of("v1"), source.apply("mcp.server.name"));
            assertEquals(2, attempts.get(), "the failing source is asked again only at the next reread");
            now.addAndGet(McpSettings.REREAD_NANOS);
            assertEquals(Optional.of("v1"), source.apply("mcp.server.name"));
            assertEquals(3, attempts.get());
            assertEquals(List.of(Level.WARNING, Level.FINE), log.levels());
            assertTrue(log.messages().get(0).contains("mcp.server.name"), log.messages().get(0));

            failing.set(false);
            now.addAndGet(McpSettings.REREAD_NANOS);
            assertEquals(Optional.of("v4"), source.apply("mcp.server.name"));
            failing.set(true);
            now.addAndGet(McpSettings.REREAD_NANOS);
            assertEquals(Optional.of("v4"), source.apply("mcp.server.name"));
            assertEquals(List.of(Level.WARNING, Level.FINE, Level.FINE), log.levels(),
                    "a new streak within a minute of the warning does not warn again");
            failing.set(false);
            now.addAndGet(McpSettings.REREAD_NANOS);
            assertEquals(Optional.of("v6"), source.apply("mcp.server.name"));
            failing.set(true);
            now.addAndGet(TimeUnit.MINUTES.toNanos(1));
            assertEquals(Optional.of("v6"), source.apply("mcp.server.name"));
            assertEquals(List.of(Level.WARNING, Level.FINE, Level.FINE, Level.WARNING), log.levels());
        }
    }

    @Test
    void aSettingNeverReadStillFailsLoudlyAndIsTriedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        McpSettings.Reread source = new McpSettings.Reread(key -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("config source unavailable");
            }
            return Optional.of("v" + attempts.get());
        }, now::get);
        assertThrows(IllegalStateException.class, () -> source.apply("mcp.server.name"));
        assertEquals(Optional.of("v2"), source.apply("mcp.server.name"));
    }

    @Test
    void anErrorOnARereadIsNotSwallowedAndLeavesTheValueDue() {
        AtomicInteger attempts = new AtomicInteger();
        McpSettings.Reread source = new McpSettings.Reread(key -> {
            if (attempts.incrementAndGet() == 2) {
                throw new OutOfMemoryError("simulated");
            }
            return Optional.of("v" + attempts.get());
        }, now::get);
        assertEquals(Optional.of("v1"), source.apply("mcp.server.name"));
        now.addAndGet(McpSettings.REREAD_NANOS);
        assertThrows(OutOfMemoryError.class, () -> source.apply("mcp.server.name"));
        assertEquals(Optional.of("v3"), source.apply("mcp.server.name"));
    }
}
