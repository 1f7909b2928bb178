package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.ops.AuditTrail;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorExecutionTest {
    private final AtomicInteger contextsCaptured = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    /** Thrown by the contextual proxy before it runs the work, as when the container cannot set up the context. */
    private volatile RuntimeException contextFails;
    private final AuthorExecution execution = execution("2");
    private static final Caller ALICE = new Caller("https://issuer.example/", "alice", Set.of(), Map.of(), Instant.now().plusSeconds(600), "127.0.0.1");
    private static final Caller BOB = new Caller("https://issuer.example/", "bob", Set.of(), Map.of(), Instant.now().plusSeconds(600), "127.0.0.1");
    /** Whether the audit trail counts as stalled. */
    private volatile boolean auditStalled;
    /** The refusals recorded: caller subject, method, outcome, reason. */
    private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        release.countDown();
        execution.stop();
    }

    @Test
    void exactlyTheMethodsThatRunAuthorCodeAreHandedOff() {
        for (String method : List.of("tools/call", "prompts/get", "resources/read", "completion/complete")) {
            assertTrue(execution.runsAuthorCode(method), method);
        }
        for (String method : List.of("initialize", "ping", "tools/list", "prompts/list", "resources/list", "resources/templates/list",
                "logging/setLevel", "resources/subscribe", "tasks/get", "server/discover")) {
            assertFalse(execution.runsAuthorCode(method), method);
        }
    }

    @Test
    void workRunsInTheContextCapturedWhenSubmitted() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        execution.submit(ALICE, "tools/call", () -> null, ran::countDown, AuthorExecutionTest::unexpected);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertEquals(1, contextsCaptured.get());
    }

    @Test
    void workWhoseContextCannotBeSetUpIsHandedBackAsNotStarted() throws Exception {
        contextFails = new IllegalStateException("Module my-app is disabled");
        CompletableFuture<Throwable> notStarted = new CompletableFuture<>();
        execution.submit(ALICE, "tools/call", () -> null, () -> {
            throw new AssertionError("must not run");
        }, notStarted::complete);
        assertSame(contextFails, notStarted.get(5, TimeUnit.SECONDS));
        awaitNoneRunning();
    }

    @Test
    void workThatFailsItselfIsNotHandedBack() throws InterruptedException {
        CompletableFuture<Throwable> notStarted = new CompletableFuture<>();
        CountDownLatch ran = new CountDownLatch(1);
        execution.submit(ALICE, "tools/call", () -> null, () -> {
            ran.countDown();
            throw new IllegalStateException("the work's own failure, which the work answers itself");
        }, notStarted::complete);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        awaitNoneRunning();
        assertFalse(notStarted.isDone());
    }

    @Test
    void beyondTheBoundACallIsRefusedWith503AndRetryAfter() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(2);
        for (Caller caller : List.of(ALICE, BOB)) {
            execution.submit(caller, "tools/call", () -> null, heldUntilReleased(started), AuthorExecutionTest::unexpected);
        }
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(2, execution.running());
        Caller carol = new Caller("https://issuer.example/", "carol", Set.of(), Map.of(), Instant.now().plusSeconds(600), "127.0.0.1");
        McpException refused = assertThrows(McpException.class, () -> execution.submit(carol, "tools/call", () -> "4bf92f3577b34da6a3ce929d0e0e4736", () -> { }, AuthorExecutionTest::unexpected));
        assertEquals(ErrorCode.OVER_CAPACITY, refused.code());
        assertEquals(McpException.Reason.OVER_CAPACITY, refused.reason());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertTrue(refused.getMessage().contains("mcp.execution.max-concurrent"), refused.getMessage());
        assertEquals(List.of("carol tools/call UNAVAILABLE executions in 4bf92f3577b34da6a3ce929d0e0e4736"), refusals,
                "audited under the request's trace");
        assertEquals(1, execution.refusedOnServer());
        assertEquals(0, execution.refusedPerCaller());
        assertEquals(2, contextsCaptured.get(), "the refused call's context was not captured");
    }

    @Test
    void beyondItsOwnBoundACallersCallIsRefusedWith429AndRecorded() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        execution.submit(ALICE, "tools/call", () -> null, heldUntilReleased(started), AuthorExecutionTest::unexpected);
        assertTrue(started.await(5, TimeUnit.SECONDS));
        McpException refused = assertThrows(McpException.class, () -> execution.submit(ALICE, "prompts/get", () -> null, () -> { }, AuthorExecutionTest::unexpected));
        assertEquals(ErrorCode.RATE_LIMITED, refused.code());
        assertEquals(McpException.Reason.RATE_LIMITED, refused.reason());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertTrue(refused.getMessage().contains("mcp.execution.max-concurrent-per-caller"), refused.getMessage());
        assertEquals(List.of("alice prompts/get RATE_LIMITED executions"), refusals);
        assertEquals(1, execution.refusedPerCaller());
        assertEquals(1, contextsCaptured.get(), "the refused call's context was not captured");
        CountDownLatch bobs = new CountDownLatch(1);
        execution.submit(BOB, "tools/call", () -> null, bobs::countDown, AuthorExecutionTest::unexpected);
        assertTrue(bobs.await(5, TimeUnit.SECONDS), "another caller's call runs");
        release.countDown();
        awaitNoneRunning();
        CountDownLatch again = new CountDownLatch(1);
        execution.submit(ALICE, "tools/call", () -> null, again::countDown, AuthorExecutionTest::unexpected);
        assertTrue(again.await(5, TimeUnit.SECONDS), "once it ended, the caller's next call runs");
    }

    /** Fail closed: while the audit trail writes nothing, no author code runs whose record it could not keep. */
    @Test
    void whileTheAuditTrailIsStalledNoCallRuns() throws InterruptedException {
        auditStalled = true;
        McpException refused = assertThrows(McpException.class, () -> execution.submit(ALICE, "tools/call", () -> null, () -> {
            throw new AssertionError("must not run");
        }, AuthorExecutionTest::unexpected));
        assertEquals(ErrorCode.OVER_CAPACITY, refused.code());
        assertEquals(McpException.Reason.OVER_CAPACITY, refused.reason());
        assertEquals(Duration.ofSeconds(5), refused.retryAfter());
        assertTrue(refused.getMessage().contains("mcp.audit.stall-timeout"), refused.getMessage());
        assertEquals(List.of("alice tools/call UNAVAILABLE audit"), refusals);
        assertEquals(0, contextsCaptured.get());
        auditStalled = false;
        CountDownLatch ran = new CountDownLatch(1);
        execution.submit(ALICE, "tools/call", () -> null, ran::countDown, AuthorExecutionTest::unexpected);
        assertTrue(ran.await(5, TimeUnit.SECONDS), "once the trail writes again, calls run");
    }

    @Test
    void aMalformedBoundIsAnErrorNamingTheProperty() {
        AuthorExecution bad = execution("many");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> bad.submit(ALICE, "tools/call", () -> null, () -> { }, AuthorExecutionTest::unexpected));
            assertTrue(e.getMessage().contains("mcp.execution.max-concurrent"), e.getMessage());
        } finally {
            bad.stop();
        }
    }

    /** Work that counts {@code started} down, then runs until the test releases it. */
    private Runnable heldUntilReleased(CountDownLatch started) {
        return () -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static void unexpected(Throwable notStarted) {
        throw new AssertionError("the work did start", notStarted);
    }

    private void awaitNoneRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (execution.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, execution.running());
    }

    private AuthorExecution execution(String maxConcurrent) {
        AuthorExecution e = new AuthorExecution();
        e.settings = new McpSettings(key -> switch (key) {
            case "mcp.execution.max-concurrent" -> Optional.of(maxConcurrent);
            case "mcp.execution.max-concurrent-per-caller" -> Optional.of("1");
            default -> Optional.empty();
        });
        e.audit = new AuditTrail() {
            @Override
            public boolean stalled() {
                return auditStalled;
            }
        };
        e.observations = new Observations() {
            @Override
            public void refused(Caller who, String what, Outcome outcome, String reason, String traceparent) {
                refusals.add(who.subject() + " " + what + " " + outcome + " " + reason);
            }

            @Override
            public void refusedInTrace(Caller who, String what, Outcome outcome, String reason, String traceId) {
                refusals.add(who.subject() + " " + what + " " + outcome + " " + reason + (traceId == null ? "" : " in " + traceId));
            }
        };
        e.threads = (ManagedThreadFactory) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ManagedThreadFactory.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "newThread" -> new Thread((Runnable) args[0]);
                    case "toString" -> "threads";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        e.contexts = (ContextService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ContextService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createContextualProxy") && args.length == 2) {
                        contextsCaptured.incrementAndGet();
                        Runnable work = (Runnable) args[0];
                        return (Runnable) () -> {
                            if (contextFails != null) {
                                throw contextFails;
                            }
                            work.run();
                        };
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        e.start();
        return e;
    }
}
