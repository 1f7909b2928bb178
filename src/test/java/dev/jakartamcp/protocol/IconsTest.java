package dev.jakartamcp.protocol;

import dev.jakartamcp.api.McpIcon;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IconsTest {
    static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    @Test
    void httpsAndDataImageSourcesWithTheirDetailsAreKept() {
        JsonArray icons = Icons.of(List.of(new McpIcon("https://example.com/icon.png", "image/png", List.of("48x48", "96x96"), "dark"),
                McpIcon.of(PNG), McpIcon.of("data:image/svg+xml,%3Csvg%2F%3E")), "tool t");
        assertEquals(3, icons.size());
        assertEquals("https://example.com/icon.png", icons.getJsonObject(0).getString("src"));
        assertEquals("image/png", icons.getJsonObject(0).getString("mimeType"));
        assertEquals(List.of("48x48", "96x96"), icons.getJsonObject(0).getJsonArray("sizes").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("dark", icons.getJsonObject(0).getString("theme"));
        assertEquals(PNG, icons.getJsonObject(1).getString("src"));
        assertTrue(!icons.getJsonObject(1).containsKey("mimeType") && !icons.getJsonObject(1).containsKey("theme"));
    }

    @Test
    void everyOtherSourceIsRefusedNamingTheItem() {
        for (String src : List.of("http://example.com/icon.png", "javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/i.png",
                "ws://example.com/i", "icon.png", "/static/icon.png", "//example.com/icon.png", "https:///nohost.png",
                "https://user:secret@example.com/icon.png", "data:text/html,<script>alert(1)</script>", "data:,plain", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Icons.of(List.of(McpIcon.of(src)), "tool weather"), src);
            assertTrue(e.getMessage().contains("tool weather"), e.getMessage());
        }
    }

    @Test
    void malformedDetailsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Icons.of(List.of(new McpIcon("https://e.com/i.png", "text/html", List.of(), "")), "x"));
        assertThrows(IllegalArgumentException.class, () -> Icons.of(List.of(new McpIcon("https://e.com/i.png", "", List.of("big"), "")), "x"));
        assertThrows(IllegalArgumentException.class, () -> Icons.of(List.of(new McpIcon("https://e.com/i.png", "", List.of("0x0"), "")), "x"));
        assertThrows(IllegalArgumentException.class, () -> Icons.of(List.of(new McpIcon("https://e.com/i.png", "", List.of(), "blue")), "x"));
        assertThrows(IllegalArgumentException.class, () -> Icons.of(List.of(McpIcon.of("data:image/png;base64," + "A".repeat(70_000))), "x"));
        assertThrows(IllegalArgumentException.class, () -> Icons.of(java.util.Collections.nCopies(17, McpIcon.of("https://e.com/i.png")), "x"));
    }

    @Test
    void theServersIconsAreAJsonSettingCheckedStrictly() {
        McpSettings settings = settings("[{\"src\":\"https://example.com/server.svg\",\"mimeType\":\"image/svg+xml\",\"sizes\":[\"any\"]}]");
        assertEquals("https://example.com/server.svg", settings.serverIcons().orElseThrow().getJsonObject(0).getString("src"));
        assertTrue(new McpSettings(k -> Optional.empty()).serverIcons().isEmpty());
        for (String bad : List.of("https://example.com/server.svg", "[{\"src\":\"http://example.com/s.svg\"}]", "[{\"href\":\"x\"}]",
                "[{\"src\":\"https://e.com/s.svg\",\"sizes\":\"any\"}]", "{\"src\":\"https://e.com/s.svg\"}", "[")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> settings(bad).serverIcons(), bad);
            assertTrue(e.getMessage().contains("mcp.server.icons"), e.getMessage());
        }
        assertEquals(1, Icons.parse(Json.createReader(new StringReader("[{\"src\":\"" + PNG + "\"}]")).readValue(), "s").size());
    }

    private static McpSettings settings(String icons) {
        Map<String, String> config = Map.of("mcp.server.icons", icons);
        return new McpSettings(k -> Optional.ofNullable(config.get(k)));
    }
}
