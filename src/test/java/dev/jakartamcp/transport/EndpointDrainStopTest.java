package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the drain does its work: not in the MCP servlet's {@code destroy()}, which Payara may call on the thread of a
 * request that was in the servlet when the stop began (that request's answer would wait for it), but in
 * {@link EndpointDrain.AwaitOnStop}'s, which the container stops on its own thread after the MCP servlet and before the
 * error page: loading the classes, ending the streams, waiting for the running requests.
 */
class EndpointDrainStopTest {
    private final Drain drain = new Drain();

    private final AtomicInteger streamsEnded = new AtomicInteger();
    private final CountDownLatch loadAsked = new CountDownLatch(1);
    private final CountDownLatch loadReleased = new CountDownLatch(1);
    private final java.util.List<Drain.Over> overs = new java.util.concurrent.CopyOnWriteArrayList<>();

    private EndpointDrain drainer() {
        EndpointDrain drainer = new EndpointDrain();
        drainer.drain = drain;
        drainer.settings = FakeHttp.settings(Map.of("mcp.drain.grace", "PT30S"));
        drainer.subscriptions = new Subscriptions() {
            @Override
            void closeAll() {
                streamsEnded.incrementAndGet();
            }
        };
        drainer.lives = new LiveSessions() {
            @Override
            void endStreamsForShutdown(long retryMillis) {
                streamsEnded.incrementAndGet();
            }
        };
        // the WAR's classes, loaded ahead of the drain (no request was answered: nothing loaded them before)
        drainer.classesOf((ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ServletContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getClassLoader" -> getClass().getClassLoader();
                    case "getResourcePaths" -> {
                        loadAsked.countDown();
                        loadReleased.await(10, TimeUnit.SECONDS);
                        yield Set.of();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
        drainer.timers = new StreamTimers();
        drainer.timers.settings = drainer.settings;
        drainer.drainOver = eventInto(overs);
        return drainer;
    }

    @Test
    void theMcpServletsDestroyBeginsTheDrainAndReturnsWhileARequestStillRuns() throws Exception {
        McpServlet servlet = new McpServlet();
        servlet.drainer = drainer();
        assertTrue(drain.enter(), "a request runs");
        CompletableFuture.runAsync(servlet::destroy).get(5, TimeUnit.SECONDS);
        assertTrue(drain.draining(), "new requests get 503 from now on");
        assertEquals(1, drain.running(), "the request still runs");
        assertEquals(1, loadAsked.getCount(), "no class loaded on what may be a request's thread");
        assertEquals(0, streamsEnded.get(), "no stream ended on what may be a request's thread");
    }

    @Test
    void theServletStoppedAfterItWaitsUntilTheRunningRequestEnds() throws Exception {
        EndpointDrain drainer = drainer();
        McpServlet endpoint = new McpServlet();
        endpoint.drainer = drainer;
        EndpointDrain.AwaitOnStop awaiting = new EndpointDrain.AwaitOnStop();
        awaiting.drainer = drainer;
        assertTrue(drain.enter(), "a request runs");
        endpoint.destroy();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(awaiting::destroy);
        assertTrue(loadAsked.await(5, TimeUnit.SECONDS), "the classes are loaded before the drain waits");
        loadReleased.countDown();
        assertThrows(TimeoutException.class, () -> stopped.get(300, TimeUnit.MILLISECONDS), "waits for the running request");
        assertFalse(stopped.isDone());
        assertEquals(2, streamsEnded.get(), "the subscriptions and the sessions' streams ended, once each");
        assertEquals(java.util.List.of(), overs, "not over while a request runs");
        drain.exit();
        stopped.get(5, TimeUnit.SECONDS);
        assertEquals(java.util.List.of(new Drain.Over(0)), overs, "told, once the request ended, that nothing runs");
        endpoint.drainer.stop(); // the context's end: nothing ends twice
        assertEquals(2, streamsEnded.get());
        assertEquals(1, overs.size(), "the end of the drain is told once");
    }

    /** An event that hands what is fired to {@code into}. */
    @SuppressWarnings("unchecked")
    static <T> jakarta.enterprise.event.Event<T> eventInto(java.util.List<T> into) {
        return (jakarta.enterprise.event.Event<T>) Proxy.newProxyInstance(EndpointDrainStopTest.class.getClassLoader(),
                new Class<?>[]{jakarta.enterprise.event.Event.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("fire")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    into.add((T) args[0]);
                    return null;
                });
    }
}
