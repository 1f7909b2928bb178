package dev.jakartamcp.transport;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.ListedItems;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.ResourceWatch;
import jakarta.enterprise.inject.Instance;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An operator's live override that changes what a list shows (an item switched off or on, its roles, title or
 * description) reaches the streams that listen for that list's changes, as a registry change does: a 2025 session's
 * GET stream and a 2026-07-28 {@code subscriptions/listen} stream. A setting no list shows sends nothing, and many
 * changes between two checks are one notice per list per stream.
 */
class OverrideWatchTest {
    private static final String TOOLS_CHANGED = "notifications/tools/list_changed";
    private static final String PROMPTS_CHANGED = "notifications/prompts/list_changed";

    /** The live settings: the test changes them as an operator would. */
    private final Map<String, String> config = new ConcurrentHashMap<>();
    private final LiveSessions lives = new LiveSessions();
    private final NotificationRouter router = new NotificationRouter();
    private final Subscriptions subscriptions = SubscriptionsFixture.subscriptions(TestBeans.<ResourceWatch>none());
    private final OverrideWatch watch = new OverrideWatch();

    record Item(ItemKind kind, String name) implements McpItem {
        @Override
        public Access access() {
            return Access.permitAll();
        }

        @Override
        public JsonObject descriptor() {
            return Json.createObjectBuilder().add("name", name).add("description", "as deployed").build();
        }

        @Override
        public String source() {
            return "test";
        }
    }

    OverrideWatchTest() {
        lives.log = StreamLog.NONE;
        lives.timers = subscriptions.timers;
        router.lives = lives;
        router.timers = lives.timers;
        router.subscriptions = subscriptions;
        watch.lives = lives;
        watch.subscriptions = subscriptions;
        watch.delivery = router::fanOut; // as the router's fan-out thread would, without the hand-over
        watch.overrides = Pipelines.overrides(FakeHttp.settings(config));
        watch.listings = listings(
                listing(ChangeNotice.Kind.TOOLS, new Item(ItemKind.TOOL, "echo"), new Item(ItemKind.TOOL, "search"),
                        new Item(ItemKind.TOOL, "delete")),
                listing(ChangeNotice.Kind.PROMPTS, new Item(ItemKind.PROMPT, "greet")));
    }

    @AfterEach
    void stopTimers() {
        subscriptions.timers.stop();
    }

    @Test
    void aToolSwitchedOffReachesA2025GetStreamAndA2026ListenStream() {
        FakeHttp.Connection get = getStream();
        FakeHttp.Response listen = listenForToolsAndPrompts();
        watch.check();

        config.put("mcp.tools.echo.enabled", "false");
        watch.check();

        assertEquals(1, count(get.response.text(), TOOLS_CHANGED), get.response.text());
        assertEquals(1, count(listen.text(), TOOLS_CHANGED), listen.text());
        assertEquals(0, count(get.response.text(), PROMPTS_CHANGED), "only the list that changed: " + get.response.text());
        assertEquals(0, count(listen.text(), PROMPTS_CHANGED), listen.text());

        config.remove("mcp.tools.echo.enabled"); // switched on again
        watch.check();
        assertEquals(2, count(get.response.text(), TOOLS_CHANGED), get.response.text());
        assertEquals(2, count(listen.text(), TOOLS_CHANGED), listen.text());
    }

    @Test
    void aSettingNoListShowsSendsNothing() {
        FakeHttp.Connection get = getStream();
        FakeHttp.Response listen = listenForToolsAndPrompts();
        watch.check();

        config.put("mcp.session.timeout", "PT5M");
        config.put("mcp.tools.echo.rate-limit", "10/1m");
        config.put("mcp.tools.echo.task", "optional");
        config.put("mcp.tools.elsewhere.enabled", "false"); // no such tool
        watch.check();

        assertEquals(0, count(get.response.text(), "list_changed"), get.response.text());
        assertEquals(0, count(listen.text(), "list_changed"), listen.text());
    }

    @Test
    void manyChangesBetweenTwoChecksAreOneNoticePerListPerStream() {
        FakeHttp.Connection get = getStream();
        FakeHttp.Response listen = listenForToolsAndPrompts();
        watch.check();

        config.put("mcp.tools.echo.enabled", "false");
        config.put("mcp.tools.search.roles", "analyst");
        config.put("mcp.tools.delete.description", "Deletes a file (operators only)");
        config.put("mcp.tools.delete.title", "Delete");
        config.put("mcp.prompts.greet.enabled", "false");
        watch.check();
        watch.check(); // nothing changed since

        assertEquals(1, count(get.response.text(), TOOLS_CHANGED), get.response.text());
        assertEquals(1, count(listen.text(), TOOLS_CHANGED), listen.text());
        assertEquals(1, count(get.response.text(), PROMPTS_CHANGED), get.response.text());
        assertEquals(1, count(listen.text(), PROMPTS_CHANGED), listen.text());
    }

    /** The GET stream of a 2025 session. */
    private FakeHttp.Connection getStream() {
        FakeHttp.Connection connection = new FakeHttp.Connection();
        LiveSession live = lives.of("session-1");
        live.standalone(live.open(connection.sink, null), dev.jakartamcp.protocol.Caller.ANONYMOUS);
        return connection;
    }

    private FakeHttp.Response listenForToolsAndPrompts() {
        return SubscriptionsFixture.listen(subscriptions,
                Json.createObjectBuilder().add("toolsListChanged", true).add("promptsListChanged", true).build());
    }

    private static ListedItems listing(ChangeNotice.Kind kind, McpItem... items) {
        return new ListedItems() {
            @Override
            public ChangeNotice.Kind listKind() {
                return kind;
            }

            @Override
            public List<? extends McpItem> listedItems() {
                return List.of(items);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Instance<ListedItems> listings(ListedItems... all) {
        return (Instance<ListedItems>) java.lang.reflect.Proxy.newProxyInstance(OverrideWatchTest.class.getClassLoader(),
                new Class<?>[] {Instance.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "iterator" -> List.of(all).iterator();
                    case "stream" -> java.util.stream.Stream.of(all);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static int count(String text, String what) {
        return text.split(what, -1).length - 1;
    }
}
