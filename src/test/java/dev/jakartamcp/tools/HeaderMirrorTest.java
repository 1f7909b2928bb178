package dev.jakartamcp.tools;

import dev.jakartamcp.protocol.McpException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every {@code Mcp-Param-*} header the server recognizes matches the body (2026-07-28, streamable-http, Server
 * Validation): missing, different or malformed is -32020, and so is one sent for an argument the body does not give.
 */
class HeaderMirrorTest {
    private static final HeaderMirror MIRROR = HeaderMirror.of(Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder()
                    .add("region", Json.createObjectBuilder().add("type", "string").add("x-mcp-header", "Region"))
                    .add("level", Json.createObjectBuilder().add("type", "integer"))).build());

    private static JsonObject arguments(String json) {
        return Json.createReader(new java.io.StringReader(json)).readObject();
    }

    private static String refused(String arguments, Map<String, String> headers) {
        McpException e = assertThrows(McpException.class, () -> MIRROR.check(arguments(arguments), headers));
        assertEquals(-32020, e.code());
        return e.getMessage();
    }

    @Test
    void aGivenArgumentNeedsItsHeaderWithItsValue() {
        assertDoesNotThrow(() -> MIRROR.check(arguments("{\"region\":\"us-west1\"}"), Map.of("region", "us-west1")));
        assertEquals("Header mismatch: the Mcp-Param-region header is required when 'region' is given", refused("{\"region\":\"eu\"}", Map.of()));
        assertEquals("Header mismatch: the Mcp-Param-region header does not match argument 'region'", refused("{\"region\":\"eu\"}", Map.of("region", "us")));
        assertEquals("Header mismatch: the Mcp-Param-region header is not valid", refused("{\"region\":\"eu\"}", Map.of("region", "=?base64?!!?=")));
    }

    @Test
    void anArgumentNotGivenHasNoHeader() {
        assertDoesNotThrow(() -> MIRROR.check(arguments("{\"level\":3}"), Map.of()));
        assertDoesNotThrow(() -> MIRROR.check(arguments("{\"region\":null}"), Map.of()));
        for (String arguments : new String[]{"{\"level\":3}", "{\"region\":null}"}) {
            assertEquals("Header mismatch: the Mcp-Param-region header is sent but argument 'region' is not given",
                    refused(arguments, Map.of("region", "us-west1")));
            assertEquals("Header mismatch: the Mcp-Param-region header is sent but argument 'region' is not given",
                    refused(arguments, Map.of("region", "=?base64?!!?=")));
        }
    }
}
