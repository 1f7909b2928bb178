package dev.jakartamcp.it;

import dev.jakartamcp.it.AuthClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the authorization ITs expect of answers: status, every {@code WWW-Authenticate} parameter (compared as a
 * whole, so an extra or missing parameter fails too) and the JSON body. An instance knows the deployment's
 * metadata URL (every challenge's {@code resource_metadata}) and the scopes every 401 asks for.
 */
record AuthAssertions(String metadataUrl, String scopes) {

    /** 200 with a tools/list result and no challenge. */
    static void assertAccepted(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        assertNull(reply.header("WWW-Authenticate"), reply::toString);
        JsonObject json = reply.json();
        assertNotNull(json.getJsonObject("result"), reply::toString);
        assertNotNull(json.getJsonObject("result").getJsonArray("tools"), reply::toString);
    }

    /** 401 for a presented but rejected token. */
    void assertInvalidToken(Reply reply, String description) {
        assertEquals(401, reply.status(), reply::toString);
        assertEquals(Map.of("", "Bearer", "error", "invalid_token", "error_description", description,
                "resource_metadata", metadataUrl, "scope", scopes), reply.challenge(), reply::toString);
        assertJsonBody(reply, "invalid_token", description);
    }

    /** 401 for a request without a bearer token: no error code in the challenge (RFC 6750 §3.1). */
    void assertMissingToken(Reply reply) {
        assertEquals(401, reply.status(), reply::toString);
        assertEquals(Map.of("", "Bearer", "resource_metadata", metadataUrl, "scope", scopes), reply.challenge(), reply::toString);
        assertJsonBody(reply, "unauthorized", "bearer token required");
    }

    /** 400 invalid_request (a token where tokens may not be, two Authorization headers). */
    void assertInvalidRequest(Reply reply, String description) {
        assertEquals(400, reply.status(), reply::toString);
        assertEquals(Map.of("", "Bearer", "error", "invalid_request", "error_description", description,
                "resource_metadata", metadataUrl, "scope", scopes), reply.challenge(), reply::toString);
        assertJsonBody(reply, "invalid_request", description);
    }

    static void assertJsonBody(Reply reply, String error, String description) {
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
        assertEquals(Json.createObjectBuilder().add("error", error).add("error_description", description).build(), reply.json());
    }

    /** HTTP 403 with an insufficient_scope challenge naming what to ask for, and a JSON-RPC error. */
    void assertInsufficientScope(Reply reply, String tool, String scope) {
        assertEquals(403, reply.status(), reply::toString);
        assertEquals(Map.of("", "Bearer", "error", "insufficient_scope",
                "error_description", "this request needs one of the permissions: " + scope,
                "resource_metadata", metadataUrl, "scope", scope), reply.challenge(), reply::toString);
        JsonObject json = reply.json();
        assertEquals("2.0", json.getString("jsonrpc"));
        assertTrue(json.containsKey("id"), reply::toString);
        JsonObject error = json.getJsonObject("error");
        assertNotNull(error, reply::toString);
        assertEquals(-31403, error.getInt("code"));
        assertEquals("Forbidden: tool " + tool + " needs one of the permissions [" + scope + "]", error.getString("message"));
        assertEquals(Json.createObjectBuilder().add("error", "insufficient_scope")
                .add("requiredScopes", Json.createArrayBuilder().add(scope)).build(), error.getJsonObject("data"));
    }

    /** 404 with JSON-RPC error -32001: the session is unknown to this caller. */
    static void assertSessionNotFound(Reply reply) {
        assertEquals(404, reply.status(), reply::toString);
        assertNull(reply.header("WWW-Authenticate"), reply::toString);
        JsonObject error = reply.json().getJsonObject("error");
        assertNotNull(error, reply::toString);
        assertEquals(-32001, error.getInt("code"), reply::toString);
        assertEquals("Session not found: it expired, was deleted or never existed; initialize a new one", error.getString("message"));
    }

    static JsonObject toolJson(Reply reply) {
        String text = toolText(reply);
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The first text content of a successful tools/call. */
    static String toolText(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        JsonObject result = reply.json().getJsonObject("result");
        assertNotNull(result, reply::toString);
        assertFalse(result.getBoolean("isError", false), reply::toString);
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    static void assertToolText(Reply reply, String prefix) {
        String text = toolText(reply);
        assertTrue(text.startsWith(prefix), () -> "expected " + prefix + "…, got " + reply);
    }
}
