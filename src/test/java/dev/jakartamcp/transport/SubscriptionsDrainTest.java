package dev.jakartamcp.transport;

import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Exchange;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 2026-07-28 {@code subscriptions/listen} ends with its graceful-closure result when the server drains, also one opened just after. */
class SubscriptionsDrainTest {
    private static final String CLOSED = "\"result\":{\"resultType\":\"complete\"";

    private final Subscriptions subscriptions = new Subscriptions();

    SubscriptionsDrainTest() {
        subscriptions.settings = FakeHttp.settings(new HashMap<>(Map.of("mcp.sse.keep-alive", "PT1M")));
        subscriptions.timers = new StreamTimers();
        subscriptions.timers.settings = subscriptions.settings;
        subscriptions.timers.start();
        subscriptions.errors = new HttpErrors();
        subscriptions.openStreams = new OpenStreams() {
            @Override
            void open(Caller caller, String method, HttpSink sink, Runnable atTokenExpiry) {
            }
        };
        subscriptions.extensions = TestBeans.none();
        subscriptions.resourceWatch = TestBeans.none();
    }

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
        FakeHttp.Request fakeRequest = new FakeHttp.Request();
        FakeHttp.Response response = new FakeHttp.Response();
        fakeRequest.response = response;
        fakeRequest.method("POST").header("Accept", "application/json, text/event-stream");
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.start(request, response.build());
        JsonObject params = Json.createObjectBuilder()
                .add("notifications", Json.createObjectBuilder().add("toolsListChanged", true))
                .add("_meta", Json.createObjectBuilder().add(Exchange.META_CLIENT_CAPABILITIES, Json.createObjectBuilder()))
                .build();
        subscriptions.open(new IncomingPost(request, response.build(), sink, params, new HttpChecks.Acceptance(true, true),
                Caller.anonymous("127.0.0.1")), Json.createValue(7), params);
        return response;
    }
}
