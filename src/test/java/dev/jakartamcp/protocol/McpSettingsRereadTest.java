package dev.jakartamcp.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class McpSettingsRereadTest {
    private final Map<String, String> config = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final McpSettings settings = new McpSettings(new McpSettings.Reread(key -> {
        reads.incrementAndGet();
        return Optional.ofNullable(config.get(key));
    }, now::get));

    @Test
    void aValueIsReadOnceWithinTheRereadTimeThenAgain() {
        config.put("mcp.session.timeout", "PT5M");
        assertEquals(Duration.ofMinutes(5), settings.duration("mcp.session.timeout", Duration.ZERO));
        config.put("mcp.session.timeout", "PT7M");
        now.addAndGet(McpSettings.REREAD_NANOS - 1);
        assertEquals(Duration.ofMinutes(5), settings.duration("mcp.session.timeout", Duration.ZERO));
        assertEquals(1, reads.get());
        now.addAndGet(1);
        assertEquals(Duration.ofMinutes(7), settings.duration("mcp.session.timeout", Duration.ZERO));
        assertEquals(2, reads.get());
    }

    @Test
    void anUnsetValueIsRememberedToo() {
        assertEquals(Optional.empty(), settings.string("mcp.server.name"));
        assertEquals(Optional.empty(), settings.string("mcp.server.name"));
        assertEquals(1, reads.get());
    }

    @Test
    void beyondTheBoundValuesAreReadThrough() {
        for (int i = 0; i < McpSettings.MAX_REMEMBERED; i++) {
            settings.string("mcp.tools.t" + i + ".enabled");
        }
        int before = reads.get();
        settings.string("mcp.tools.one-more.enabled");
        settings.string("mcp.tools.one-more.enabled");
        assertEquals(before + 2, reads.get());
        settings.string("mcp.tools.t0.enabled");
        assertEquals(before + 2, reads.get());
    }

    @Test
    void aMalformedValueIsStillAnErrorEveryTime() {
        config.put("mcp.session.timeout", "soon");
        assertThrows(IllegalStateException.class, () -> settings.duration("mcp.session.timeout", Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> settings.duration("mcp.session.timeout", Duration.ZERO));
        config.put("mcp.session.timeout", "30");
        now.addAndGet(McpSettings.REREAD_NANOS);
        assertEquals(Duration.ofSeconds(30), settings.duration("mcp.session.timeout", Duration.ZERO));
    }
}
