package dev.jakartamcp.protocol;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seals the state of a multi round-trip request: the answers gathered so far, bound by HMAC-SHA256 to the caller,
 * the method and its salient parameters, and an expiry. A state that was altered, has expired, or is presented by
 * another caller or on another request is rejected.
 */
public final class RequestStateCodec {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    public RequestStateCodec(byte[] key, Duration ttl, Clock clock) {
        this.key = key.clone();
        this.ttl = ttl;
        this.clock = clock;
    }

    public String seal(Exchange exchange, Map<String, JsonValue> answers) {
        JsonObjectBuilder responses = Json.createObjectBuilder();
        answers.forEach(responses::add);
        JsonObject payload = Json.createObjectBuilder()
                .add("v", 1)
                .add("m", exchange.method())
                .add("d", digest(exchange.params()))
                .add("p", hash(exchange.caller().bindingKey()))
                .add("x", clock.millis() + ttl.toMillis())
                .add("r", responses)
                .build();
        String body = B64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(mac(body));
    }

    /** Returns the answers sealed in {@code state}, or throws if the state is not one this server issued for this request. */
    public Map<String, JsonValue> open(String state, Exchange exchange) {
        int dot = state.indexOf('.');
        if (dot <= 0 || dot != state.lastIndexOf('.')) {
            throw invalid("malformed");
        }
        String body = state.substring(0, dot);
        byte[] signature;
        JsonObject payload;
        try {
            signature = B64D.decode(state.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(body))) {
                throw invalid("integrity check failed");
            }
            try (JsonReader reader = Json.createReader(new StringReader(new String(B64D.decode(body), StandardCharsets.UTF_8)))) {
                payload = reader.readObject();
            }
        } catch (IllegalArgumentException | JsonException | ClassCastException e) {
            throw invalid("malformed");
        }
        if (payload.getInt("v", 0) != 1) {
            throw invalid("unknown version");
        }
        if (clock.millis() > payload.getJsonNumber("x").longValue()) {
            throw invalid("expired");
        }
        if (!exchange.method().equals(payload.getString("m", ""))) {
            throw invalid("issued for another method");
        }
        if (!hash(exchange.caller().bindingKey()).equals(payload.getString("p", ""))) {
            throw invalid("issued to another caller");
        }
        if (!digest(exchange.params()).equals(payload.getString("d", ""))) {
            throw invalid("issued for a request with other parameters");
        }
        return new LinkedHashMap<>(payload.getJsonObject("r"));
    }

    private static McpException invalid(String why) {
        return new McpException(ErrorCode.INVALID_PARAMS, "Invalid requestState: " + why, null, 400);
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest of the parameters that identify the request, leaving out what changes between rounds. */
    static String digest(JsonObject params) {
        JsonObjectBuilder salient = Json.createObjectBuilder();
        params.forEach((k, v) -> {
            if (!k.equals("_meta") && !k.equals("inputResponses") && !k.equals("requestState")) {
                salient.add(k, v);
            }
        });
        return hash(canonical(salient.build()));
    }

    private static String hash(String value) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON text with object keys sorted, so that a client may reorder keys between rounds. */
    static String canonical(JsonValue value) {
        if (value instanceof JsonObject o) {
            JsonObjectBuilder b = Json.createObjectBuilder();
            new TreeMap<>(o).forEach((k, v) -> b.add(k, Json.createValue(canonical(v))));
            return b.build().toString();
        }
        if (value instanceof JsonArray a) {
            JsonArrayBuilder b = Json.createArrayBuilder();
            a.forEach(v -> b.add(canonical(v)));
            return b.build().toString();
        }
        return value.toString();
    }
}
