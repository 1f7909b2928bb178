package dev.jakartamcp.pipeline;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorExecutionTest {
    private final AtomicInteger contextsCaptured = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AuthorExecution execution = execution("2");

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
        execution.submit(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertEquals(1, contextsCaptured.get());
    }

    @Test
    void beyondTheBoundACallIsRefusedWith503AndRetryAfter() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            execution.submit(() -> {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(2, execution.running());
        McpException refused = assertThrows(McpException.class, () -> execution.submit(() -> { }));
        assertEquals(ErrorCode.OVER_CAPACITY, refused.code());
        assertEquals(McpException.Reason.OVER_CAPACITY, refused.reason());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertTrue(refused.getMessage().contains("mcp.execution.max-concurrent"), refused.getMessage());
    }

    @Test
    void aMalformedBoundIsAnErrorNamingTheProperty() {
        AuthorExecution bad = execution("many");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> bad.submit(() -> { }));
            assertTrue(e.getMessage().contains("mcp.execution.max-concurrent"), e.getMessage());
        } finally {
            bad.stop();
        }
    }

    private AuthorExecution execution(String maxConcurrent) {
        AuthorExecution e = new AuthorExecution();
        e.settings = new McpSettings(key -> key.equals("mcp.execution.max-concurrent") ? Optional.of(maxConcurrent) : Optional.empty());
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
                        return args[0];
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        e.start();
        return e;
    }
}
