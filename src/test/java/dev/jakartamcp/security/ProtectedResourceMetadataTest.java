package dev.jakartamcp.security;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.jakartamcp.security.ProtectedResourceMetadata.urlWithinContext;
import static dev.jakartamcp.security.ProtectedResourceMetadata.wellKnownUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProtectedResourceMetadataTest {

    private static JsonObject roundTrip(JsonObject json) {
        try (var reader = Json.createReader(new StringReader(json.toString()))) {
            return reader.readObject();
        }
    }

    @Test
    void documentFromSettings() {
        Map<String, String> config = Map.of(
                "mp.jwt.verify.issuer", "https://tenant.eu.auth0.com/",
                "mp.jwt.verify.publickey.location", "https://tenant.eu.auth0.com/.well-known/jwks.json",
                "mcp.resource", "https://mcp.example.com/mcp",
                "mcp.auth.scopes-supported", "channels:read,recordings:write");
        AuthSettings settings = AuthSettings.fromConfig(key -> Optional.ofNullable(config.get(key)));

        JsonObject json = roundTrip(ProtectedResourceMetadata.from(settings, "Demo MCP server").toJson());

        assertEquals("https://mcp.example.com/mcp", json.getString("resource"));
        assertEquals(List.of("https://tenant.eu.auth0.com/"),
                json.getJsonArray("authorization_servers").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(List.of("channels:read", "recordings:write"),
                json.getJsonArray("scopes_supported").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(List.of("header"),
                json.getJsonArray("bearer_methods_supported").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("Demo MCP server", json.getString("resource_name"));
        assertEquals(5, json.size());
    }

    @Test
    void optionalMembersAreLeftOutWhenUnset() {
        JsonObject json = new ProtectedResourceMetadata("https://h/mcp", List.of("https://as.example"), null, null)
                .toJson();
        assertFalse(json.containsKey("scopes_supported"));
        assertFalse(json.containsKey("resource_name"));
        assertEquals(3, json.size());
    }

    @Test
    void valuesAreJsonEscaped() {
        JsonObject json = roundTrip(new ProtectedResourceMetadata("https://h/mcp", List.of("https://as.example"),
                List.of(), "Quote \" and \\ and \n newline").toJson());
        assertEquals("Quote \" and \\ and \n newline", json.getString("resource_name"));
    }

    @Test
    void wellKnownUrlInsertsThePathAfterTheHost() {
        assertEquals("https://host/.well-known/oauth-protected-resource/mcp", wellKnownUrl("https://host/mcp"));
        assertEquals("http://h/.well-known/oauth-protected-resource/app/mcp", wellKnownUrl("http://h/app/mcp"));
        assertEquals("http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp",
                wellKnownUrl("http://127.0.0.1:8080/mcp"));
        assertEquals("https://host/.well-known/oauth-protected-resource", wellKnownUrl("https://host"));
        assertEquals("https://host/.well-known/oauth-protected-resource", wellKnownUrl("https://host/"));
        assertEquals("https://host/.well-known/oauth-protected-resource/mcp?tenant=a",
                wellKnownUrl("https://host/mcp?tenant=a"));
        assertEquals("http://[::1]:9080/.well-known/oauth-protected-resource/mcp", wellKnownUrl("http://[::1]:9080/mcp"));
    }

    @Test
    void urlWithinContextIsWhatANonRootWarCanServe() {
        assertEquals("http://h/app/.well-known/oauth-protected-resource/mcp", urlWithinContext("http://h/app/mcp", "/app"));
        assertEquals("http://h/app/.well-known/oauth-protected-resource/mcp", urlWithinContext("http://h/app/mcp", "/app/"));
        assertEquals("https://h:8443/a/b/.well-known/oauth-protected-resource/mcp",
                urlWithinContext("https://h:8443/a/b/mcp", "/a/b"));
        assertEquals("http://h/app/.well-known/oauth-protected-resource", urlWithinContext("http://h/app", "/app"));
    }

    @Test
    void urlWithinRootContextIsTheWellKnownUrl() {
        assertEquals(wellKnownUrl("https://host/mcp"), urlWithinContext("https://host/mcp", ""));
        assertEquals(wellKnownUrl("https://host/mcp"), urlWithinContext("https://host/mcp", "/"));
        assertEquals(wellKnownUrl("https://host/mcp"), urlWithinContext("https://host/mcp", null));
    }

    @Test
    void resourceOutsideTheContextIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> urlWithinContext("http://h/other/mcp", "/app"));
        assertThrows(IllegalArgumentException.class, () -> urlWithinContext("http://h/application/mcp", "/app"));
    }

    @Test
    void resourceMustBeAbsoluteWithoutFragment() {
        assertThrows(IllegalArgumentException.class, () -> wellKnownUrl("/mcp"));
        assertThrows(IllegalArgumentException.class, () -> wellKnownUrl("https://h/mcp#frag"));
    }
}
