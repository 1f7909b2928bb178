package dev.jakartamcp.ops;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ArgumentDigestTest {
    private static final List<String> REDACT = List.of("password", "token");

    static JsonObject json(String text) {
        return Json.createReader(new java.io.StringReader(text)).readObject();
    }

    /** The encoding as documented, computed by hand: {"location":"Tokyo"}. */
    @Test
    void theDigestIsSha256OfTheDocumentedEncoding() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put((byte) 'o').putInt(1);
        b.putInt(8).put("location".getBytes(StandardCharsets.UTF_8));
        b.put((byte) 's').putInt(5).put("Tokyo".getBytes(StandardCharsets.UTF_8));
        byte[] encoded = new byte[b.position()];
        b.flip().get(encoded);
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
        assertEquals(expected, ArgumentDigest.of(json("{\"location\":\"Tokyo\"}"), REDACT));
    }

    @Test
    void memberOrderDoesNotMatterValuesDo() {
        String a = ArgumentDigest.of(json("{\"a\":1,\"b\":[true,null,\"x\"]}"), REDACT);
        assertEquals(a, ArgumentDigest.of(json("{\"b\":[true,null,\"x\"],\"a\":1}"), REDACT));
        assertEquals(a, ArgumentDigest.of(json("{\"b\":[true,null,\"x\"],\"a\":1e0}"), REDACT), "the same number");
        assertEquals(a, ArgumentDigest.of(json("{\"b\":[true,null,\"x\"],\"a\":1.00}"), REDACT), "the same number");
        assertEquals(ArgumentDigest.of(json("{\"n\":1000}"), REDACT), ArgumentDigest.of(json("{\"n\":1e3}"), REDACT));
        assertNotEquals(a, ArgumentDigest.of(json("{\"a\":2,\"b\":[true,null,\"x\"]}"), REDACT));
        assertNotEquals(a, ArgumentDigest.of(json("{\"a\":\"1\",\"b\":[true,null,\"x\"]}"), REDACT), "a string is no number");
        assertNotEquals(a, ArgumentDigest.of(json("{\"a\":1,\"b\":[null,true,\"x\"]}"), REDACT), "array order counts");
    }

    @Test
    void redactedValuesDoNotReachTheDigestAtAnyDepth() {
        String one = ArgumentDigest.of(json("{\"user\":\"al\",\"Password\":\"1234\",\"nested\":{\"token\":\"abc\"}}"), REDACT);
        String other = ArgumentDigest.of(json("{\"user\":\"al\",\"Password\":\"9999\",\"nested\":{\"token\":{\"x\":1}}}"), REDACT);
        assertEquals(one, other, "secrets are left out, whatever they were");
        assertNotEquals(one, ArgumentDigest.of(json("{\"user\":\"bo\",\"Password\":\"1234\",\"nested\":{\"token\":\"abc\"}}"), REDACT));
        assertNotEquals(one, ArgumentDigest.of(json("{\"user\":\"al\",\"Password\":\"1234\",\"nested\":{\"token\":\"abc\"}}"), List.of()),
                "without redaction the secret counts");
    }

    /**
     * {@code 100e2147483647} parses (unscaled 100, scale -2147483647), but without its trailing zeros it is 1 with scale
     * -2147483649, beyond an int: the digest still follows the documented encoding, in the notation
     * {@code BigDecimal.toString} uses for every negative scale.
     */
    @Test
    void aNumberWhoseStrippedScaleLeavesTheIntRangeHasItsDocumentedDigest() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put((byte) 'o').putInt(1);
        b.putInt(1).put("n".getBytes(StandardCharsets.UTF_8));
        byte[] number = "1E+2147483649".getBytes(StandardCharsets.US_ASCII);
        b.put((byte) 'n').putInt(number.length).put(number);
        byte[] encoded = new byte[b.position()];
        b.flip().get(encoded);
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
        assertEquals(expected, ArgumentDigest.of(json("{\"n\":100e2147483647}"), REDACT));
        assertEquals(expected, ArgumentDigest.of(json("{\"n\":100.0e2147483647}"), REDACT), "the same number");
        assertNotEquals(expected, ArgumentDigest.of(json("{\"n\":-100e2147483647}"), REDACT));
        assertEquals(ArgumentDigest.of(json("{\"n\":-1200e2147483647}"), REDACT),
                ArgumentDigest.of(json("{\"n\":-12000.0e2147483646}"), REDACT), "the same number, -1.2E+2147483650");
    }

    @Test
    void noArgumentsNoDigest() {
        assertNull(ArgumentDigest.of(null, REDACT));
    }

    @Test
    void tooDeepIsNoDigestRatherThanAFailure() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertNull(ArgumentDigest.of(Json.createReader(new java.io.StringReader(deep)).readArray(), REDACT));
    }
}
