package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditTrailTest {
    static final Caller ALICE = new Caller("https://issuer.example/", "alice", Set.of("channels:read"),
            Map.of("azp", "inspector", "client_id", "other"), Instant.now().plusSeconds(60), "127.0.0.1");

    static OperationRecord record(Caller caller, String item, Outcome outcome, Integer code) {
        return new OperationRecord(Instant.parse("2026-11-30T08:00:00Z"), "tools/call", true, ItemKind.TOOL, item, true, null,
                caller, null, "inspector-cli", "2.12.0", "2026-07-28", outcome, code, code == null ? null : "message", null,
                Duration.ofNanos(12_345_678), null, "7", "4bf92f3577b34da6a3ce929d0e0e4736",
                Json.createObjectBuilder().add("location", "Tokyo").build(), Set.of(), true);
    }

    static JsonObject parse(String line) {
        return Json.createReader(new StringReader(line)).readObject();
    }

    @Test
    void aRecordIsOneJsonLineWithEveryValue() {
        AuditRecord audit = AuditTrail.toAudit(record(ALICE, "get_channels", Outcome.OK, null), 256, "sha256:ab");
        String line = AuditJson.line(audit);
        assertEquals("{\"time\":\"2026-11-30T08:00:00Z\",\"method\":\"tools/call\",\"itemKind\":\"tool\",\"item\":\"get_channels\","
                + "\"issuer\":\"https://issuer.example/\",\"subject\":\"alice\",\"clientId\":\"inspector\",\"clientName\":\"inspector-cli\","
                + "\"clientVersion\":\"2.12.0\",\"protocolVersion\":\"2026-07-28\",\"argumentsDigest\":\"sha256:ab\",\"outcome\":\"OK\","
                + "\"durationMs\":12.346,\"requestId\":\"7\",\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"remoteAddress\":\"127.0.0.1\"}", line);
    }

    @Test
    void noValueCanBreakTheLineOrForgeAnother() {
        String evil = "x\"}\n{\"outcome\":\"OK\"\r\u2028\u2029\u001b[2J\u0000ü😀\\";
        String line = AuditJson.line(AuditTrail.toAudit(record(ALICE, evil, Outcome.INVALID, -32602), 256, null));
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), line);
        JsonObject parsed = parse(line);
        assertEquals(evil, parsed.getString("item"));
        assertEquals("INVALID", parsed.getString("outcome"));
        assertEquals("-32602", parsed.getString("errorType"));
        assertFalse(parsed.containsKey("argumentsDigest"));
    }

    @Test
    void textsAreCutWithoutSplittingACharacter() {
        String name = "a".repeat(15) + "😀" + "b".repeat(10);
        AuditRecord audit = AuditTrail.toAudit(record(ALICE, name, Outcome.OK, null), 16, null);
        assertEquals("a".repeat(15) + "…", audit.itemName());
    }

    @Test
    void theClientIdIsAzpElseClientId() {
        assertEquals("inspector", AuditTrail.clientId(ALICE));
        Caller service = new Caller("iss", "svc", Set.of(), Map.of("client_id", "batch"), null, "");
        assertEquals("batch", AuditTrail.clientId(service));
        assertNull(AuditTrail.clientId(new Caller("iss", "svc", Set.of(), Map.of(), null, "")));
    }

    @Test
    void anAnonymousCallerHasNoIdentityOnlyAnAddress() {
        AuditRecord audit = AuditTrail.toAudit(record(Caller.anonymous("10.0.0.8"), "get_channels", Outcome.OK, null), 256, null);
        assertNull(audit.issuer());
        assertNull(audit.subject());
        assertNull(audit.clientId());
        assertEquals("10.0.0.8", audit.remoteAddress());
    }

    @Test
    void aToolErrorIsItsErrorType() {
        assertEquals("tool_error", record(ALICE, "get_channels", Outcome.TOOL_ERROR, null).errorType());
        assertEquals("-31403", record(ALICE, "get_channels", Outcome.DENIED, -31403).errorType());
        assertNull(record(ALICE, "get_channels", Outcome.OK, null).errorType());
    }

    @Test
    void durationsAreWrittenAsStringFormatWritesThem() {
        long[] nanos = {0, 1, 499, 500, 999, 1_000, 1_499, 1_500, 9_999_499, 9_999_500, 12_345_678, 999_999_500,
                1_234_500, 60_000_000_000L, 86_400_000_000_000L, -1_500};
        for (long n : nanos) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", n / 1e6), AuditJson.milliseconds(n), "nanos " + n);
        }
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 100_000; i++) {
            long n = random.nextInt(Integer.MAX_VALUE) * (long) random.nextInt(1000);
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", n / 1e6), AuditJson.milliseconds(n), "nanos " + n);
        }
    }

    @Test
    void anObserverThatThrowsAnErrorDoesNotStopTheLine() {
        java.util.List<JsonObject> lines = written(ObservedEvent.throwing(), record(ALICE, "get_channels", Outcome.OK, null));
        assertEquals(1, lines.size(), "the line is written although the observer failed");
        assertEquals("get_channels", lines.get(0).getString("item"));
    }

    /**
     * A caller's arguments cannot make their record disappear: {@code 100e2147483647} parses, but the digest's canonical
     * number (stripped of trailing zeros) has a scale beyond an int.
     */
    @Test
    void argumentsWithANumberBeyondTheCanonicalScaleAreStillAudited() {
        OperationRecord r = record(ALICE, "get_channels", Outcome.INVALID, -32602);
        OperationRecord hostile = new OperationRecord(r.time(), r.method(), r.operation(), r.itemKind(), r.itemName(),
                r.resolved(), r.resourceUri(), r.caller(), r.connection(), r.clientName(), r.clientVersion(), r.protocolVersion(),
                r.outcome(), r.errorCode(), r.errorMessage(), r.reason(), r.duration(), r.sessionId(), r.requestId(),
                r.traceId(), Json.createReader(new StringReader("{\"n\":100e2147483647}")).readObject(), r.secretArguments(), r.audited());
        java.util.List<JsonObject> lines = written(ObservedEvent.quiet(), hostile);
        assertEquals(1, lines.size(), "the record of the call is written");
        assertEquals("get_channels", lines.get(0).getString("item"));
        assertTrue(lines.get(0).getString("argumentsDigest").startsWith("sha256:"));
    }

    /** The audit lines written for {@code records}, by a trail with the default settings. */
    private static java.util.List<JsonObject> written(OperationRecord... records) {
        return written(ObservedEvent.quiet(), records);
    }

    /** The audit lines written for {@code records}, by a trail with the default settings and {@code events} as the application's observers. */
    private static java.util.List<JsonObject> written(ObservedEvent events, OperationRecord... records) {
        return written(Map.of(), events, records);
    }

    /** The audit lines written for {@code records}, by a trail with {@code settings} and {@code events} as the application's observers. */
    private static java.util.List<JsonObject> written(Map<String, String> settings, ObservedEvent events, OperationRecord... records) {
        AuditTrail trail = new AuditTrail();
        trail.settings = new McpSettings(key -> java.util.Optional.ofNullable(settings.get(key)));
        trail.events = events;
        trail.start(); // no thread factory: the submitting thread writes the record
        try (LogCapture audit = LogCapture.of(java.util.logging.Logger.getLogger(AuditTrail.LOGGER))) {
            for (OperationRecord record : records) {
                trail.record(record);
            }
            assertTrue(trail.awaitWritten(Duration.ofSeconds(5)));
            return audit.messages().stream().map(AuditTrailTest::parse).toList();
        } finally {
            trail.stop();
        }
    }

    static OperationRecord completion(String argumentName, String value) {
        return new OperationRecord(Instant.parse("2026-11-30T08:00:00Z"), "completion/complete", true, ItemKind.PROMPT,
                "connect", true, null, ALICE, null, "inspector-cli", "2.12.0", "2026-07-28", Outcome.OK, null, null, null,
                Duration.ofNanos(1_000_000), null, "8", "4bf92f3577b34da6a3ce929d0e0e4736",
                Json.createObjectBuilder().add("name", argumentName).add("value", value).build(), Set.of(), true);
    }

    /**
     * completion/complete digests its {@code argument}, {@code {"name": …, "value": …}}: the value being typed for an
     * argument named like a secret ({@code mcp.audit.redact}) is that argument's value and stays out of the digest,
     * as it does in tools/call and prompts/get, else the digest of a short guessable secret gives it away.
     */
    @Test
    void theValueCompletedForARedactedArgumentIsLeftOutOfTheDigest() {
        java.util.List<JsonObject> lines = written(completion("Password", "hun"), completion("Password", "hunter2"),
                completion("city", "Tok"), completion("city", "Osa"));
        assertEquals(4, lines.size());
        assertEquals(lines.get(0).getString("argumentsDigest"), lines.get(1).getString("argumentsDigest"),
                "the partial secret does not reach the digest");
        assertFalse(lines.get(2).getString("argumentsDigest").equals(lines.get(3).getString("argumentsDigest")),
                "other arguments' values do");
        assertFalse(lines.get(0).getString("argumentsDigest").equals(lines.get(2).getString("argumentsDigest")));
    }

    static OperationRecord secretCall(String method, JsonObject arguments, Set<String> secrets) {
        return new OperationRecord(Instant.parse("2026-11-30T08:00:00Z"), method, true, ItemKind.TOOL, "sign_in", true, null,
                ALICE, null, "inspector-cli", "2.12.0", "2026-07-28", Outcome.OK, null, null, null, Duration.ofNanos(1_000_000), null,
                "9", "4bf92f3577b34da6a3ce929d0e0e4736", arguments, secrets, true);
    }

    /**
     * An item's arguments marked secret ({@code @Arg(secret = true)}) stay out of the digest as those named in
     * {@code mcp.audit.redact} do, whatever their name; so does the value completed for such an argument.
     */
    @Test
    void anItemsSecretArgumentsAreLeftOutOfTheDigest() {
        JsonObject one = Json.createObjectBuilder().add("user", "alice").add("pin", "1234").build();
        JsonObject other = Json.createObjectBuilder().add("user", "alice").add("pin", "9999").build();
        JsonObject otherUser = Json.createObjectBuilder().add("user", "bob").add("pin", "1234").build();
        java.util.List<JsonObject> lines = written(secretCall("tools/call", one, Set.of("pin")), secretCall("tools/call", other, Set.of("pin")),
                secretCall("tools/call", otherUser, Set.of("pin")), secretCall("tools/call", one, Set.of()),
                secretCall("completion/complete", Json.createObjectBuilder().add("name", "PIN").add("value", "12").build(), Set.of("pin")),
                secretCall("completion/complete", Json.createObjectBuilder().add("name", "PIN").add("value", "99").build(), Set.of("pin")));
        assertEquals(6, lines.size());
        assertEquals(lines.get(0).getString("argumentsDigest"), lines.get(1).getString("argumentsDigest"), "the secret does not reach the digest");
        assertEquals(ArgumentDigest.of(one, java.util.List.of("pin")), lines.get(0).getString("argumentsDigest"));
        assertFalse(lines.get(0).getString("argumentsDigest").equals(lines.get(2).getString("argumentsDigest")), "other arguments do");
        assertEquals(ArgumentDigest.of(one, McpSettings.DEFAULT_AUDIT_REDACT), lines.get(3).getString("argumentsDigest"),
                "without the mark, pin is no name mcp.audit.redact lists");
        assertFalse(lines.get(0).getString("argumentsDigest").equals(lines.get(3).getString("argumentsDigest")));
        assertEquals(lines.get(4).getString("argumentsDigest"), lines.get(5).getString("argumentsDigest"), "nor the value completed for it");
    }

    /**
     * A waiting record held the request's whole parsed arguments until the writer digested them: a full backlog of
     * requests near the body limit would have taken gigabytes. Heavy arguments are digested on the request thread and
     * the waiting record keeps none of them; the digest is the same either way, redaction included.
     */
    @Test
    void heavyArgumentsAreDigestedBeforeTheyWaitAndTheDigestIsTheSame() {
        jakarta.json.JsonObjectBuilder many = Json.createObjectBuilder().add("pin", "1234");
        for (int i = 0; i < 2_000; i++) {
            many.add("k" + i, i);
        }
        JsonObject manyValues = many.build();
        JsonObject longText = Json.createObjectBuilder().add("pin", "1234").add("text", "x".repeat(100_000)).build();
        JsonObject small = Json.createObjectBuilder().add("pin", "1234").add("text", "x".repeat(1_000)).build();
        // a thousand numbers of a thousand digits each: a megabyte of text, held as it waits and slow to digest
        jakarta.json.JsonArrayBuilder longNumbers = Json.createArrayBuilder();
        for (int i = 0; i < 1_000; i++) {
            longNumbers.add(new java.math.BigDecimal("9".repeat(1_000)));
        }
        JsonObject manyDigits = Json.createObjectBuilder().add("pin", "1234").add("n", longNumbers).build();
        assertTrue(AuditTrail.Weight.of(manyDigits, AuditTrail.EAGER_DIGEST_WEIGHT) > AuditTrail.EAGER_DIGEST_WEIGHT);
        assertTrue(AuditTrail.Weight.of(manyValues, AuditTrail.EAGER_DIGEST_WEIGHT) > AuditTrail.EAGER_DIGEST_WEIGHT);
        assertTrue(AuditTrail.Weight.of(longText, AuditTrail.EAGER_DIGEST_WEIGHT) > AuditTrail.EAGER_DIGEST_WEIGHT);
        assertTrue(AuditTrail.Weight.of(small, AuditTrail.EAGER_DIGEST_WEIGHT) <= AuditTrail.EAGER_DIGEST_WEIGHT);

        AuditTrail trail = new AuditTrail();
        trail.settings = new dev.jakartamcp.protocol.McpSettings(key -> java.util.Optional.empty());
        for (JsonObject heavy : java.util.List.of(manyValues, longText, manyDigits)) {
            AuditTrail.Pending pending = trail.pending(secretCall("tools/call", heavy, Set.of("pin")));
            assertEquals(null, pending.record().arguments(), "a waiting record keeps none of heavy arguments");
            assertEquals(ArgumentDigest.of(heavy, java.util.List.of("pin")), pending.digest());
        }
        AuditTrail.Pending light = trail.pending(secretCall("tools/call", small, Set.of("pin")));
        assertEquals(small, light.record().arguments(), "light ones are digested by the writer, off the request thread");
        assertEquals(null, light.digest());

        java.util.List<JsonObject> lines = written(secretCall("tools/call", manyValues, Set.of("pin")),
                secretCall("tools/call", small, Set.of("pin")));
        assertEquals(ArgumentDigest.of(manyValues, java.util.List.of("pin")), lines.get(0).getString("argumentsDigest"));
        assertEquals(ArgumentDigest.of(small, java.util.List.of("pin")), lines.get(1).getString("argumentsDigest"));
    }

    /**
     * A live setting of the trail broken while the server runs (an operator's typo through asadmin) counts as its
     * default until mended: the calls go on, so their records must still be written, event and line. Each of these
     * lost every record it touched, with a stack trace per request.
     */
    @Test
    void aBrokenLiveSettingOfTheTrailLosesNoRecord() {
        JsonObject arguments = Json.createObjectBuilder().add("user", "alice").add("password", "hunter2").build();
        for (Map.Entry<String, String> broken : Map.of("mcp.audit.max-value-length", "10", "mcp.audit.arguments", "full",
                "mcp.audit.redact", "none,password", "mcp.audit.enabled", "yes").entrySet()) {
            java.util.List<AuditRecord> fired = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.List<JsonObject> lines = written(Map.ofEntries(broken), new ObservedEvent(fired::add),
                    secretCall("tools/call", arguments, Set.of()));
            assertEquals(1, fired.size(), broken + ": the event");
            assertEquals(1, lines.size(), broken + ": the line");
            assertEquals("sign_in", lines.get(0).getString("item"), broken::toString);
            assertEquals(ArgumentDigest.of(arguments, McpSettings.DEFAULT_AUDIT_REDACT), lines.get(0).getString("argumentsDigest"),
                    broken + ": digested as by default");
        }
    }

    @Test
    void aWaitingRecordKeepsEveryTextCutAlready() {
        String huge = "n".repeat(1_000_000);
        OperationRecord r = record(ALICE, huge, Outcome.INVALID, -32602);
        OperationRecord asked = new OperationRecord(r.time(), "tools/call", true, ItemKind.TOOL, huge, false, huge, ALICE, null, huge,
                huge, huge, Outcome.INVALID, -32602, "Unknown tool: " + huge, huge, null, huge, huge, r.traceId(), null,
                Set.of(), true);
        AuditTrail trail = new AuditTrail();
        trail.settings = new McpSettings(key -> java.util.Optional.ofNullable(Map.of("mcp.audit.max-value-length", "100").get(key)));
        OperationRecord held = trail.pending(asked).record();
        for (String text : java.util.Arrays.asList(held.itemName(), held.resourceUri(), held.clientName(), held.clientVersion(),
                held.protocolVersion(), held.errorMessage(), held.reason(), held.sessionId(), held.requestId())) {
            assertEquals(100, text.length(), "a text of the waiting record");
            assertTrue(text.endsWith("…"), text);
        }
        assertEquals(AuditTrail.toAudit(asked, 100, null), AuditTrail.toAudit(held, 100, null), "the same audit record as before");
    }

    /** The application's {@code @Observes AuditRecord} methods, as one. */
    private record ObservedEvent(java.util.function.Consumer<AuditRecord> observer) implements jakarta.enterprise.event.Event<AuditRecord> {
        /** An observer that does nothing. */
        static ObservedEvent quiet() {
            return new ObservedEvent(record -> { });
        }

        /** An observer that fails an assertion. */
        static ObservedEvent throwing() {
            return new ObservedEvent(record -> {
                throw new AssertionError("an observer's assertion");
            });
        }

        @Override
        public void fire(AuditRecord event) {
            observer.accept(event);
        }

        @Override
        public <U extends AuditRecord> java.util.concurrent.CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends AuditRecord> java.util.concurrent.CompletionStage<U> fireAsync(U event,
                jakarta.enterprise.event.NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public jakarta.enterprise.event.Event<AuditRecord> select(java.lang.annotation.Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends AuditRecord> jakarta.enterprise.event.Event<U> select(Class<U> subtype,
                java.lang.annotation.Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends AuditRecord> jakarta.enterprise.event.Event<U> select(jakarta.enterprise.util.TypeLiteral<U> subtype,
                java.lang.annotation.Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
