package dev.jakartamcp.session;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientDescriptionTest {

    @Test
    void ordinaryCapabilitiesAreKeptAsSent() {
        JsonObject caps = Json.createObjectBuilder().add("elicitation", Json.createObjectBuilder().add("form", Json.createObjectBuilder()))
                .add("sampling", Json.createObjectBuilder()).add("roots", Json.createObjectBuilder().add("listChanged", true)).build();
        assertEquals(caps, ClientDescription.of(caps, null).capabilities());
    }

    @Test
    void attackerSizedCapabilitiesAreCutToAFewKilobytes() {
        JsonObjectBuilder huge = Json.createObjectBuilder().add("elicitation", Json.createObjectBuilder().add("form", Json.createObjectBuilder()))
                .add("sampling", Json.createObjectBuilder().add("junk", "x".repeat(2 * 1024 * 1024)));
        for (int i = 0; i < 10_000; i++) {
            huge.add("k" + i, Json.createObjectBuilder().add("v", i));
        }
        huge.add("y".repeat(500), Json.createObjectBuilder());
        JsonObject kept = ClientDescription.of(huge.build(), null).capabilities();
        int bytes = kept.toString().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 2 * ClientDescription.MAX_BYTES, "kept " + bytes + " bytes");
        assertTrue(kept.containsKey("elicitation") && kept.containsKey("sampling"), kept::toString);
        assertEquals(Json.createObjectBuilder().add("form", Json.createObjectBuilder()).build(), kept.getJsonObject("elicitation"));
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, kept.getJsonObject("sampling"), "a large value keeps only the declaration");
        assertEquals(ClientDescription.MAX_KEYS, kept.size());
    }

    /** 32 names of 60 characters each with a value just within the bound of one: together still a few kilobytes. */
    @Test
    void manyValuesJustWithinTheirOwnBoundAreCutTogether() {
        JsonObjectBuilder wide = Json.createObjectBuilder();
        for (int i = 0; i < ClientDescription.MAX_KEYS; i++) {
            wide.add(String.format("%060d", i), Json.createObjectBuilder().add("v", "x".repeat(480)));
        }
        JsonObject kept = ClientDescription.of(wide.build(), null).capabilities();
        int bytes = kept.toString().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 2 * ClientDescription.MAX_BYTES, "kept " + bytes + " bytes");
        assertEquals(ClientDescription.MAX_KEYS, kept.size(), "every name is kept");
        assertEquals(480, kept.getJsonObject(String.format("%060d", 0)).getString("v").length(), "the first values are kept whole");
    }

    @Test
    void clientInfoKeepsNameTitleAndVersionCut() {
        JsonObject info = Json.createObjectBuilder().add("name", "n".repeat(10_000)).add("version", "1.0")
                .add("title", "T").add("icons", Json.createArrayBuilder().add("x".repeat(100_000))).build();
        JsonObject kept = ClientDescription.of(null, info).clientInfo();
        assertEquals(ClientDescription.MAX_TEXT, kept.getString("name").length());
        assertEquals("1.0", kept.getString("version"));
        assertEquals("T", kept.getString("title"));
        assertEquals(3, kept.size());
    }
}
