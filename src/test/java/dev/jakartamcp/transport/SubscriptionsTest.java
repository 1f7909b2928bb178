package dev.jakartamcp.transport;

import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.ResourceWatch;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 2026-07-28 {@code subscriptions/listen}: what a stream is told, and what opening one needs. */
class SubscriptionsTest {
    private static final String UPDATED = "notifications/resources/updated";

    /** URIs the caller may watch now; the test takes access away while the stream is open. */
    private final Set<String> watchable = ConcurrentHashMap.newKeySet();
    private final Subscriptions subscriptions = SubscriptionsFixture.subscriptions(
            TestBeans.just((ResourceWatch) (caller, uri) -> watchable.contains(uri)));

    @AfterEach
    void stopTimers() {
        subscriptions.timers.stop();
    }

    @Test
    void aResourceUpdateReachesAStreamOnlyWhileItsCallerMayStillReadTheResource() {
        watchable.add("x://room");
        FakeHttp.Response response = listen(Json.createObjectBuilder()
                .add("resourceSubscriptions", Json.createArrayBuilder().add("x://room")).build());
        assertTrue(response.text().contains("\"resourceSubscriptions\":[\"x://room\"]"), response.text());
        subscriptions.deliver(ChangeNotice.resourceUpdated("x://room"));
        assertEquals(1, count(response, UPDATED), response.text());

        watchable.remove("x://room"); // the operator switched the resource off, or took the caller's role from it
        subscriptions.deliver(ChangeNotice.resourceUpdated("x://room"));
        assertEquals(1, count(response, UPDATED), "an update of a resource the caller may no longer read: " + response.text());

        watchable.add("x://room"); // and gave it back
        subscriptions.deliver(ChangeNotice.resourceUpdated("x://room"));
        assertEquals(2, count(response, UPDATED), response.text());
    }

    /**
     * A token accepted within the clock skew has expired already: its end runs at once, before the stream is set up.
     * The client still gets the acknowledgement first, then the graceful closure (it got an empty stream, which a
     * client may take for a disconnect and retry at once).
     */
    @Test
    void aTokenThatExpiredBeforeTheAcknowledgementStillGetsItThenTheClosure() {
        subscriptions.openStreams = new OpenStreams() {
            @Override
            void open(dev.jakartamcp.protocol.Caller caller, String method, HttpSink sink, Runnable atTokenExpiry,
                      dev.jakartamcp.ops.Observation observation, String traceparent) {
                atTokenExpiry.run();
            }
        };
        FakeHttp.Response response = listen(Json.createObjectBuilder().add("toolsListChanged", true).build());
        String text = response.text();
        int acknowledged = text.indexOf("notifications/subscriptions/acknowledged");
        int closure = text.indexOf("\"resultType\":\"complete\"");
        assertTrue(acknowledged >= 0 && closure > acknowledged, text);
        assertEquals(1, response.completed, "the stream ended");
        assertFalse(subscriptions.hasListeners());
    }

    @Test
    void withNoResourceSubscriptionsOfferedTheyAreLeftOutAndTheRestOfTheSubscriptionStands() {
        watchable.add("x://room");
        subscriptions.settings = FakeHttp.settings(new java.util.HashMap<>(java.util.Map.of("mcp.sse.keep-alive", "PT1M",
                "mcp.subscriptions.max-per-session", "0")));
        FakeHttp.Response response = listen(Json.createObjectBuilder().add("toolsListChanged", true)
                .add("resourceSubscriptions", Json.createArrayBuilder().add("x://room")).build());
        assertEquals(200, response.status, response.text());
        assertTrue(response.text().contains("\"notifications\":{\"toolsListChanged\":true}"), response.text());
        subscriptions.deliver(ChangeNotice.resourceUpdated("x://room"));
        assertEquals(0, count(response, UPDATED), response.text());
    }

    /**
     * Once the client has the acknowledgement, the subscription is established: a change it makes at once (on this node
     * or, through the grid, another) reaches the stream, after the acknowledgement. Here the change is delivered while
     * the acknowledgement is being written; before, the listener was added only after that write, and it was lost
     * (seen in ClusterIT: a prompt change made on A right after B's acknowledgement never reached B's stream).
     */
    @Test
    void aChangeDeliveredWhileTheAcknowledgementIsWrittenReachesTheStreamAfterIt() throws InterruptedException {
        FakeHttp.Response response = new FakeHttp.Response();
        java.util.concurrent.atomic.AtomicReference<Thread> change = new java.util.concurrent.atomic.AtomicReference<>();
        response.onWrite = () -> {
            if (change.get() == null && response.text().contains("notifications/subscriptions/acknowledged")) {
                Thread delivering = new Thread(() -> subscriptions.deliver(ChangeNotice.listChanged(ChangeNotice.Kind.PROMPTS)), "change");
                change.set(delivering);
                delivering.start();
                try {
                    delivering.join(300); // without the stream's lock held, the delivery is over by now
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        SubscriptionsFixture.listen(subscriptions, Json.createObjectBuilder().add("promptsListChanged", true).build(), response);
        change.get().join(5_000);
        String text = response.text();
        int acknowledged = text.indexOf("notifications/subscriptions/acknowledged");
        int changed = text.indexOf("notifications/prompts/list_changed");
        assertTrue(acknowledged >= 0 && changed > acknowledged, "the change after the acknowledgement: " + text);
    }

    @Test
    void aListenRequestWithoutNotificationsIsInvalidParams() {
        dev.jakartamcp.ops.Observation observation = dev.jakartamcp.ops.Observation.detached(
                dev.jakartamcp.protocol.Exchange.builder(dev.jakartamcp.protocol.ProtocolRevision.LATEST, "subscriptions/listen").build());
        FakeHttp.Response response = SubscriptionsFixture.listen(subscriptions, null, new FakeHttp.Response(), observation);
        assertEquals(dev.jakartamcp.api.AuditRecord.Outcome.INVALID, observation.outcome(), "the refusal is told, for the request's span and metric");
        assertEquals(400, response.status);
        assertTrue(response.text().contains("\"code\":-32602"), response.text());
        assertTrue(response.text().contains("Invalid params: subscriptions/listen needs a 'notifications' object"), response.text());
        assertFalse(response.text().contains("notifications/subscriptions/acknowledged"), response.text());
    }

    @Test
    void anEmptyNotificationsObjectOpensAStreamThatIsToldNothing() {
        FakeHttp.Response response = listen(Json.createObjectBuilder().build());
        assertEquals(200, response.status);
        assertTrue(response.text().contains("\"notifications\":{}"), response.text());
    }

    private static int count(FakeHttp.Response response, String method) {
        return response.text().split(method, -1).length - 1;
    }

    private FakeHttp.Response listen(JsonObject notifications) {
        return SubscriptionsFixture.listen(subscriptions, notifications);
    }
}
