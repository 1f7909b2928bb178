package dev.jakartamcp.transport;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenStreamsTest {
    private static final Caller ALICE = caller("alice");
    private static final Caller BOB = caller("bob");
    private static final Caller CAROL = caller("carol");
    /** The refusals recorded: caller subject, method, outcome, reason. */
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final OpenStreams streams = streams();

    @Test
    void bothRefusalsAreRecordedAndCountedAndAReleasedPlaceIsTakenAgain() {
        OpenStreams.Ticket alices = streams.admit(ALICE, "GET /mcp");

        McpException perCaller = assertThrows(McpException.class, () -> streams.admit(ALICE, "subscriptions/listen"));
        assertEquals(ErrorCode.RATE_LIMITED, perCaller.code());
        streams.admit(BOB, "GET /mcp");
        McpException onServer = assertThrows(McpException.class, () -> streams.admit(CAROL, "subscriptions/listen"));
        assertEquals(ErrorCode.OVER_CAPACITY, onServer.code());
        assertEquals(McpException.Reason.OVER_CAPACITY, onServer.reason());

        assertEquals(List.of("alice subscriptions/listen RATE_LIMITED streams", "carol subscriptions/listen UNAVAILABLE streams"), refusals);
        assertEquals(1, streams.refusedPerCaller());
        assertEquals(1, streams.refusedOnServer());
        assertEquals(2, streams.open(), "a refused stream holds no place");

        alices.release();
        alices.release();
        assertEquals(1, streams.open(), "a ticket gives its place back once");
        streams.admit(CAROL, "GET /mcp");
        assertEquals(2, streams.open());
    }

    private OpenStreams streams() {
        OpenStreams s = new OpenStreams();
        s.settings = new McpSettings(key -> switch (key) {
            case "mcp.streams.max" -> Optional.of("2");
            case "mcp.streams.max-per-caller" -> Optional.of("1");
            default -> Optional.empty();
        });
        s.counts = new LocalStreamCounts();
        s.observations = new Observations() {
            @Override
            public void refused(Caller who, String what, Outcome outcome, String reason, String traceparent) {
                refusals.add(who.subject() + " " + what + " " + outcome + " " + reason);
            }
        };
        return s;
    }

    private static Caller caller(String subject) {
        return new Caller("https://issuer.example/", subject, Set.of(), Map.of(), Instant.now().plusSeconds(600), "127.0.0.1");
    }
}
