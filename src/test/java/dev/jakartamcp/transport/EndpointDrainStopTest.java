package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the drain waits: not in the MCP servlet's {@code destroy()}, which Payara may call on the thread of a request
 * that was in the servlet when the stop began (its answer would wait out the drain), but in {@link EndpointDrain.AwaitOnStop}'s,
 * which the container stops on its own thread after the MCP servlet and before the error page.
 */
class EndpointDrainStopTest {
    private final Drain drain = new Drain();

    private EndpointDrain drainer() {
        EndpointDrain drainer = new EndpointDrain();
        drainer.drain = drain;
        drainer.settings = FakeHttp.settings(Map.of("mcp.drain.grace", "PT30S"));
        drainer.subscriptions = new Subscriptions();
        drainer.lives = new LiveSessions();
        drainer.timers = new StreamTimers();
        drainer.timers.settings = drainer.settings;
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
        assertThrows(TimeoutException.class, () -> stopped.get(300, TimeUnit.MILLISECONDS), "waits for the running request");
        assertFalse(stopped.isDone());
        drain.exit();
        stopped.get(5, TimeUnit.SECONDS);
    }
}
