package dev.jakartamcp.tasks;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Tasks in this server's memory. Reads and updates take no global lock (one task's state is replaced atomically);
 * creating and dropping tasks, which keep the per-caller index in step, are serialised. Expired tasks are dropped
 * when met and by a sweep at most every 10 seconds; their watchers are told, so that work still running stops. With
 * {@code mcp.cluster.enabled} the grid's store serves instead ({@code Cluster} produces the {@link TaskStore}).
 */
@ApplicationScoped
@Typed(InMemoryTaskStore.class)
public class InMemoryTaskStore implements TaskStore {
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(10);

    private final Map<String, TaskState> tasks = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byCaller = new HashMap<>();
    private final TaskWatchers watchers = new TaskWatchers();
    Clock clock = Clock.systemUTC();
    private volatile Instant nextSweep = Instant.EPOCH;

    @Override
    public void create(TaskState task, Limits limits) {
        dropExpiredIfDue();
        List<TaskState> expired = new ArrayList<>();
        try {
            synchronized (this) {
                checkRoom(task.quotaKey(), limits, expired);
                if (tasks.putIfAbsent(task.taskId(), task) != null) {
                    throw new IllegalStateException("task id in use");
                }
                byCaller.computeIfAbsent(task.quotaKey(), k -> new LinkedHashSet<>()).add(task.taskId());
            }
        } finally {
            expired.forEach(t -> tell(t.taskId(), Optional.empty()));
        }
    }

    @Override
    public void checkRoom(String quotaKey, Limits limits) {
        List<TaskState> expired = new ArrayList<>();
        try {
            synchronized (this) {
                checkRoom(quotaKey, limits, expired);
            }
        } finally {
            expired.forEach(t -> tell(t.taskId(), Optional.empty()));
        }
    }

    /** Refuses a new task of {@code quotaKey} beyond the limits, expired tasks dropped first (into {@code expired}). */
    private void checkRoom(String quotaKey, Limits limits, List<TaskState> expired) {
        Instant now = clock.instant();
        Set<String> owned = byCaller.getOrDefault(quotaKey, Set.of());
        if (owned.size() >= limits.maxPerCaller()) {
            expired.addAll(dropExpired(owned, now));
            owned = byCaller.getOrDefault(quotaKey, Set.of());
            if (owned.size() >= limits.maxPerCaller()) {
                throw McpException.rateLimited("Too Many Requests: a caller holds at most " + limits.maxPerCaller()
                        + " tasks (mcp.tasks.max-per-caller), running or keeping a result; retry when the oldest expires",
                        untilFirstExpiry(owned, now));
            }
        }
        if (tasks.size() >= limits.max()) {
            expired.addAll(dropExpired(Set.copyOf(tasks.keySet()), now));
            if (tasks.size() >= limits.max()) {
                throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the server holds its maximum of "
                        + limits.max() + " tasks (mcp.tasks.max); try again later", untilFirstExpiry(tasks.keySet(), now));
            }
        }
    }

    @Override
    public Optional<TaskState> find(String taskId) {
        dropExpiredIfDue();
        TaskState task = taskId == null ? null : tasks.get(taskId);
        if (task == null) {
            return Optional.empty();
        }
        if (task.isExpired(clock.instant())) {
            remove(taskId);
            return Optional.empty();
        }
        return Optional.of(task);
    }

    @Override
    public Optional<TaskState> update(String taskId, UnaryOperator<TaskState> change) {
        if (find(taskId).isEmpty()) {
            return Optional.empty();
        }
        TaskState[] before = new TaskState[1];
        TaskState after = tasks.computeIfPresent(taskId, (id, current) -> {
            before[0] = current;
            return Objects.requireNonNull(change.apply(current), "a change must return a state");
        });
        if (after != null && after != before[0]) {
            tell(taskId, Optional.of(after));
        }
        return Optional.ofNullable(after);
    }

    @Override
    public void remove(String taskId) {
        TaskState removed;
        synchronized (this) {
            removed = detach(taskId);
        }
        if (removed != null) {
            tell(taskId, Optional.empty());
        }
    }

    @Override
    public Registration watch(String taskId, Consumer<Optional<TaskState>> watcher) {
        return watchers.watch(taskId, watcher);
    }

    @Override
    public void forEach(Consumer<TaskState> action) {
        Instant now = clock.instant();
        tasks.values().stream().filter(t -> !t.isExpired(now)).forEach(action);
    }

    @Override
    public List<TaskState> ownedBy(String quotaKey) {
        List<String> ids;
        synchronized (this) {
            ids = List.copyOf(byCaller.getOrDefault(quotaKey, Set.of()));
        }
        Instant now = clock.instant();
        return ids.stream().map(tasks::get).filter(t -> t != null && !t.isExpired(now)).toList();
    }

    @Override
    public int size() {
        return tasks.size();
    }

    private void tell(String taskId, Optional<TaskState> state) {
        watchers.tell(taskId, state);
    }

    /** Called with the lock held. */
    private TaskState detach(String taskId) {
        TaskState removed = tasks.remove(taskId);
        if (removed != null) {
            Set<String> owned = byCaller.get(removed.quotaKey());
            if (owned != null) {
                owned.remove(taskId);
                if (owned.isEmpty()) {
                    byCaller.remove(removed.quotaKey());
                }
            }
        }
        return removed;
    }

    /** Called with the lock held; returns the tasks dropped, whose watchers the caller tells. */
    private List<TaskState> dropExpired(Set<String> ids, Instant now) {
        List<TaskState> dropped = new ArrayList<>();
        for (String id : List.copyOf(ids)) {
            TaskState t = tasks.get(id);
            if (t != null && t.isExpired(now)) {
                dropped.add(detach(id));
            }
        }
        return dropped;
    }

    /** Called with the lock held: how long until the first of {@code ids} expires (at least a second). */
    private Duration untilFirstExpiry(Set<String> ids, Instant now) {
        return ids.stream().map(tasks::get).filter(Objects::nonNull).map(TaskState::expiresAt).min(Comparator.naturalOrder())
                .map(e -> Duration.between(now, e)).filter(d -> d.compareTo(Duration.ofSeconds(1)) > 0)
                .orElse(Duration.ofSeconds(1));
    }

    @Override
    public void dropExpiredIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        List<TaskState> expired;
        synchronized (this) {
            expired = dropExpired(Set.copyOf(tasks.keySet()), now);
        }
        expired.forEach(t -> tell(t.taskId(), Optional.empty()));
    }
}
