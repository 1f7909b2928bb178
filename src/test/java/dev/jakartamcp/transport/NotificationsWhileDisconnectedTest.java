package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ChangeNotice;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A change notice that comes while a 2025 session's GET stream has no connection (its client's connection dropped,
 * or it was ended as a slow consumer) waits in the stream's kept log, and the client hears it when it resumes with
 * {@code Last-Event-ID}; equal notices while it is away are kept once, so what waits is bounded by the kinds of
 * change, not by how often they happen.
 */
class NotificationsWhileDisconnectedTest {
    private final LiveSessions lives = new LiveSessions();
    private final NotificationRouter router = new NotificationRouter();

    NotificationsWhileDisconnectedTest() {
        lives.log = StreamLog.NONE;
        lives.timers = new StreamTimers();
        lives.timers.settings = FakeHttp.settings(java.util.Map.of());
        router.lives = lives;
        router.timers = lives.timers;
        router.subscriptions = new Subscriptions();
    }

    @Test
    void aNoticeWhileTheGetStreamIsDisconnectedIsReplayedOnResume() {
        FakeHttp.Connection first = new FakeHttp.Connection();
        EventStream stream = getStream(first);
        router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.PROMPTS));
        long lastSeen = lastEventSequence(first.response.text());

        first.sink.markGone(); // the connection dropped
        assertFalse(stream.isConnected());
        router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));

        FakeHttp.Connection second = new FakeHttp.Connection();
        stream.resume(second.sink, lastSeen);
        String replayed = second.response.text();
        assertTrue(replayed.contains("notifications/tools/list_changed"), replayed);
        assertFalse(replayed.contains("notifications/prompts/list_changed"), "what the client had is not sent again: " + replayed);
    }

    @Test
    void equalNoticesWhileDisconnectedAreKeptOnce() {
        FakeHttp.Connection first = new FakeHttp.Connection();
        EventStream stream = getStream(first);
        router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS)); // heard while connected
        long lastSeen = lastEventSequence(first.response.text());
        first.sink.markGone();
        for (int i = 0; i < 1000; i++) {
            router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));
            router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.RESOURCES));
        }

        FakeHttp.Connection second = new FakeHttp.Connection();
        stream.resume(second.sink, lastSeen);
        String replayed = second.response.text();
        assertEquals(1, count(replayed, "notifications/tools/list_changed"), replayed);
        assertEquals(1, count(replayed, "notifications/resources/list_changed"), replayed);

        // connected again: every notice goes out, equal or not
        router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));
        router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));
        assertEquals(3, count(second.response.text(), "notifications/tools/list_changed"), second.response.text());
    }

    @Test
    void aFinishedGetStreamGetsNothing() {
        EventStream stream = getStream(new FakeHttp.Connection());
        stream.finish();
        router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));
        FakeHttp.Connection second = new FakeHttp.Connection();
        stream.resume(second.sink, 0);
        assertFalse(second.response.text().contains("list_changed"), second.response.text());
    }


    /** The GET stream of a 2025 session, open on {@code connection}. */
    private EventStream getStream(FakeHttp.Connection connection) {
        LiveSession live = lives.of("session-1");
        EventStream stream = live.open(connection.sink, null);
        live.standalone(stream, dev.jakartamcp.protocol.Caller.ANONYMOUS);
        return stream;
    }

    private static long lastEventSequence(String sse) {
        Matcher m = Pattern.compile("(?m)^id: (\\S+)$").matcher(sse);
        long last = -1;
        while (m.find()) {
            last = EventStream.sequenceOf(m.group(1));
        }
        return last;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
