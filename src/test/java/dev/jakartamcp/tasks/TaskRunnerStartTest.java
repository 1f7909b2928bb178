package dev.jakartamcp.tasks;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TaskRunner#start}: a task whose work cannot be handed to the executor holds no place. */
class TaskRunnerStartTest {
    private final Map<String, String> config = new HashMap<>(Map.of("mcp.tasks.max-per-caller", "1"));
    /** What the store throws when the task is watched (a grid that stops); null: it watches. */
    private final AtomicReference<RuntimeException> watchFails = new AtomicReference<>();
    private final InMemoryTaskStore store = new InMemoryTaskStore() {
        @Override
        public Registration watch(String taskId, Consumer<Optional<TaskState>> watcher) {
            RuntimeException failure = watchFails.getAndSet(null);
            if (failure != null) {
                throw failure;
            }
            return super.watch(taskId, watcher);
        }
    };
    /** What the executor throws on submit; null: it takes the work (and never runs it). */
    private final AtomicReference<Throwable> submitFails = new AtomicReference<>();
    private final List<Boolean> deadlinesCancelled = new ArrayList<>();
    private final TaskRunner runner = new TaskRunner();
    private final Exchange request = Exchange.builder(ProtocolRevision.LATEST_LEGACY, "tools/call")
            .caller(Caller.anonymous("192.0.2.1")).build();

    TaskRunnerStartTest() {
        runner.store = store;
        runner.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        runner.executor = executor();
        runner.scheduler = scheduler();
    }

    private ManagedExecutorService executor() {
        return (ManagedExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("submit")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Throwable failure = submitFails.get();
                    if (failure != null) {
                        throw failure;
                    }
                    return new CompletableFuture<>();
                });
    }

    /** A scheduler that runs nothing and records, per deadline it was given, whether it was cancelled. */
    private ManagedScheduledExecutorService scheduler() {
        return (ManagedScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ManagedScheduledExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("scheduleWithFixedDelay")) {
                        // the check for switched-off tools (TaskRunnerSwitchedOffTest), not a deadline
                        return TaskRunnerParts.cancellable();
                    }
                    if (!method.getName().equals("schedule")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    int index = deadlinesCancelled.size();
                    deadlinesCancelled.add(false);
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ScheduledFuture.class},
                            (future, call, callArgs) -> {
                                if (call.getName().equals("cancel")) {
                                    deadlinesCancelled.set(index, true);
                                    return true;
                                }
                                throw new UnsupportedOperationException(call.getName());
                            });
                });
    }

    private McpException refusedWith(RuntimeException failure) {
        submitFails.set(failure);
        return assertThrows(McpException.class, () -> runner.start(request, "slow", context -> null));
    }

    /** The task that could not start is gone, its deadline cancelled, and the caller's one place is free again. */
    private void assertNothingHeld() {
        assertEquals(0, store.size());
        assertEquals(List.of(true), deadlinesCancelled);
        submitFails.set(null);
        runner.start(request, "slow", context -> null);
        assertEquals(1, store.size());
    }

    @Test
    void aRejectedStartIsBusyAndHoldsNoPlace() {
        McpException refused = refusedWith(new RejectedExecutionException("pool full"));
        assertEquals(McpException.Reason.OVER_CAPACITY, refused.reason());
        assertEquals(ErrorCode.OVER_CAPACITY, refused.code());
        assertEquals(Duration.ofSeconds(30), refused.retryAfter());
        assertNothingHeld();
    }

    @Test
    void aTaskThatCannotStartGivesThePlaceOfTheToolsBoundBackOnce() {
        AtomicInteger givenBack = new AtomicInteger();
        request.holdItemPlace(givenBack::incrementAndGet);
        refusedWith(new RejectedExecutionException("pool full"));
        assertEquals(1, givenBack.get());
        request.takeItemPlace().run();
        assertEquals(1, givenBack.get(), "the refused call's pipeline finds nothing left to give back");
    }

    @Test
    void aTaskWhoseWorkNeverRunsGivesThePlaceBackWhenItIsCancelled() {
        AtomicInteger givenBack = new AtomicInteger();
        request.holdItemPlace(givenBack::incrementAndGet);
        runner.observations = TaskRunnerParts.endsInto(new ArrayList<>());
        String taskId = runner.start(request, "slow", context -> null).getString("taskId");
        assertEquals(0, givenBack.get(), "the work (taken by the executor, not run yet) holds it");
        store.update(taskId, task -> task.cancelled("Cancelled by the test", Instant.now()));
        assertEquals(1, givenBack.get());
    }

    /** So that what the work holds (the @Dependent bean instance of its tool: DependentWork) is let go. */
    @Test
    void workWhoseTaskEndsBeforeItsThreadTakesItUpIsToldItWillNeverRun() {
        AtomicInteger dropped = new AtomicInteger();
        runner.observations = TaskRunnerParts.endsInto(new ArrayList<>());
        String taskId = runner.start(request, "slow", TaskRunner.Work.of(context -> null, dropped::incrementAndGet)).getString("taskId");
        assertEquals(0, dropped.get(), "taken by the executor, not run yet");
        store.update(taskId, task -> task.cancelled("Cancelled by the test", Instant.now()));
        assertEquals(1, dropped.get());
    }

    @Test
    void workThatCannotBeStartedIsToldItWillNeverRun() {
        AtomicInteger dropped = new AtomicInteger();
        submitFails.set(new RejectedExecutionException("pool full"));
        assertThrows(McpException.class, () -> runner.start(request, "slow", TaskRunner.Work.of(context -> null, dropped::incrementAndGet)));
        assertEquals(1, dropped.get());
    }

    @Test
    void anyFailureToScheduleTheWorkIsAnsweredAsARejectionAndHoldsNoPlace() {
        McpException rejected = refusedWith(new RejectedExecutionException("pool full"));
        McpException refused = refusedWith(new IllegalStateException("the executor is shutting down"));
        assertEquals(rejected.reason(), refused.reason());
        assertEquals(rejected.code(), refused.code());
        assertEquals(rejected.getMessage(), refused.getMessage());
        assertEquals(rejected.retryAfter(), refused.retryAfter());
        deadlinesCancelled.remove(0);
        assertNothingHeld();
    }

    @Test
    void anErrorWhileSchedulingTheWorkHoldsNoPlaceAndIsRethrown() {
        Error failure = new NoClassDefFoundError("simulated");
        submitFails.set(failure);
        assertSame(failure, assertThrows(NoClassDefFoundError.class, () -> runner.start(request, "slow", context -> null)));
        assertNothingHeld();
    }

    @Test
    void aStoreThatCannotWatchTheNewTaskLeavesNoTaskBehind() {
        watchFails.set(new IllegalStateException("the data grid is stopping"));
        McpException refused = assertThrows(McpException.class, () -> runner.start(request, "slow", context -> null));
        assertEquals(ErrorCode.OVER_CAPACITY, refused.code());
        assertEquals(0, store.size());
        assertTrue(deadlinesCancelled.isEmpty(), "nothing was scheduled");
        runner.start(request, "slow", context -> null);
        assertEquals(1, store.size());
    }

    @Test
    void aCallerOverItsTaskLimitIsRefusedForItsTasksNotForTheToolsRateLimit() {
        runner.start(request, "slow", context -> null);
        McpException refused = assertThrows(McpException.class, () -> runner.start(request, "slow", context -> null));
        assertEquals(McpException.Reason.RATE_LIMITED, refused.reason());
        assertEquals("tasks", request.observation().reason(), "the audit record's reason and the rate_limited metric's limit");
        assertEquals(1, runner.refusedPerCaller());
        assertEquals(0, runner.refusedOnServer());
        assertEquals(1, runner.held());
    }

    @Test
    void aTaskRefusedForAFullServerIsRecordedForTheTasksLimitToo() {
        config.put("mcp.tasks.max-per-caller", "10");
        config.put("mcp.tasks.max", "1");
        runner.start(request, "slow", context -> null);
        McpException refused = assertThrows(McpException.class, () -> runner.start(request, "slow", context -> null));
        assertEquals(McpException.Reason.OVER_CAPACITY, refused.reason());
        assertEquals("tasks", request.observation().reason(), "the audit record's reason and the over_capacity metric's limit");
        assertEquals(1, runner.refusedOnServer());
        assertEquals(0, runner.refusedPerCaller());
    }
}
