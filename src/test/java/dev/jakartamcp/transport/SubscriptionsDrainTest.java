package dev.jakartamcp.transport;

import dev.jakartamcp.beans.TestBeans;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 2026-07-28 {@code subscriptions/listen} ends with its graceful-closure result when the server drains, also one opened just after. */
class SubscriptionsDrainTest {
    private static final String CLOSED = "\"result\":{\"resultType\":\"complete\"";

    private final Subscriptions subscriptions = SubscriptionsFixture.subscriptions(TestBeans.none());

    @AfterEach
    void stopTimers() {
        subscriptions.timers.stop();
    }

    @Test
    void aSubscriptionOpenOnTheDrainEndsWithItsClosure() {
        FakeHttp.Response response = listen();
        assertFalse(response.text().contains(CLOSED), response.text());
        subscriptions.closeAll();
        assertTrue(response.text().contains(CLOSED), response.text());
        assertTrue(response.text().contains("\"io.modelcontextprotocol/serverInfo\":" + SubscriptionsFixture.SERVER_INFO),
                "the closure is a result: its _meta names the server (basic, per-response fields): " + response.text());
        assertEquals(1, response.completed);
    }

    @Test
    void aSubscriptionOpenedOnceTheDrainClosedThemEndsAtOnce() {
        subscriptions.closeAll();
        FakeHttp.Response response = listen();
        assertTrue(response.text().contains(CLOSED), "nothing would close it later: " + response.text());
        assertEquals(1, response.text().split("resultType", -1).length - 1, "one closure: " + response.text());
        assertEquals(1, response.completed);
        subscriptions.closeAll();
        assertEquals(1, response.text().split("resultType", -1).length - 1, "closed once: " + response.text());
    }

    /** A {@code subscriptions/listen} for tool list changes; its response. */
    private FakeHttp.Response listen() {
        return SubscriptionsFixture.listen(subscriptions, Json.createObjectBuilder().add("toolsListChanged", true).build());
    }
}
