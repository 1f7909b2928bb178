package dev.jakartamcp.tasks;

import dev.jakartamcp.protocol.CallersItems;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Where tasks live, within {@code mcp.tasks.max-per-caller}, {@code mcp.tasks.max} and each task's lifetime
 * ({@code mcp.tasks.ttl}). The in-memory store serves one server; a store in the application server's data grid can
 * replace it (the same seam as the sessions' {@code SessionStore}): states are immutable values replaced atomically,
 * and the server that runs a task's work learns of answers and cancellations that reach any server by watching it.
 */
public interface TaskStore extends CallersItems<TaskState> {

    /** The limits a new task is admitted under. */
    record Limits(int maxPerCaller, int max) {
    }

    /**
     * Stores a new task. When this returns, {@link #find} sees it (on every server sharing the store): a client may
     * poll the id it is given at once. Throws a rate-limited {@code McpException} when the task's caller (its
     * {@code quotaKey}) holds {@code maxPerCaller} tasks, an over-capacity one when the store holds {@code max}; both
     * say when to retry (when the oldest task of the caller, or of all, expires).
     */
    void create(TaskState task, Limits limits);

    /**
     * Throws what {@link #create} would throw for a new task of the caller whose {@code quotaKey} is given, now, without
     * creating one: checked before a call spends anything for a task (its rate-limit use, its prepare step). A task
     * made in between is still refused by {@link #create}.
     */
    void checkRoom(String quotaKey, Limits limits);

    /** The task's current state; empty when unknown, expired or dropped. */
    Optional<TaskState> find(String taskId);

    /**
     * Replaces the task's state with {@code change} applied to it, atomically, and tells its watchers; empty when the
     * task is unknown or expired. {@code change} must be a pure function of the state: a shared store may apply it
     * more than once.
     */
    Optional<TaskState> update(String taskId, UnaryOperator<TaskState> change);

    /** Drops a task (its watchers are told with an empty state). */
    void remove(String taskId);

    /** Tells {@code watcher} each new state of the task, and an empty one when the task is dropped or expires. */
    Registration watch(String taskId, Consumer<Optional<TaskState>> watcher);

    /**
     * Hands every task that has not expired (on a cluster: cluster-wide) to {@code action}, in no particular order:
     * for the operations API. The store holds at most {@code mcp.tasks.max}.
     */
    @Override
    void forEach(Consumer<TaskState> action);

    /** The tasks of the caller whose {@code Caller.quotaKey()} is {@code quotaKey} that have not expired. */
    @Override
    List<TaskState> ownedBy(String quotaKey);

    /** Tasks stored now, expired ones not yet dropped included. */
    int size();

    /**
     * Tells this server's watchers once more of the changes it learnt of but could not read then (on a cluster: the
     * grid did not answer within {@code mcp.cluster.grid-timeout} when the change was announced); called about once a
     * second while tasks run here. A store that always tells its watchers has nothing to do.
     */
    default void tellMissedChanges() {
    }

    /**
     * Drops the expired tasks when a sweep is due (every few seconds; the first call after that does it). Requests to
     * the store do it too, so this is for the quiet time after tasks ended: called about once a second once a task was
     * created on this server, so that a finished task's result leaves the heap (the grid) at its expiry even when no
     * request follows.
     */
    void dropExpiredIfDue();

    /** Stops a {@link #watch}. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
