package dev.jakartamcp.transport;

import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpDispatcher;
import dev.jakartamcp.protocol.ResourceWatch;
import dev.jakartamcp.protocol.Exchange;
import jakarta.enterprise.inject.Instance;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;

import java.util.HashMap;
import java.util.Map;

/** {@link Subscriptions} wired as the container would, without open-stream bookkeeping; stop its timers after the test. */
final class SubscriptionsFixture {
    /** The serverInfo of the fixture's subscriptions. */
    static final JsonObject SERVER_INFO = Json.createObjectBuilder().add("name", "fixture").add("version", "1").build();

    private SubscriptionsFixture() {
    }

    static Subscriptions subscriptions(Instance<ResourceWatch> resourceWatch) {
        Subscriptions subscriptions = new Subscriptions();
        subscriptions.settings = FakeHttp.settings(new HashMap<>(Map.of("mcp.sse.keep-alive", "PT1M")));
        subscriptions.timers = new StreamTimers();
        subscriptions.timers.settings = subscriptions.settings;
        subscriptions.timers.start();
        subscriptions.errors = new HttpErrors();
        subscriptions.openStreams = new OpenStreams() {
            @Override
            void open(Caller caller, String method, HttpSink sink, Runnable atTokenExpiry, dev.jakartamcp.ops.Observation observation,
                      String traceparent) {
            }
        };
        subscriptions.extensions = TestBeans.none();
        subscriptions.resourceWatch = resourceWatch;
        subscriptions.dispatcher = new McpDispatcher() {
            @Override
            public JsonObject serverInfo() {
                return SERVER_INFO;
            }
        };
        return subscriptions;
    }

    /** A {@code subscriptions/listen} of an anonymous caller with {@code notifications} (left out when null); its response. */
    static FakeHttp.Response listen(Subscriptions subscriptions, JsonObject notifications) {
        return listen(subscriptions, notifications, new FakeHttp.Response());
    }

    /** As {@link #listen(Subscriptions, JsonObject)}, answered on {@code response} (with a test's hooks). */
    static FakeHttp.Response listen(Subscriptions subscriptions, JsonObject notifications, FakeHttp.Response response) {
        return listen(subscriptions, notifications, response,
                dev.jakartamcp.ops.Observation.detached(Exchange.builder(dev.jakartamcp.protocol.ProtocolRevision.LATEST, "subscriptions/listen").build()));
    }

    /** As {@link #listen(Subscriptions, JsonObject, FakeHttp.Response)}, a refusal told to {@code observation}. */
    static FakeHttp.Response listen(Subscriptions subscriptions, JsonObject notifications, FakeHttp.Response response,
                                    dev.jakartamcp.ops.Observation observation) {
        FakeHttp.Request fakeRequest = new FakeHttp.Request();
        fakeRequest.response = response;
        fakeRequest.method("POST").header("Accept", "application/json, text/event-stream");
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.start(request, response.build());
        JsonObjectBuilder params = Json.createObjectBuilder()
                .add("_meta", Json.createObjectBuilder().add(Exchange.META_CLIENT_CAPABILITIES, Json.createObjectBuilder()));
        if (notifications != null) {
            params.add("notifications", notifications);
        }
        JsonObject built = params.build();
        subscriptions.open(new IncomingPost(request, response.build(), sink, built, new HttpChecks.Acceptance(true, true),
                Caller.anonymous("127.0.0.1")), Json.createValue(7), built, observation);
        return response;
    }
}
