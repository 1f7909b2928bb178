package dev.jakartamcp.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Multi round-trip request state (2026-07-28): sealing the answers a handler used into {@code requestState}, and
 * opening a retried request's {@code requestState} and {@code inputResponses}. Opening is a step of the feature
 * pipeline that comes after the access decision and the rate limit, so a caller cannot make the server digest
 * anything on an item it may not use.
 */
@ApplicationScoped
public class RequestStates {
    private static final Logger LOG = Logger.getLogger(RequestStates.class.getName());

    @Inject
    McpSettings settings;

    @Inject
    SharedSecrets shared;

    /** Made at the first use, not as the bean is made: on a cluster its key is read from the grid (see {@link #codec}). */
    private volatile RequestStateCodec codec;

    /**
     * The codec, made once: from {@code mcp.request-state.secret}, else the cluster's shared secret, else a key of this
     * server's own. Made where a request needs it rather than in {@code @PostConstruct}: a grid that does not answer
     * then refuses that request with its 503 (-31503) and the next one tries again, where a failure inside the bean's
     * construction reached the client as an internal error, on every call until the grid answered.
     */
    private RequestStateCodec codec() {
        RequestStateCodec made = codec;
        if (made != null) {
            return made;
        }
        // made outside the lock: requests that come together each wait for their own read of the grid (at most
        // mcp.cluster.grid-timeout), not for one another's in turn; the first codec made is the one kept
        RequestStateCodec fresh = newCodec();
        synchronized (this) {
            if (codec == null) {
                codec = fresh;
            }
            return codec;
        }
    }

    private RequestStateCodec newCodec() {
        byte[] secret = settings.requestStateSecret().map(s -> s.getBytes(StandardCharsets.UTF_8))
                .or(() -> shared.get("request-state-secret"))
                .orElseGet(() -> {
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    LOG.info("mcp.request-state.secret is not set: multi round-trip request state is sealed with a key made at startup,"
                            + " so it is valid only on this server instance and until it restarts");
                    return random;
                });
        return new RequestStateCodec(secret, settings.requestStateTtl(), Clock.systemUTC());
    }

    public String seal(Exchange exchange) {
        return codec().seal(exchange, exchange.usedAnswers(), exchange.askedQuestions());
    }

    /**
     * Gives a modern retried request its answers: those sealed in {@code requestState}, then the new
     * {@code inputResponses}, each bound to the question the state says it answers. An answer under a key the state
     * records no question for (no state at all, or a key the server did not ask) is left out. Does nothing for legacy
     * requests or requests that carry neither.
     */
    public void resume(Exchange exchange) {
        if (!exchange.revision().isModern()) {
            return;
        }
        JsonObject params = exchange.params();
        JsonValue state = params.get("requestState");
        JsonValue responses = params.get("inputResponses");
        boolean hasState = state != null && state != JsonValue.NULL;
        boolean hasResponses = responses != null && responses != JsonValue.NULL;
        if (!hasState && !hasResponses) {
            return;
        }
        Map<String, JsonValue> answers = new LinkedHashMap<>();
        RequestStateCodec.Opened opened = RequestStateCodec.Opened.NONE;
        if (hasState) {
            if (!(state instanceof JsonString s)) {
                throw McpException.badParams("Invalid params: requestState must be a string");
            }
            opened = codec().open(s.getString(), exchange);
            answers.putAll(opened.answers());
        }
        if (hasResponses) {
            if (!(responses instanceof JsonObject r)) {
                throw McpException.badParams("Invalid params: inputResponses must be an object");
            }
            answers.putAll(r);
        }
        exchange.resume(answers, opened.questions());
    }
}
