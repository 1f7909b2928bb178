package dev.jakartamcp.protocol;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seals the state of a multi round-trip request: the answers gathered so far and a digest of the question behind each
 * key asked (answered or still open), bound by HMAC-SHA256 to the caller, the method and its salient parameters, and
 * an expiry. A state that was altered, has expired, or is presented by
 * another caller or on another request is rejected.
 *
 * <p>The parameters are digested structurally by {@link JsonDigest}, in one pass over the parsed value, so the work is
 * linear in the size of the request whatever its nesting (re-encoding nested levels as JSON strings would double the
 * escaping per level). Values nested deeper than {@link #MAX_DEPTH} are refused.
 */
public final class RequestStateCodec {
    /** Nesting the digest follows at most; the request parser refuses deeper bodies before this is reached. */
    public static final int MAX_DEPTH = JsonDigest.MAX_DEPTH;

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

    /** What a state holds: the answers by key, and the question (its digest) behind each key the server asked. */
    public record Opened(Map<String, JsonValue> answers, Map<String, String> questions) {
        public static final Opened NONE = new Opened(Map.of(), Map.of());
    }

    public String seal(Exchange exchange, Map<String, JsonValue> answers, Map<String, String> questions) {
        JsonObjectBuilder responses = JsonFactory.createObjectBuilder();
        answers.forEach(responses::add);
        JsonObjectBuilder asked = JsonFactory.createObjectBuilder();
        questions.forEach(asked::add);
        JsonObject payload = JsonFactory.createObjectBuilder()
                .add("v", 3)
                .add("m", exchange.method())
                .add("d", digest(exchange.params()))
                .add("p", hash(exchange.caller().bindingKey()))
                .add("x", clock.millis() + ttl.toMillis())
                .add("r", responses)
                .add("q", asked)
                .build();
        String body = B64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(mac(body));
    }

    /** Returns what {@code state} holds, or throws if the state is not one this server issued for this request. */
    public Opened open(String state, Exchange exchange) {
        int dot = state.indexOf('.');
        if (dot <= 0 || dot != state.lastIndexOf('.')) {
            throw invalid("malformed");
        }
        String body = state.substring(0, dot);
        JsonObject payload;
        try {
            byte[] signature = B64D.decode(state.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(body))) {
                throw invalid("integrity check failed");
            }
            try (JsonReader reader = JsonFactory.createReader(new StringReader(new String(B64D.decode(body), StandardCharsets.UTF_8)))) {
                payload = reader.readObject();
            }
            if (payload.getInt("v", 0) != 3) {
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
            Map<String, String> questions = new LinkedHashMap<>();
            payload.getJsonObject("q").forEach((key, digest) -> questions.put(key, ((JsonString) digest).getString()));
            return new Opened(new LinkedHashMap<>(payload.getJsonObject("r")), questions);
        } catch (IllegalArgumentException | JsonException | ClassCastException | NullPointerException e) {
            throw invalid("malformed");
        }
    }

    private static McpException invalid(String why) {
        return McpException.badParams("Invalid requestState: " + why);
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
        return B64.encodeToString(JsonDigest.ofMembers(params,
                k -> k.equals("_meta") || k.equals("inputResponses") || k.equals("requestState")));
    }

    /** The digest of one question to the client, an {@code inputRequests} entry ({@code method} and {@code params}). */
    static String question(JsonObject inputRequest) {
        return B64.encodeToString(JsonDigest.of(inputRequest, key -> false));
    }

    private static String hash(String value) {
        MessageDigest sha = JsonDigest.sha256();
        return B64.encodeToString(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
