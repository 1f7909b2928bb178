package dev.jakartamcp.tools;

import dev.jakartamcp.api.TextContent;
import dev.jakartamcp.api.ToolResult;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.schema.ArgumentBinder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolResultsTest {
    private static final ArgumentBinder BINDER = new TestBeans().registry(new ToolRegistry(), new McpSettings(key -> Optional.empty())).binder();

    @Test
    void aToolResultsStructuredContentMustBeAnObject() {
        for (Object notAnObject : new Object[] {List.of(1, 2), "text", 42}) {
            JsonObject result = ToolResults.of(new ToolResult(List.of(new TextContent("x")), notAnObject, false), BINDER, null);
            assertTrue(result.getBoolean("isError"), result.toString());
            assertFalse(result.containsKey("structuredContent"));
            assertTrue(result.getJsonArray("content").getJsonObject(0).getString("text")
                    .endsWith(", not the object a result's structuredContent must be"), result.toString());
        }
        JsonObject object = ToolResults.of(new ToolResult(List.of(new TextContent("x")), Map.of("a", 1), false), BINDER, null);
        assertFalse(object.getBoolean("isError"));
        assertEquals(1, object.getJsonObject("structuredContent").getInt("a"));
    }
}
