package dev.jakartamcp.session;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemorySessionStoreTest {
    private final Map<String, String> config = new HashMap<>();
    private final List<String> ended = new ArrayList<>();
    private final Map<String, SessionEnd> causes = new HashMap<>();
    private final Map<String, Duration> lifetimes = new HashMap<>();
    private final MovableClock clock = new MovableClock();
    private final InMemorySessionStore store = new InMemorySessionStore();

    InMemorySessionStoreTest() {
        store.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        store.ended = new RecordingEvent();
        store.clock = clock;
    }

    private static Caller caller(String subject) {
        return new Caller("https://issuer", subject, Set.of(), Map.of(), null, "");
    }

    private McpSession create(String subject) {
        return store.create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, caller(subject));
    }

    @Test
    void aCallerOverItsLimitLosesItsLeastRecentlyUsedSession() {
        config.put("mcp.session.max-per-caller", "2");
        McpSession first = create("alice");
        clock.advance(Duration.ofSeconds(1));
        McpSession second = create("alice");
        clock.advance(Duration.ofSeconds(1));
        store.find(first.id());
        clock.advance(Duration.ofSeconds(1));
        McpSession third = create("alice");
        assertTrue(store.find(second.id()).isEmpty(), "the least recently used one ended");
        assertTrue(store.find(first.id()).isPresent() && store.find(third.id()).isPresent());
        assertEquals(List.of(second.id()), ended);
        assertTrue(create("bob").id() != null, "other callers are not affected");
        assertEquals(4 - 1, store.size());
    }

    /**
     * A session past its limits that the sweep (every 30 s) has not found yet is not the caller's any more: a new session
     * ends it as expired, and leaves the caller's live session alone (it was ended as evicted, the dead one kept).
     */
    @Test
    void aCallersExpiredSessionMakesRoomBeforeALiveOneIsEvicted() {
        config.put("mcp.session.max-per-caller", "2");
        config.put("mcp.session.max-age", "PT1H");
        config.put("mcp.session.timeout", "PT2H");
        McpSession old = create("alice");
        clock.advance(Duration.ofMinutes(50));
        McpSession recent = create("alice");
        clock.advance(Duration.ofMinutes(5));
        store.find(recent.id());
        clock.advance(Duration.ofSeconds(4 * 60 + 58));
        assertTrue(store.find(old.id()).isPresent(), "still within its hour; the sweep ran now");
        clock.advance(Duration.ofSeconds(7)); // the old one past its hour, the next sweep 23 s away
        McpSession fresh = create("alice");
        assertEquals(List.of(old.id()), ended);
        assertEquals(SessionEnd.MAX_AGE, causes.get(old.id()));
        assertTrue(store.find(recent.id()).isPresent(), "the caller's live session stays");
        assertTrue(store.find(fresh.id()).isPresent());
    }

    @Test
    void afterTheLimitIsLoweredANewSessionEndsAllTheCallersSessionsBeyondIt() {
        config.put("mcp.session.max-per-caller", "4");
        List<McpSession> old = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            old.add(create("alice"));
            clock.advance(Duration.ofSeconds(1));
        }
        store.find(old.get(0).id());
        clock.advance(Duration.ofSeconds(1));
        config.put("mcp.session.max-per-caller", "2");
        McpSession fresh = create("alice");
        assertEquals(2, store.size(), "alice holds 2 sessions");
        assertTrue(store.find(fresh.id()).isPresent());
        assertTrue(store.find(old.get(0).id()).isPresent(), "the most recently used old one stays");
        assertEquals(List.of(old.get(1).id(), old.get(2).id(), old.get(3).id()), ended, "the least recently used first");
    }

    @Test
    void aFullServerRefusesNewSessionsWithRetryAfter() {
        config.put("mcp.session.max", "3");
        create("a");
        create("b");
        create("c");
        McpException e = assertThrows(McpException.class, () -> create("d"));
        assertEquals(McpException.Reason.OVER_CAPACITY, e.reason());
        assertTrue(e.getMessage().contains("mcp.session.max"), e.getMessage());
        assertTrue(e.retryAfter().toSeconds() >= 1);
        assertEquals(3, store.size());
    }

    /**
     * A caller at its own limit makes room itself on a full server, but when the server holds more than one eviction
     * frees (mcp.session.max lowered while it runs), it is refused and keeps its sessions: its least recently used one
     * was ended first, and it got none in its place.
     */
    @Test
    void aCallerRefusedByTheServersBoundKeepsItsSessions() {
        config.put("mcp.session.max", "4");
        config.put("mcp.session.max-per-caller", "2");
        McpSession a1 = create("alice");
        clock.advance(Duration.ofSeconds(1));
        McpSession a2 = create("alice");
        create("bob");
        create("bob");
        McpSession a3 = create("alice");
        assertTrue(store.find(a1.id()).isEmpty(), "on a full server, a caller at its limit makes room itself");
        assertEquals(List.of(a1.id()), ended);
        config.put("mcp.session.max", "2");
        McpException e = assertThrows(McpException.class, () -> create("alice"));
        assertEquals(McpException.Reason.OVER_CAPACITY, e.reason());
        assertTrue(store.find(a2.id()).isPresent(), "alice keeps her sessions");
        assertTrue(store.find(a3.id()).isPresent());
        assertEquals(List.of(a1.id()), ended, "nothing more ended");
        assertEquals(4, store.size());
    }

    /**
     * A request naming another caller's session gets 404 and must leave it as it was: neither kept alive past its
     * idle timeout nor made the most recently used of its owner's (which would end the owner's active one instead).
     */
    @Test
    void anotherCallersLookupLeavesTheSessionUntouched() {
        config.put("mcp.session.timeout", "PT10M");
        McpSession alices = create("alice");
        String alice = caller("alice").bindingKey();
        clock.advance(Duration.ofMinutes(9));
        assertTrue(store.find(alices.id(), caller("mallory").bindingKey()).isEmpty(), "another's session is unknown to mallory");
        clock.advance(Duration.ofMinutes(2));
        assertTrue(store.find(alices.id(), alice).isEmpty(), "idle for 11 minutes: mallory's lookup did not keep it");
        McpSession again = create("alice");
        clock.advance(Duration.ofMinutes(9));
        assertTrue(store.find(again.id(), alice).isPresent(), "its owner's lookup does");
        clock.advance(Duration.ofMinutes(2));
        assertTrue(store.find(again.id(), alice).isPresent());
    }

    @Test
    void expiredSessionsMakeRoomForNewOnes() {
        config.put("mcp.session.max", "1");
        config.put("mcp.session.timeout", "PT1M");
        McpSession old = create("a");
        clock.advance(Duration.ofMinutes(2));
        McpSession fresh = create("b");
        assertTrue(store.find(old.id()).isEmpty());
        assertTrue(store.find(fresh.id()).isPresent());
        assertTrue(ended.contains(old.id()), "the expired session's end is announced");
    }

    /** An expired session the sweep has not come across yet is no session to end: it ends as expired, not by the operator. */
    @Test
    void removingAnExpiredSessionEndsItAsExpiredAndCountsAsNone() {
        config.put("mcp.session.timeout", "PT1M");
        McpSession session = create("alice");
        clock.advance(Duration.ofSeconds(61));
        assertFalse(store.remove(session.id(), SessionEnd.OPERATOR));
        assertEquals(SessionEnd.IDLE_TIMEOUT, causes.get(session.id()));
        assertFalse(store.remove(session.id(), SessionEnd.OPERATOR), "gone");

        McpSession other = create("bob");
        config.put("mcp.session.timeout", "soon"); // broken while running: the end is as asked, and announced
        assertTrue(store.remove(other.id(), SessionEnd.OPERATOR));
        assertEquals(SessionEnd.OPERATOR, causes.get(other.id()));
    }

    @Test
    void maxAgeEndsEvenASessionInConstantUse() {
        config.put("mcp.session.max-age", "PT1H");
        config.put("mcp.session.timeout", "PT10M");
        McpSession session = create("alice");
        for (int i = 0; i < 11; i++) {
            clock.advance(Duration.ofMinutes(5));
            assertTrue(store.find(session.id()).isPresent(), "used every 5 minutes, " + (i + 1) * 5 + " minutes old");
        }
        clock.advance(Duration.ofMinutes(5));
        assertTrue(store.find(session.id()).isEmpty(), "60 minutes old");
    }

    @Test
    void everyEndSaysWhyItEndedAndOnlyTheClientsDeleteIsNoError() {
        config.put("mcp.session.max-per-caller", "1");
        config.put("mcp.session.timeout", "PT10M");
        config.put("mcp.session.max-age", "PT1H");
        McpSession deleted = create("alice");
        assertTrue(store.remove(deleted.id(), SessionEnd.DELETED));
        McpSession evicted = create("alice");
        McpSession idle = create("alice");
        clock.advance(Duration.ofMinutes(11));
        assertTrue(store.find(idle.id()).isEmpty());
        McpSession old = create("bob");
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(5));
            store.find(old.id());
        }
        McpSession idleThenOld = create("carol");
        clock.advance(Duration.ofHours(2));
        McpSession operator = create("dave"); // its sweep finds carol's session past both limits
        assertTrue(store.remove(operator.id(), SessionEnd.OPERATOR));

        assertEquals(SessionEnd.DELETED, causes.get(deleted.id()));
        assertEquals(SessionEnd.EVICTED, causes.get(evicted.id()));
        assertEquals(SessionEnd.IDLE_TIMEOUT, causes.get(idle.id()));
        assertEquals(SessionEnd.MAX_AGE, causes.get(old.id()), "in use all along");
        assertEquals(SessionEnd.IDLE_TIMEOUT, causes.get(idleThenOld.id()), "its idle timeout ran out first");
        assertEquals(SessionEnd.OPERATOR, causes.get(operator.id()));
        assertEquals(Optional.empty(), SessionEnd.DELETED.errorType());
        assertEquals(List.of("timeout", "max_age", "evicted", "ended_by_operator"), java.util.Arrays.stream(SessionEnd.values())
                .map(SessionEnd::errorType).flatMap(Optional::stream).toList());
    }

    /** An expired session lived until its limit ran out, however much later it was found out; other ends count to now. */
    @Test
    void anExpiredSessionsLifetimeEndsWhenItsLimitRanOut() {
        config.put("mcp.session.timeout", "PT1M");
        config.put("mcp.session.max-age", "PT10M");
        McpSession idle = create("alice");
        clock.advance(Duration.ofSeconds(20));
        store.find(idle.id());
        clock.advance(Duration.ofMinutes(5)); // a quiet server: nobody looked for it in the meantime
        assertTrue(store.find(idle.id()).isEmpty());
        assertEquals(Duration.ofSeconds(80), lifetimes.get(idle.id()), "used at 20 s, idle for the minute after");

        McpSession old = create("bob");
        for (int i = 0; i < 19; i++) {
            clock.advance(Duration.ofSeconds(30));
            store.find(old.id());
        }
        clock.advance(Duration.ofMinutes(3));
        create("carol"); // its sweep finds bob's session
        assertEquals(SessionEnd.MAX_AGE, causes.get(old.id()));
        assertEquals(Duration.ofMinutes(10), lifetimes.get(old.id()));

        McpSession deleted = create("dave");
        clock.advance(Duration.ofSeconds(7));
        store.remove(deleted.id(), SessionEnd.DELETED);
        assertEquals(Duration.ofSeconds(7), lifetimes.get(deleted.id()));
    }

    @Test
    void peekingDoesNotKeepASessionAlive() {
        config.put("mcp.session.timeout", "PT1M");
        McpSession session = create("alice");
        clock.advance(Duration.ofSeconds(50));
        assertTrue(store.peek(session.id()).isPresent());
        clock.advance(Duration.ofSeconds(20));
        assertTrue(store.peek(session.id()).isEmpty());
    }

    @Test
    void listsLiveSessionsAllOrOneCallersWithoutKeepingThemAlive() {
        config.put("mcp.session.timeout", "PT1M");
        McpSession old = create("alice");
        clock.advance(Duration.ofSeconds(50));
        McpSession alice = create("alice");
        McpSession bob = create("bob");
        List<String> all = new ArrayList<>();
        store.forEach(session -> all.add(session.id()));
        assertEquals(Set.of(old.id(), alice.id(), bob.id()), Set.copyOf(all));
        assertEquals(Set.of(old.id(), alice.id()), Set.copyOf(store.ownedBy(caller("alice").quotaKey()).stream().map(McpSession::id).toList()));
        clock.advance(Duration.ofSeconds(20));
        List<String> later = new ArrayList<>();
        store.forEach(session -> later.add(session.id()));
        assertEquals(Set.of(alice.id(), bob.id()), Set.copyOf(later), "listing did not refresh the first one's idle timer");
        assertEquals(List.of(alice.id()), store.ownedBy(caller("alice").quotaKey()).stream().map(McpSession::id).toList());
        assertEquals(List.of(), store.ownedBy(caller("carol").quotaKey()));
    }

    @Test
    void subscriptionsAreBounded() {
        McpSession session = create("alice");
        assertTrue(session.subscribe("a://1", 2));
        assertTrue(session.subscribe("a://2", 2));
        assertTrue(session.subscribe("a://1", 2), "subscribing again is not a new subscription");
        assertTrue(!session.subscribe("a://3", 2));
        session.unsubscribe("a://1");
        assertTrue(session.subscribe("a://3", 2));
    }

    @Test
    void malformedLimitsAreErrorsNotDefaults() {
        config.put("mcp.session.max-per-caller", "lots");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> create("alice"));
        assertEquals("Invalid value for mcp.session.max-per-caller: 'lots' (expected a whole number)", e.getMessage());
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final class RecordingEvent implements Event<SessionEnded> {
        @Override
        public void fire(SessionEnded event) {
            ended.add(event.sessionId());
            causes.put(event.sessionId(), event.cause());
            lifetimes.put(event.sessionId(), event.lifetime());
        }

        @Override
        public <U extends SessionEnded> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends SessionEnded> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<SessionEnded> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends SessionEnded> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends SessionEnded> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
