package dev.jakartamcp.tasks;

import dev.jakartamcp.protocol.McpException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryTaskStoreTest {
    private final MovableClock clock = new MovableClock();
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final TaskStore.Limits limits = new TaskStore.Limits(2, 3);

    InMemoryTaskStoreTest() {
        store.clock = clock;
    }

    private TaskState task(String caller, Duration ttl) {
        return TaskState.start(TaskIds.newId(), "iss\n" + caller, "iss\n" + caller, "slow", clock.instant(), ttl, Duration.ofSeconds(1));
    }

    private TaskState created(String caller) {
        TaskState t = task(caller, Duration.ofMinutes(1));
        store.create(t, limits);
        return t;
    }

    @Test
    void aCreatedTaskCanBeFoundAtOnce() {
        TaskState t = created("alice");
        assertEquals(t, store.find(t.taskId()).orElseThrow());
        assertTrue(store.find(TaskIds.newId()).isEmpty());
        assertTrue(store.find(null).isEmpty());
    }

    @Test
    void listsTasksThatHaveNotExpiredAllOrOneCallers() {
        TaskState old = created("alice");
        clock.advance(Duration.ofSeconds(30));
        TaskState alice = created("alice");
        TaskState bob = created("bob");
        List<String> all = new ArrayList<>();
        store.forEach(t -> all.add(t.taskId()));
        assertEquals(Set.of(old.taskId(), alice.taskId(), bob.taskId()), Set.copyOf(all));
        assertEquals(Set.of(old.taskId(), alice.taskId()), Set.copyOf(store.ownedBy("iss\nalice").stream().map(TaskState::taskId).toList()));
        clock.advance(Duration.ofSeconds(31));
        List<String> later = new ArrayList<>();
        store.forEach(t -> later.add(t.taskId()));
        assertEquals(Set.of(alice.taskId(), bob.taskId()), Set.copyOf(later), "the expired one is not listed");
        assertEquals(List.of(alice.taskId()), store.ownedBy("iss\nalice").stream().map(TaskState::taskId).toList());
        assertEquals(List.of(), store.ownedBy("iss\ncarol"));
    }

    @Test
    void aCallerOverItsLimitIsRefusedUntilItsOldestTaskExpires() {
        created("alice");
        clock.advance(Duration.ofSeconds(20));
        created("alice");
        McpException refused = assertThrows(McpException.class, () -> created("alice"));
        assertEquals(McpException.Reason.RATE_LIMITED, refused.reason());
        assertTrue(refused.getMessage().contains("mcp.tasks.max-per-caller"), refused.getMessage());
        assertEquals(Duration.ofSeconds(40), refused.retryAfter(), "the oldest expires 60 s after it was made");
        created("bob");

        clock.advance(Duration.ofSeconds(41));
        created("alice");
    }

    /** The check before a call spends anything for a task refuses as creating it would, and creates nothing. */
    @Test
    void checkingRoomRefusesAsCreatingWouldAndCreatesNothing() {
        store.checkRoom("iss\nalice", limits);
        created("alice");
        created("alice");
        McpException full = assertThrows(McpException.class, () -> store.checkRoom("iss\nalice", limits));
        assertEquals(McpException.Reason.RATE_LIMITED, full.reason());
        assertEquals(Duration.ofSeconds(60), full.retryAfter());
        store.checkRoom("iss\nbob", limits);
        created("bob");
        McpException server = assertThrows(McpException.class, () -> store.checkRoom("iss\ncarol", limits));
        assertEquals(McpException.Reason.OVER_CAPACITY, server.reason());
        assertTrue(server.getMessage().contains("mcp.tasks.max"), server.getMessage());
        assertEquals(3, store.size(), "checks create nothing");
        clock.advance(Duration.ofSeconds(61));
        store.checkRoom("iss\nalice", limits);
        assertEquals(1, store.size(), "alice's expired tasks were dropped to make room for hers (bob's waits for the sweep)");
    }

    @Test
    void aFullStoreRefusesEveryone() {
        created("alice");
        created("bob");
        created("carol");
        McpException refused = assertThrows(McpException.class, () -> created("dave"));
        assertEquals(McpException.Reason.OVER_CAPACITY, refused.reason());
        assertTrue(refused.getMessage().contains("mcp.tasks.max"), refused.getMessage());
        assertEquals(3, store.size());
    }

    @Test
    void expiredTasksAreGoneAndTheirWatchersAreTold() {
        TaskState t = created("alice");
        List<Optional<TaskState>> seen = new ArrayList<>();
        store.watch(t.taskId(), seen::add);
        clock.advance(Duration.ofMinutes(1));
        assertTrue(store.find(t.taskId()).isEmpty());
        assertTrue(store.update(t.taskId(), s -> s.withStatusMessage("x", clock.instant())).isEmpty());
        assertEquals(List.of(Optional.empty()), seen);
        assertEquals(0, store.size());
    }

    @Test
    void updatesAreToldToWatchersUntilTheyStop() {
        TaskState t = created("alice");
        List<Optional<TaskState>> seen = new ArrayList<>();
        TaskStore.Registration registration = store.watch(t.taskId(), seen::add);
        TaskState updated = store.update(t.taskId(), s -> s.withStatusMessage("half way", clock.instant())).orElseThrow();
        assertEquals("half way", updated.statusMessage());
        store.update(t.taskId(), s -> s.withStatusMessage("half way", clock.instant()));
        assertEquals(List.of(Optional.of(updated)), seen, "an update that changes nothing is not told");
        registration.close();
        store.update(t.taskId(), s -> s.withStatusMessage("done soon", clock.instant()));
        assertEquals(1, seen.size());
    }

    @Test
    void removingATaskFreesItsCallersPlace() {
        TaskState first = created("alice");
        created("alice");
        store.remove(first.taskId());
        created("alice");
        assertEquals(2, store.size());
    }

    @Test
    void theSweepDropsExpiredTasksOfOtherCallers() {
        TaskState old = store.find(created("alice").taskId()).orElseThrow();
        List<Optional<TaskState>> seen = new ArrayList<>();
        store.watch(old.taskId(), seen::add);
        clock.advance(Duration.ofMinutes(2));
        created("bob");
        assertEquals(List.of(Optional.empty()), seen);
        assertEquals(1, store.size());
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
