package dev.jakartamcp.tasks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskWatchersTest {
    /** What runs once, on the watcher's thread, right after the map has given a task's list of watchers to add to. */
    private final AtomicReference<Runnable> meanwhile = new AtomicReference<>(() -> { });

    /** The map of watchers, where another thread's close can come between finding a task's list and adding to it. */
    private final ConcurrentHashMap<String, List<Consumer<Optional<TaskState>>>> map = new ConcurrentHashMap<>() {
        @Override
        public List<Consumer<Optional<TaskState>>> computeIfAbsent(String key,
                Function<? super String, ? extends List<Consumer<Optional<TaskState>>>> mapping) {
            List<Consumer<Optional<TaskState>>> list = super.computeIfAbsent(key, mapping);
            meanwhile.getAndSet(() -> { }).run();
            return list;
        }

        @Override
        public List<Consumer<Optional<TaskState>>> compute(String key,
                BiFunction<? super String, ? super List<Consumer<Optional<TaskState>>>, ? extends List<Consumer<Optional<TaskState>>>> remapping) {
            List<Consumer<Optional<TaskState>>> list = super.compute(key, remapping);
            meanwhile.getAndSet(() -> { }).run();
            return list;
        }
    };

    private final TaskWatchers watchers = new TaskWatchers(map);

    /**
     * The task's only watcher stops watching (its registration closes, and the task's list goes with it) just as
     * another watcher is added: the new watcher must still be told.
     */
    @Test
    void aWatcherAddedWhileTheLastOtherOneClosesIsTold() {
        TaskStore.Registration first = watchers.watch("task-1", state -> { });
        meanwhile.set(first::close);
        List<Optional<TaskState>> told = new CopyOnWriteArrayList<>();
        watchers.watch("task-1", told::add);

        assertTrue(watchers.watched("task-1"), "the task is watched");
        watchers.tell("task-1", Optional.empty());
        assertEquals(1, told.size(), "the watcher added while the other one closed was told");
    }

    @Test
    void closingTheLastWatcherForgetsTheTask() {
        List<Optional<TaskState>> told = new CopyOnWriteArrayList<>();
        TaskStore.Registration first = watchers.watch("task-1", told::add);
        TaskStore.Registration second = watchers.watch("task-1", told::add);
        first.close();
        assertTrue(watchers.watched("task-1"));
        second.close();
        assertFalse(watchers.watched("task-1"), "nothing is kept for a task nobody watches");
        watchers.tell("task-1", Optional.empty());
        assertEquals(0, told.size());
    }
}
