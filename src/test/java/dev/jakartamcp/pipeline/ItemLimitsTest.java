package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.TimeLimit;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The item's own limits in the pipeline: {@code mcp.<kind>.<name>.max-concurrent} (a bulkhead: 503, never a queue) and
 * {@code .timeout} (handed to the exchange), for calls that run the item and not for completions of its arguments.
 */
class ItemLimitsTest {
    private final Map<String, String> config = new HashMap<>();
    private final FeaturePipeline pipeline = Pipelines.create(new McpSettings(key -> Optional.ofNullable(config.get(key))));

    /** A tool called {@code name}. */
    record Item(String name) {
        ItemOverridesTest.Tool tool() {
            return new ItemOverridesTest.Tool(name, TaskSupport.NONE);
        }
    }

    record Use(McpItem item, boolean runsItem) implements Target {
    }

    /** An operation whose invoke runs {@code body}; {@code runsItem} false stands for a completion. */
    static Operation<Use> operation(Item named, boolean runsItem, Runnable body) {
        return operation(named.tool(), runsItem, body);
    }

    static Operation<Use> operation(McpItem item, boolean runsItem, Runnable body) {
        return new Operation<>("tools/call", "name") {
            @Override
            public Use resolve(Exchange exchange, Predicate<McpItem> usable) {
                return new Use(item, runsItem);
            }

            @Override
            public JsonObject invoke(Use target, Exchange exchange) {
                body.run();
                return JsonValue.EMPTY_JSON_OBJECT;
            }

            @Override
            public JsonObject unexpected(Use target, String reference) {
                throw new IllegalStateException(reference);
            }
        };
    }

    static Exchange exchange() {
        return Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").caller(Caller.anonymous("10.0.0.1"))
                .params(Json.createObjectBuilder().add("name", "report").build()).build();
    }

    @Test
    void anItemRunsAtMostItsBoundOfCallsAtOnceAndTheNextIsRefusedNotQueued() throws Exception {
        config.put("mcp.tools.report.max-concurrent", "2");
        Item report = new Item("report");
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Runnable blocking = () -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<JsonObject> first = CompletableFuture.supplyAsync(() -> pipeline.run(exchange(), operation(report, true, blocking)));
        CompletableFuture<JsonObject> second = CompletableFuture.supplyAsync(() -> pipeline.run(exchange(), operation(report, true, blocking)));
        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertEquals(2, pipeline.concurrency.running(report.tool()));

        Exchange third = exchange();
        McpException refused = assertThrows(McpException.class, () -> pipeline.run(third, operation(report, true, () -> { })));
        assertEquals(ErrorCode.OVER_CAPACITY, refused.code());
        assertEquals(McpException.Reason.OVER_CAPACITY, refused.reason());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertEquals("Service Unavailable: tool report runs as many calls at once as it may (2, mcp.tools.report.max-concurrent); retry later",
                refused.getMessage());
        assertEquals("item", third.observation().reason());
        assertEquals(Outcome.UNAVAILABLE, third.observation().outcome());
        assertEquals(1, pipeline.concurrency.refused());

        assertEquals(JsonValue.EMPTY_JSON_OBJECT, pipeline.run(exchange(), operation(new Item("other"), true, () -> { })),
                "other items are not held up");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, pipeline.run(exchange(), operation(report, false, () -> { })),
                "a completion of its arguments does not run the item");

        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertEquals(0, pipeline.concurrency.items(), "an item's entry is held only while a call of it runs");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, pipeline.run(exchange(), operation(report, true, () -> { })));
    }

    /**
     * A call refused for capacity (503, retry in a second) spends no use of the item's rate limit, and a call refused
     * by the rate limit gives its place back. Before, the use was spent first: with one use an hour, the retry a 503
     * asks for got a 429 for the hour.
     */
    @Test
    void aCallRefusedForCapacitySpendsNoUseOfTheRateLimitAndARateRefusalGivesThePlaceBack() throws Exception {
        config.put("mcp.tools.report.max-concurrent", "1");
        config.put("mcp.tools.report.rate-limit", "1/PT1H");
        Item report = new Item("report");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Exchange holder = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").caller(Caller.anonymous("10.0.0.2"))
                .params(Json.createObjectBuilder().add("name", "report").build()).build();
        CompletableFuture<JsonObject> first = CompletableFuture.supplyAsync(() -> pipeline.run(holder, operation(report, true, () -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })));
        assertTrue(running.await(5, TimeUnit.SECONDS));
        McpException full = assertThrows(McpException.class, () -> pipeline.run(exchange(), operation(report, true, () -> { })));
        assertEquals(McpException.Reason.OVER_CAPACITY, full.reason());
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, pipeline.run(exchange(), operation(report, true, () -> { })),
                "the retry the 503 asked for: its one use of the hour was not spent");
        McpException limited = assertThrows(McpException.class, () -> pipeline.run(exchange(), operation(report, true, () -> { })));
        assertEquals(McpException.Reason.RATE_LIMITED, limited.reason());
        assertEquals(0, pipeline.concurrency.items(), "the rate-limited call gave its place back");
    }

    /**
     * A call the client must send again with what it did not declare (-32021: a tool that must run as a task) spends no
     * use of the item's rate limit: with one use an hour, the call sent again as it was told got a 429 for the hour.
     */
    @Test
    void aCallRefusedForACapabilityNotDeclaredSpendsNoUseOfTheRateLimit() {
        config.put("mcp.tools.report.rate-limit", "1/PT1H");
        Item report = new Item("report");
        McpItem item = report.tool();
        java.util.concurrent.atomic.AtomicBoolean declared = new java.util.concurrent.atomic.AtomicBoolean();
        Operation<Use> needsTasks = new Operation<>("tools/call", "name") {
            @Override
            public Use resolve(Exchange exchange, Predicate<McpItem> usable) {
                return new Use(item, true);
            }

            @Override
            public void checkNegotiated(Use target, Exchange exchange) {
                if (!declared.get()) {
                    throw new McpException(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY, "Missing required client capability", null,
                            McpException.Reason.BAD_REQUEST);
                }
            }

            @Override
            public JsonObject invoke(Use target, Exchange exchange) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }

            @Override
            public JsonObject unexpected(Use target, String reference) {
                throw new IllegalStateException(reference);
            }
        };
        McpException missing = assertThrows(McpException.class, () -> pipeline.run(exchange(), needsTasks));
        assertEquals(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY, missing.code());
        declared.set(true);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, pipeline.run(exchange(), needsTasks), "sent again as told: its use was not spent");
        McpException limited = assertThrows(McpException.class, () -> pipeline.run(exchange(), needsTasks));
        assertEquals(McpException.Reason.RATE_LIMITED, limited.reason());
    }

    /**
     * A resource called "template x" and the resource template "x" have a rate limit each. Both were counted as
     * "resource template x": reading the one spent the other's uses, and the 429 could name the wrong item.
     */
    @Test
    void aResourceAndATemplateWhoseLabelAndNameReadAlikeCountTheirUsesApart() {
        config.put("mcp.resources.template x.rate-limit", "1/PT1H");
        config.put("mcp.resource-templates.x.rate-limit", "1/PT1H");
        McpItem resource = new ItemOverridesTest.Item(ItemKind.RESOURCE, "template x", Access.permitAll(), JsonValue.EMPTY_JSON_OBJECT, "test");
        McpItem template = new ItemOverridesTest.Item(ItemKind.RESOURCE_TEMPLATE, "x", Access.permitAll(), JsonValue.EMPTY_JSON_OBJECT, "test");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, pipeline.run(exchange(), operation(resource, true, () -> { })));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, pipeline.run(exchange(), operation(template, true, () -> { })),
                "the template's one use of the hour was not spent by the resource");
        McpException limited = assertThrows(McpException.class, () -> pipeline.run(exchange(), operation(template, true, () -> { })));
        assertTrue(limited.getMessage().startsWith("Rate limit exceeded: resource template x allows 1 calls per PT1H per caller"),
                limited.getMessage());
    }

    @Test
    void aCallThatFailsGivesItsPlaceBack() {
        config.put("mcp.tools.report.max-concurrent", "1");
        Item report = new Item("report");
        assertThrows(McpException.class, () -> pipeline.run(exchange(), operation(report, true, () -> {
            throw McpException.invalidParams("Invalid params: no");
        })));
        assertEquals(0, pipeline.concurrency.items());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, pipeline.run(exchange(), operation(report, true, () -> { })));
    }

    /** A 503 from the work's own step (the task runner at mcp.tasks.max) was audited as FAILED and not counted. */
    @Test
    void aServerLimitHitWhileInvokingIsUnavailableNotFailed() {
        Exchange call = exchange();
        assertThrows(McpException.class, () -> pipeline.run(call, operation(new Item("report"), true, () -> {
            call.observation().reason("tasks");
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: mcp.tasks.max", Duration.ofSeconds(5));
        })));
        assertEquals(Outcome.UNAVAILABLE, call.observation().outcome());
        assertEquals("tasks", call.observation().reason());
    }

    @Test
    void withoutABoundNothingIsCountedAndAMalformedOneBoundsNothing() {
        Item report = new Item("report");
        pipeline.run(exchange(), operation(report, true, () -> assertEquals(0, pipeline.concurrency.items())));
        config.put("mcp.tools.report.max-concurrent", "0");
        pipeline.run(exchange(), operation(report, true, () -> assertEquals(0, pipeline.concurrency.items())));
        config.put("mcp.tools.report.max-concurrent", "1");
        pipeline.run(exchange(), operation(report, true, () -> assertEquals(1, pipeline.concurrency.running(report.tool()))));
    }

    @Test
    void theItemsTimeLimitGoesToTheExchangeOfACallThatRunsIt() {
        config.put("mcp.tools.report.timeout", "PT30M");
        Item report = new Item("report");
        Exchange call = exchange();
        pipeline.run(call, operation(report, true, () -> { }));
        assertEquals(Optional.of(new TimeLimit(Duration.ofMinutes(30), "mcp.tools.report.timeout")), call.ownTimeLimit());
        Exchange completion = exchange();
        pipeline.run(completion, operation(report, false, () -> { }));
        assertEquals(Optional.empty(), completion.ownTimeLimit(), "a completion has mcp.execution.timeout");
    }
}
