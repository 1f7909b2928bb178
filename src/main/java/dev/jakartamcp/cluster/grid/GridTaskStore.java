package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.cluster.ClusterMessage;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.tasks.TaskState;
import dev.jakartamcp.tasks.TaskStateJson;
import dev.jakartamcp.tasks.TaskStore;
import dev.jakartamcp.tasks.TaskWatchers;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import javax.cache.Cache;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tasks in the data grid: one JSON entry per task and a per-caller index, changed by compare-and-set, so that any
 * node answers {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel} for a task another node runs. The
 * work stays on the node that started it; it watches its task, and every change, on any node, is announced to all
 * nodes ({@link ClusterMessage.Type#TASK_CHANGED}), whose watchers then read the task from the grid. A task's lifetime
 * is its own ({@code expiresAt}); expired tasks are dropped when met and by a sweep at most every 10 seconds on each
 * node (the store holds at most {@code mcp.tasks.max} tasks, so a sweep reads at most that many entries). When the
 * node running a task's work leaves the cluster, the task fails (-32603) the next time any node reads it, instead of
 * staying {@code working} until it expires.
 */
final class GridTaskStore implements TaskStore {
    private static final Logger LOG = Logger.getLogger(GridTaskStore.class.getName());
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(10);

    private final GridCache tasks;
    private final GridCache owners;
    private final GridCache runners;
    private final JCacheGrid grid;
    private final TaskWatchers watchers = new TaskWatchers();
    /**
     * Watched tasks whose announced change could not be read or handed to their watchers (the grid did not answer):
     * read again by {@link #tellMissedChanges}. Holds only ids watched here, each once.
     */
    private final java.util.Set<String> missed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How often {@link #tellMissedChanges} reads every watched task again, announced or not. */
    java.time.Duration rereadEvery = java.time.Duration.ofSeconds(5);
    private volatile long lastReread = System.nanoTime();
    private volatile Instant nextSweep = Instant.EPOCH;
    /** Where the sweep of expired tasks runs (the grid's counting thread), not on the request that finds it due. */
    private final java.util.concurrent.Executor aside;

    /** When ({@link System#nanoTime()}) this node made each task a count may not have seen yet (see {@link #madeHereSince}). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Long> madeHere = new java.util.concurrent.ConcurrentLinkedQueue<>();

    GridTaskStore(GridCache tasks, GridCache owners, GridCache runners, JCacheGrid grid, java.util.concurrent.Executor aside) {
        this.tasks = tasks;
        this.owners = owners;
        this.runners = runners;
        this.grid = grid;
        this.aside = aside;
    }

    /**
     * Counted first, checked after: the task and its place among the caller's are written, then the limits are read
     * back, and a creation beyond them is undone and refused. Creations of one caller racing on one node or on several
     * cannot all pass a check made before any of them counted (at worst, racing ones beyond the limit are all refused).
     * The cluster's count ({@code mcp.tasks.max}) is the grid's last, at most a second old, plus the tasks this node
     * made since: the creations of other nodes within that second are not in it.
     */
    @Override
    public void create(TaskState task, Limits limits) {
        dropExpiredIfDue();
        Instant now = Instant.now();
        boolean made;
        try {
            made = tasks.putIfAbsent(task.taskId(), TaskStateJson.write(task));
        } catch (RuntimeException e) {
            tasks.removeLater(task.taskId()); // a write given up on may still be applied: it would count until the task's ttl
            throw e;
        }
        if (!made) {
            throw new IllegalStateException("task id in use");
        }
        McpException refusal;
        Long madeAt = System.nanoTime();
        try {
            // the node that creates a task runs its work
            madeHere.add(madeAt);
            runners.put(task.taskId(), grid.localMember());
            Caches.update(owners, task.quotaKey(), current -> {
                List<String> ids = new ArrayList<>(ids(current));
                ids.add(task.taskId());
                return json(ids);
            });
            refusal = beyondLimits(task, limits, now);
            if (refusal != null) {
                madeHere.remove(madeAt); // refused: it holds no place
                remove(task.taskId());
            }
        } catch (RuntimeException e) {
            madeHere.remove(madeAt);
            // not made, the client is told so: the request is answered without waiting for the grid again (a task id
            // left in the caller's list is dropped as soon as its task is found missing)
            tasks.removeLater(task.taskId());
            runners.removeLater(task.taskId());
            throw e;
        }
        if (refusal != null) {
            throw refusal;
        }
    }

    /** The refusal of {@code task}, counted already, when it takes its caller or the cluster beyond the limits; else null. */
    private McpException beyondLimits(TaskState task, Limits limits, Instant now) {
        List<TaskState> owned = owned(task.quotaKey(), now);
        if (owned.size() > limits.maxPerCaller()) {
            List<TaskState> others = owned.stream().filter(t -> !t.taskId().equals(task.taskId())).toList();
            return callerFull(limits, others, now);
        }
        GridCache.Counted counted = tasks.counted();
        if (counted.entries() + madeHereSince(counted.at()) > limits.max()) {
            return clusterFull(limits);
        }
        return null;
    }

    @Override
    public void checkRoom(String quotaKey, Limits limits) {
        Instant now = Instant.now();
        // the caller's list first: its tasks are read (and expired ones dropped) only when it is that long
        if (ids(owners.get(quotaKey)).size() >= limits.maxPerCaller()) {
            List<TaskState> owned = owned(quotaKey, now);
            if (owned.size() >= limits.maxPerCaller()) {
                throw callerFull(limits, owned, now);
            }
        }
        GridCache.Counted counted = tasks.counted();
        if (counted.entries() + madeHereSince(counted.at()) >= limits.max()) {
            throw clusterFull(limits);
        }
    }

    private static McpException callerFull(Limits limits, List<TaskState> held, Instant now) {
        return McpException.rateLimited("Too Many Requests: a caller holds at most " + limits.maxPerCaller()
                + " tasks (mcp.tasks.max-per-caller), running or keeping a result; retry when the oldest expires",
                untilFirstExpiry(held, now));
    }

    private static McpException clusterFull(Limits limits) {
        return McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the cluster holds its maximum of "
                + limits.max() + " tasks (mcp.tasks.max); try again later", Duration.ofSeconds(1));
    }

    @Override
    public Optional<TaskState> find(String taskId) {
        dropExpiredIfDue();
        if (taskId == null) {
            return Optional.empty();
        }
        String json = tasks.get(taskId);
        if (json == null) {
            return Optional.empty();
        }
        TaskState task = TaskStateJson.read(json);
        if (task.isExpired(Instant.now())) {
            remove(taskId);
            return Optional.empty();
        }
        if (!task.status().isTerminal() && runnerIsGone(taskId)) {
            return change(taskId, t -> t.runnerStopped(Instant.now()));
        }
        return Optional.of(task);
    }

    @Override
    public Optional<TaskState> update(String taskId, UnaryOperator<TaskState> change) {
        if (find(taskId).isEmpty()) {
            return Optional.empty();
        }
        return change(taskId, change);
    }

    /** Applies {@code change} by compare-and-set and announces a real change to every node. */
    private Optional<TaskState> change(String taskId, UnaryOperator<TaskState> change) {
        String[] before = new String[1];
        String written = Caches.update(tasks, taskId, current -> {
            before[0] = current;
            return current == null ? null
                    : TaskStateJson.write(Objects.requireNonNull(change.apply(TaskStateJson.read(current)), "a change must return a state"));
        });
        if (written == null) {
            return Optional.empty();
        }
        if (!written.equals(before[0])) {
            grid.publish(ClusterMessage.taskChanged(taskId));
        }
        return Optional.of(TaskStateJson.read(written));
    }

    @Override
    public void remove(String taskId) {
        String removed = tasks.getAndRemove(taskId);
        if (removed == null) {
            return;
        }
        runners.remove(taskId);
        String quotaKey = TaskStateJson.read(removed).quotaKey();
        Caches.update(owners, quotaKey, current -> {
            List<String> ids = new ArrayList<>(ids(current));
            ids.remove(taskId);
            return ids.isEmpty() ? null : json(ids);
        });
        grid.publish(ClusterMessage.taskChanged(taskId));
    }

    /** Whether the node that ran the task's work left the cluster (it died or stopped): the work is gone with it. */
    private boolean runnerIsGone(String taskId) {
        String runner = runners.get(taskId);
        return runner != null && !grid.members().contains(runner);
    }

    @Override
    public Registration watch(String taskId, Consumer<Optional<TaskState>> watcher) {
        return watchers.watch(taskId, watcher);
    }

    @Override
    public int size() {
        return tasks.size();
    }

    /**
     * Tasks this node made after the count begun at {@code countedAt}, which may have missed them. Those the count
     * had begun after are in it; they are let go once older than {@link #MADE_HERE_KEPT_NANOS} too (a request using an
     * older count meanwhile may still need them), so that what is kept is bounded by the creations of that time.
     */
    private int madeHereSince(long countedAt) {
        long now = System.nanoTime();
        madeHere.removeIf(at -> at - countedAt <= 0 && now - at > MADE_HERE_KEPT_NANOS);
        int since = 0;
        for (Long at : madeHere) {
            if (at - countedAt > 0) {
                since++;
            }
        }
        return since;
    }

    private static final long MADE_HERE_KEPT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    /**
     * A node changed or dropped the task: this node's watchers of it get its state from the grid. Called on the grid's
     * listener thread, which the announcement is not sent again on: a change the grid does not let the watchers have now
     * (their work's cancellation, an input answer it waits for) is remembered and read again by
     * {@link #tellMissedChanges}, instead of reaching the work only when its task next changes.
     */
    boolean changed(String taskId) {
        if (!watchers.watched(taskId)) {
            missed.remove(taskId);
            return true;
        }
        Optional<TaskState> state;
        try {
            state = Optional.ofNullable(tasks.get(taskId)).map(TaskStateJson::read);
        } catch (RuntimeException e) {
            // the bound (McpException, limit grid) or the grid's own failure: either way, read again later
            missed.add(taskId);
            LOG.log(Level.FINE, "The data grid did not let task " + taskId + " be read; its change is read again", e);
            return false;
        }
        watchers.tell(taskId, state);
        return true;
    }

    /**
     * Reads the missed changes one by one and stops at the first the grid does not answer (the others stay missed for
     * the next check), so a grid that does not answer costs one bound per check, not one per task.
     */
    @Override
    public void tellMissedChanges() {
        long now = System.nanoTime();
        if (now - lastReread >= rereadEvery.toNanos()) {
            // the grid's topic delivers on a best-effort basis: an announcement lost (its event queue full, a split
            // while it was sent) would leave an answer or a cancellation from another node unread until the task's
            // next change, or its TTL; so every task watched here is read again now and then
            lastReread = now;
            missed.addAll(watchers.ids());
        }
        for (String taskId : List.copyOf(missed)) {
            missed.remove(taskId);
            if (!changed(taskId)) {
                return;
            }
        }
    }

    @Override
    public void forEach(Consumer<TaskState> action) {
        Instant now = Instant.now();
        tasks.forEachEntry((id, json) -> {
            TaskState task = TaskStateJson.read(json);
            if (!task.isExpired(now)) {
                action.accept(task);
            }
        });
    }

    @Override
    public List<TaskState> ownedBy(String quotaKey) {
        return owned(quotaKey, Instant.now());
    }

    /** The caller's tasks that have not expired; expired ones met on the way are dropped. */
    private List<TaskState> owned(String quotaKey, Instant now) {
        List<TaskState> live = new ArrayList<>();
        for (String id : ids(owners.get(quotaKey))) {
            String json = tasks.get(id);
            TaskState task = json == null ? null : TaskStateJson.read(json);
            if (task == null || task.isExpired(now)) {
                remove(id);
                if (task == null) {
                    Caches.update(owners, quotaKey, current -> {
                        List<String> ids = new ArrayList<>(ids(current));
                        ids.remove(id);
                        return ids.isEmpty() ? null : json(ids);
                    });
                }
            } else {
                live.add(task);
            }
        }
        return live;
    }

    private static Duration untilFirstExpiry(List<TaskState> owned, Instant now) {
        return owned.stream().map(TaskState::expiresAt).min(Comparator.naturalOrder())
                .map(e -> Duration.between(now, e)).filter(d -> d.compareTo(Duration.ofSeconds(1)) > 0)
                .orElse(Duration.ofSeconds(1));
    }

    /**
     * Every {@link #SWEEP_EVERY}, the first request that comes (or the runner's periodic check) starts a sweep of the
     * expired tasks aside: it walks the whole cache, every member's partitions, which no request should wait for (the
     * grid has no bound on a walk).
     */
    @Override
    public void dropExpiredIfDue() {
        Instant now = Instant.now();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        try {
            aside.execute(() -> sweep(now));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the application stops: the next node's sweep takes them
        }
    }

    private void sweep(Instant now) {
        try {
            List<String> expired = new ArrayList<>();
            for (Cache.Entry<String, String> entry : tasks.cache()) {
                if (TaskStateJson.read(entry.getValue()).isExpired(now)) {
                    expired.add(entry.getKey());
                }
            }
            expired.forEach(this::remove);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "The sweep of expired tasks did not finish (the data grid did not answer); the next one goes on", e);
        }
    }

    private static List<String> ids(String json) {
        if (json == null) {
            return List.of();
        }
        try (JsonReader reader = JsonFactory.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    private static String json(List<String> ids) {
        JsonArrayBuilder array = JsonFactory.createArrayBuilder();
        ids.forEach(array::add);
        return array.build().toString();
    }
}
