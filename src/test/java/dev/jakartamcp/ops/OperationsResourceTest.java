package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.McpSettings;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OperationsResourceTest {

    /**
     * {@code /mcp-admin/status} is what an operator reads when something is wrong: a live bound broken while the
     * server runs (a typo through asadmin) shows as a null max with its problem, where the whole page was a 500.
     */
    @Test
    void aBrokenLiveBoundShowsAsItsProblemNotA500() {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(Map.of("mcp.session.max", "10k").get(key)));
        assertEquals("{\"open\":3,\"max\":null,\"problem\":\"Invalid value for mcp.session.max: '10k' (expected a whole number)\"}",
                OperationsResource.bounded(Json.createObjectBuilder().add("open", 3), settings::maxSessions).build().toString());
        assertEquals("{\"open\":3,\"max\":1000}",
                OperationsResource.bounded(Json.createObjectBuilder().add("open", 3), settings::maxStreams).build().toString());
    }
}
