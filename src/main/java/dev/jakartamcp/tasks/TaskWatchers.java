package dev.jakartamcp.tasks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The watchers of tasks on this server, for any {@link TaskStore}: who is told of a task's new state. */
public final class TaskWatchers {
    private static final Logger LOG = Logger.getLogger(TaskWatchers.class.getName());

    private final Map<String, List<Consumer<Optional<TaskState>>>> watchers;

    public TaskWatchers() {
        this(new ConcurrentHashMap<>());
    }

    /** Watchers kept in {@code watchers} (tests put themselves between its operations). */
    TaskWatchers(ConcurrentHashMap<String, List<Consumer<Optional<TaskState>>>> watchers) {
        this.watchers = watchers;
    }

    public TaskStore.Registration watch(String taskId, Consumer<Optional<TaskState>> watcher) {
        // added within the map's operation: a list found first and added to after could be one that the close of the
        // task's last other watcher just took out of the map, and the watcher in it would never be told
        watchers.compute(taskId, (id, list) -> {
            List<Consumer<Optional<TaskState>>> kept = list == null ? new CopyOnWriteArrayList<>() : list;
            kept.add(watcher);
            return kept;
        });
        return () -> watchers.computeIfPresent(taskId, (id, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    /** The ids of the tasks watched now. */
    public java.util.Set<String> ids() {
        return java.util.Set.copyOf(watchers.keySet());
    }

    public boolean watched(String taskId) {
        return watchers.containsKey(taskId);
    }

    /** Tells the task's watchers its new state (empty: dropped); a failing watcher does not keep the others from it. */
    public void tell(String taskId, Optional<TaskState> state) {
        List<Consumer<Optional<TaskState>>> list = watchers.get(taskId);
        if (list == null) {
            return;
        }
        for (Consumer<Optional<TaskState>> watcher : list) {
            try {
                watcher.accept(state);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a watcher of task changes failed", e);
            }
        }
    }
}
