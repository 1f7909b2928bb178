package dev.jakartamcp.transport;

import dev.jakartamcp.cluster.ClusterMessage;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A URL mode elicitation's completion reaches the session whose call asked it: here when that call ran here, else,
 * on a cluster, through every other node (the page the URL led to is answered on whichever node the balancer chose).
 */
class UrlElicitationCompletionsTest {
    private final List<String> relayed = new CopyOnWriteArrayList<>();
    private final UrlElicitationCompletions completions = new UrlElicitationCompletions();
    private final StreamTimers timers = new StreamTimers();

    UrlElicitationCompletionsTest() {
        completions.lives = new LiveSessions();
        timers.settings = FakeHttp.settings(Map.of());
        timers.start();
        completions.lives.log = StreamLog.NONE;
        completions.lives.timers = timers;
        completions.lives.relay = SessionRelay.NONE;
    }

    @AfterEach
    void stopTimers() {
        timers.stop();
    }

    private SessionRelay clusterNode() {
        return new SessionRelay() {
            @Override
            public String node() {
                return "node-a";
            }

            @Override
            public void answer(String node, String sessionId, String requestId, JsonObject message) {
            }

            @Override
            public void cancel(String sessionId, String requestId) {
            }

            @Override
            public void elicitationCompleted(String elicitationId) {
                relayed.add(elicitationId);
            }
        };
    }

    @Test
    void oneAskedOnThisNodeIsSentHereAndNotRelayed() {
        completions.relay = clusterNode();
        FakeHttp.Request request = new FakeHttp.Request();
        FakeHttp.Response response = new FakeHttp.Response();
        request.response = response;
        request.method("POST").header("Accept", "application/json, text/event-stream");
        LiveSession live = completions.lives.of("session-1");
        ResponseStream call = new ResponseStream(response.build(), HttpSink.start(request.build(), response.build()), true,
                ProtocolRevision.V2025_11_25, live, timers).answering(Json.createValue(1));
        call.request("elicitation/create", Json.createObjectBuilder().add("mode", "url").add("elicitationId", "e-1")
                .add("url", "https://example.com/connect").add("message", "Connect").build());
        assertTrue(completions.complete("e-1"));
        assertTrue(response.text().contains("notifications/elicitation/complete"), response.text());
        assertEquals(List.of(), relayed);
    }

    @Test
    void oneAskedOnAnotherNodeIsHandedToTheOtherNodes() {
        completions.relay = clusterNode();
        assertNull(completions.completeHere("e-2"), "no session here asked it");
        assertTrue(completions.complete("e-2"), "handed on");
        assertEquals(List.of("e-2"), relayed);
        ClusterMessage message = ClusterMessage.fromJson(ClusterMessage.elicitationCompleted("e-2").toJson());
        assertEquals(ClusterMessage.Type.ELICITATION_COMPLETED, message.type());
        assertEquals("e-2", message.requestId());
    }

    @Test
    void onASingleServerOneNobodyAskedReachesNobody() {
        completions.relay = SessionRelay.NONE;
        assertFalse(completions.complete("e-3"));
    }
}
