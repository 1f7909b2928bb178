package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.pipeline.AuthorExecution;
import dev.jakartamcp.pipeline.AuthorExecutions;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.TimeLimit;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.context.spi.Contextual;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.JsonValue;
import jakarta.security.jacc.PolicyContext;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallExecutionTest {
    private final BoundRequestContext requestContext = new BoundRequestContext();
    private final FakeHttp.Request fakeRequest = new FakeHttp.Request();
    private final FakeHttp.Response response = new FakeHttp.Response();
    private final HttpServletRequest request = fakeRequest.build();
    /** Made on the thread that runs the test, which plays the container's HTTP thread. */
    private final IncomingPost post = new IncomingPost(request, response.build(),
            HttpSink.deferred(request, response.build()), JsonValue.EMPTY_JSON_OBJECT,
            new HttpChecks.Acceptance(true, true), Caller.anonymous("127.0.0.1"));
    private final CallExecution calls = new CallExecution();
    private final Map<String, String> settings = new HashMap<>();
    private boolean refuse;
    /** Thrown by the pool's submit, as when no thread can be started for the call. */
    private Error submitFails;
    private final CallDeadlines deadlines;
    /** The deadlines' clock, moved by the tests. */
    private final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    /** The calls answered at their deadline as the audit trail has them: caller, method, outcome, reason. */
    private final List<String> timeouts = new CopyOnWriteArrayList<>();
    /** The trace ids of those records. */
    private final List<String> traceIds = new CopyOnWriteArrayList<>();
    /** The trace ids the execution was given for its refusals' records, one per submitted request or batch. */
    private final List<String> submittedTraceIds = new CopyOnWriteArrayList<>();

    CallExecutionTest() {
        fakeRequest.response = response;
        calls.drain = new Drain();
        calls.settings = FakeHttp.settings(settings);
        calls.beans = (BeanManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BeanManager.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getContext")) {
                        return requestContext;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        deadlines = FakeHttp.deadlines(calls.settings);
        deadlines.nanoClock = now::get; // the tests sweep themselves
        deadlines.observations = new dev.jakartamcp.ops.Observations() {
            @Override
            public void refusedInTrace(Caller who, String what, dev.jakartamcp.api.AuditRecord.Outcome outcome, String reason, String traceId) {
                timeouts.add(who.address() + " " + what + " " + outcome + " " + reason);
                traceIds.add(String.valueOf(traceId));
            }
        };
        calls.deadlines = deadlines;
        calls.execution = new AuthorExecution() {
            @Override
            public void submit(Caller caller, String method, java.util.function.Supplier<String> traceId, Runnable work, Consumer<Throwable> notStarted) {
                submittedTraceIds.add(String.valueOf(traceId.get()));
                if (refuse) {
                    throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "full", Duration.ofSeconds(1));
                }
                if (submitFails != null) {
                    throw submitFails;
                }
                new Thread(work, "execution-test").start();
            }
        };
    }

    @AfterEach
    void clearPolicyContext() {
        PolicyContext.setContextID(null);
    }

    @Test
    void methodsWithoutAuthorCodeAreAnsweredOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        CompletableFuture<Thread> answeredOn = new CompletableFuture<>();
        calls.run(post, "tools/list", () -> JsonValue.EMPTY_JSON_OBJECT, outcome -> answeredOn.complete(Thread.currentThread()));
        assertSame(caller, answeredOn.getNow(null));
        assertTrue(requestContext.events.isEmpty(), "no request context to bind: " + requestContext.events);
        assertEquals(0, calls.drain.running());
    }

    @Test
    void aBatchRunsOnThePoolWhenOneOfItsRequestsRunsAuthorCode() throws Exception {
        Thread caller = Thread.currentThread();
        CompletableFuture<Thread> withoutAuthorCode = new CompletableFuture<>();
        calls.runBatch(post, List.of("ping", "tools/list"), () -> {
            withoutAuthorCode.complete(Thread.currentThread());
            return JsonValue.EMPTY_JSON_ARRAY;
        }, outcome -> { }, error -> { }, error -> { });
        assertSame(caller, withoutAuthorCode.getNow(null));

        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        CompletableFuture<CallExecution.Outcome<?>> answered = new CompletableFuture<>();
        calls.runBatch(post, List.of("ping", "tools/call"), () -> {
            ranOn.complete(Thread.currentThread());
            return JsonValue.EMPTY_JSON_ARRAY;
        }, answered::complete, error -> { }, error -> { });
        assertEquals("execution-test", ranOn.get(5, TimeUnit.SECONDS).getName());
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, answered.get(5, TimeUnit.SECONDS).result());
        waitUntilDrained();

        refuse = true;
        McpException refused = assertThrows(McpException.class, () -> calls.runBatch(post, List.of("prompts/get"),
                () -> { throw new AssertionError("a refused batch must not run"); }, outcome -> { }, error -> { }, error -> { }));
        assertEquals(ErrorCode.OVER_CAPACITY, refused.code());
    }

    /**
     * A batch's refusal (at the execution's limits) and its deadline are audited in the trace its POST's traceparent
     * names, as its requests are: they got a trace id of their own.
     */
    @Test
    void aBatchIsAuditedInTheTraceItsPostNames() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        fakeRequest.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        refuse = true;
        assertThrows(McpException.class, () -> calls.runBatch(post, List.of("tools/call"),
                () -> { throw new AssertionError("a refused batch must not run"); }, outcome -> { }, error -> { }, error -> { }));
        assertEquals(List.of(traceId), submittedTraceIds);
    }

    @Test
    void authorCodeRunsOnTheExecutionThreadInTheRequestsScope() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        PolicyContext.setContextID("web-module-policy");
        CompletableFuture<String> seenPolicy = new CompletableFuture<>();
        CompletableFuture<CallExecution.Outcome<?>> answered = new CompletableFuture<>();
        calls.run(post, "tools/call", () -> {
            seenPolicy.complete(Thread.currentThread().getName() + " " + PolicyContext.getContextID() + " " + requestContext.events);
            return JsonValue.EMPTY_JSON_OBJECT;
        }, outcome -> {
            requestContext.events.add("answer on " + Thread.currentThread().getName());
            answered.complete(outcome);
        });
        CallExecution.Outcome<?> outcome = answered.get(5, TimeUnit.SECONDS);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, outcome.result());
        assertNull(outcome.error());
        assertEquals("execution-test web-module-policy [associate execution-test, activate execution-test]", seenPolicy.get());
        // the scope ends before the answer is written (which completes the request)
        assertEquals(List.of("associate execution-test", "activate execution-test", "deactivate execution-test",
                "dissociate execution-test", "answer on execution-test"), requestContext.events);
        assertEquals("GuardedRequest[" + request + "]", String.valueOf(requestContext.associated),
                "bound to the request through its guard");
        waitUntilDrained();
    }

    @Test
    void aQuickCallIsAnsweredByTheWaitingHttpThread() {
        settings.put("mcp.execution.answer-wait", "PT1S"); // the longest: a quick call returns once answered, and a slow thread start does not count
        Thread caller = Thread.currentThread();
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        CompletableFuture<Thread> answeredOn = new CompletableFuture<>();
        calls.run(post, "tools/call", () -> {
            ranOn.complete(Thread.currentThread().getName());
            return JsonValue.EMPTY_JSON_OBJECT;
        }, outcome -> answeredOn.complete(Thread.currentThread()));
        assertEquals("execution-test", ranOn.getNow(null), "the author code ran on the pool");
        assertSame(caller, answeredOn.getNow(null), "answered before run returned, on the HTTP thread");
        assertFalse(fakeRequest.asyncStarted, "an answer the HTTP thread writes itself stays an ordinary response");
        assertEquals(0, calls.drain.running());
        assertEquals(List.of("associate execution-test", "activate execution-test", "deactivate execution-test",
                "dissociate execution-test"), requestContext.events, "the scope was the pool thread's only");
    }

    @Test
    void aCallLongerThanTheWaitIsAnsweredFromThePool() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0.05S");
        CompletableFuture<String> answeredOn = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        long started = System.nanoTime();
        calls.run(post, "tools/call", () -> {
            awaitRelease(release); // until the test has seen the HTTP thread leave
            return JsonValue.EMPTY_JSON_OBJECT;
        }, outcome -> answeredOn.complete(Thread.currentThread().getName()));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waitedMillis >= 40, "the HTTP thread waited the answer wait: " + waitedMillis);
        assertTrue(fakeRequest.asyncStarted, "the HTTP thread put the request in async mode before it left");
        assertFalse(answeredOn.isDone(), "the call still runs: the HTTP thread left without its answer");
        release.countDown();
        assertEquals("execution-test", answeredOn.get(5, TimeUnit.SECONDS));
        waitUntilDrained();
    }

    @Test
    void anAnswerThatBecomesAStreamLetsTheHttpThreadGoAtOnce() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT1S");
        CompletableFuture<String> answeredOn = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        long started = System.nanoTime();
        calls.run(post, "tools/call", () -> {
            // what a call does before it waits for the client: its answer turns into an event stream
            post.sink().nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run, HttpSink.LastBytesDeadline.NONE, true);
            awaitRelease(release);
            return JsonValue.EMPTY_JSON_OBJECT;
        }, outcome -> answeredOn.complete(Thread.currentThread().getName()));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waitedMillis < 900, "the HTTP thread left when the stream began, not after the answer wait of 1 s: " + waitedMillis);
        assertTrue(fakeRequest.asyncStarted, "in async mode before the pool's thread made it a stream");
        assertFalse(answeredOn.isDone(), "the call still runs");
        release.countDown();
        assertEquals("execution-test", answeredOn.get(5, TimeUnit.SECONDS));
        waitUntilDrained();
    }

    @Test
    void anErrorInTheWorkEndsTheResponseWith500WithoutHoldingTheHttpThread() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT1S");
        long started = System.nanoTime();
        calls.run(post, "tools/call", () -> {
            throw new AssertionError("an Error, not an exception");
        }, outcome -> {
            throw new AssertionError("must not answer");
        });
        waitUntilDrained();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 900, "not held for the whole wait of 1 s");
        assertEquals(500, response.status);
        assertNotEquals(0, response.completed);
    }

    @Test
    void theEndOfEveryCallIsToldExactlyOnce() throws Exception {
        AtomicInteger ended = new AtomicInteger();
        calls.run(post, "tools/list", () -> JsonValue.EMPTY_JSON_OBJECT, outcome -> { }, ended::incrementAndGet);
        assertEquals(1, ended.get(), "answered on the calling thread");
        calls.run(post, "tools/call", () -> JsonValue.EMPTY_JSON_OBJECT, outcome -> { }, ended::incrementAndGet);
        waitUntilDrained();
        assertEquals(2, ended.get(), "answered from the pool's work");
        calls.run(post, "tools/call", () -> {
            throw new AssertionError("an Error, not an exception");
        }, outcome -> {
            throw new AssertionError("must not answer");
        }, ended::incrementAndGet);
        waitUntilDrained();
        assertEquals(3, ended.get(), "ended by an Error, without an answer");
        refuse = true;
        assertThrows(McpException.class, () -> calls.run(post, "tools/call", () -> JsonValue.EMPTY_JSON_OBJECT, outcome -> { },
                ended::incrementAndGet));
        assertEquals(3, ended.get(), "a call that throws from run is the caller's to end");
    }

    @Test
    void theAnswerWaitIsBounded() {
        settings.put("mcp.execution.answer-wait", "PT2S");
        assertEquals("Invalid value for mcp.execution.answer-wait: 'PT2S' (must be between PT0S and PT1S)",
                assertThrows(IllegalStateException.class, () -> calls.settings.answerWait()).getMessage());
        settings.put("mcp.execution.answer-wait", "-PT0.01S");
        assertThrows(IllegalStateException.class, () -> calls.settings.answerWait());
        settings.put("mcp.execution.answer-wait", "PT0S");
        assertEquals(Duration.ZERO, calls.settings.answerWait());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFullPoolIsRefusedBeforeAnythingRuns() {
        refuse = true;
        McpException refused = assertThrows(McpException.class, () -> calls.run(post, "prompts/get", () -> {
            throw new AssertionError("must not run");
        }, outcome -> {
            throw new AssertionError("must not answer");
        }));
        assertEquals(McpException.Reason.OVER_CAPACITY, refused.reason());
        assertEquals(0, calls.drain.running());
    }

    @Test
    void anErrorHandingTheCallToThePoolLeavesItUncounted() {
        submitFails = new OutOfMemoryError("unable to create native thread");
        assertSame(submitFails, assertThrows(OutOfMemoryError.class, () -> calls.run(post, "tools/call", () -> {
            throw new AssertionError("must not run");
        }, outcome -> {
            throw new AssertionError("must not answer");
        })));
        assertEquals(0, calls.drain.running(), "the drain does not wait for a call that never started");
    }

    /**
     * The container cannot set up the request's context on the pool's thread (Payara while it disables the
     * application: "Module ... is disabled"), so the work never runs: the call is answered all the same.
     */
    @Test
    void aCallWhoseContextCannotBeSetUpIsAnsweredAsAnInternalError() throws Exception {
        calls.execution = AuthorExecutions.create(contextFailing(new IllegalStateException("Module my-app is disabled")));
        try {
            CompletableFuture<CallExecution.Outcome<?>> answered = new CompletableFuture<>();
            calls.run(post, "tools/call", () -> {
                throw new AssertionError("must not run");
            }, answered::complete);
            assertEquals(ErrorCode.INTERNAL_ERROR, answered.get(5, TimeUnit.SECONDS).error().code());
            waitUntilDrained();
            // the pool gives the place back after the task returns, just after the answer: wait for it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (calls.execution.running() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, calls.execution.running());
        } finally {
            AuthorExecutions.stop(calls.execution);
        }
    }

    @Test
    void anErrorSettingUpTheContextEndsTheResponseWith500() throws Exception {
        calls.execution = AuthorExecutions.create(contextFailing(new NoClassDefFoundError("the module is gone")));
        try {
            calls.run(post, "tools/call", () -> {
                throw new AssertionError("must not run");
            }, outcome -> {
                throw new AssertionError("must not answer");
            });
            waitUntilDrained();
            assertEquals(500, response.status);
            assertEquals(1, response.completed);
        } finally {
            AuthorExecutions.stop(calls.execution);
        }
    }

    /** A context service whose contextual proxies fail before they run what they wrap. */
    private ContextService contextFailing(Throwable failure) {
        return (ContextService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContextService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createContextualProxy") && args.length == 2) {
                        return (Runnable) () -> {
                            if (failure instanceof Error e) {
                                throw e;
                            }
                            throw (RuntimeException) failure;
                        };
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anUnexpectedFailureOfTheWorkIsAnsweredAsAnInternalError() throws Exception {
        CompletableFuture<CallExecution.Outcome<?>> answered = new CompletableFuture<>();
        calls.run(post, "resources/read", () -> {
            throw new IllegalStateException("a bug");
        }, answered::complete);
        CallExecution.Outcome<?> outcome = answered.get(5, TimeUnit.SECONDS);
        assertEquals(ErrorCode.INTERNAL_ERROR, outcome.error().code());
        assertEquals(List.of("associate execution-test", "activate execution-test", "deactivate execution-test",
                "dissociate execution-test"), requestContext.events, "the scope ends whatever happened");
        waitUntilDrained();
    }

    @Test
    void aFailureWhileAnsweringEndsTheResponseWith500() throws Exception {
        failWhileAnswering("PT1S");
        assertFalse(fakeRequest.asyncStarted, "answered by the HTTP thread, an ordinary response");
    }

    @Test
    void aFailureWhileAnsweringFromThePoolEndsTheResponseWith500() throws Exception {
        failWhileAnswering("PT0S");
        assertTrue(fakeRequest.asyncStarted, "the async context completed once");
    }

    /**
     * The 500 of a call whose answer could not be written, or whose work ended in an Error on the pool's thread, carries
     * the id of its request (JSON-RPC 2.0: the same as the request's; it was null); a batch's carries none.
     */
    @Test
    void aCallThatCouldNotBeAnsweredGetsItsRequestsId() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        calls.run(postOf(request(7)), "tools/call", () -> JsonValue.EMPTY_JSON_OBJECT, outcome -> {
            throw new IllegalStateException("a bug while answering");
        });
        waitUntilDrained();
        assertEquals(500, response.status);
        assertEquals(jakarta.json.Json.createValue(7), answered().get("id"), response.text());
    }

    @Test
    void aCallWhoseWorkEndedInAnErrorGetsItsRequestsId() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        calls.run(postOf(request(8)), "tools/call", () -> {
            throw new AssertionError("an Error, not an exception");
        }, outcome -> {
            throw new AssertionError("must not answer");
        });
        waitUntilDrained();
        assertEquals(500, response.status);
        assertEquals(jakarta.json.Json.createValue(8), answered().get("id"), response.text());
    }

    @Test
    void aBatchThatCouldNotBeAnsweredGetsNoId() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        calls.runBatch(postOf(jakarta.json.Json.createArrayBuilder().add(request(9)).build()), List.of("tools/call"),
                () -> jakarta.json.JsonValue.EMPTY_JSON_ARRAY, outcome -> {
                    throw new IllegalStateException("a bug while answering");
                }, error -> { }, error -> { });
        waitUntilDrained();
        assertEquals(500, response.status);
        assertFalse(answered().containsKey("id"), response.text());
    }

    /** The JSON-RPC message the response carries. */
    private jakarta.json.JsonObject answered() {
        return jakarta.json.Json.createReader(new java.io.StringReader(response.text())).readObject();
    }

    private static jakarta.json.JsonObject request(int id) {
        return jakarta.json.Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("method", "tools/call").build();
    }

    /** A POST like {@link #post} that carries {@code message}. */
    private IncomingPost postOf(jakarta.json.JsonStructure message) {
        return new IncomingPost(post.request(), post.response(), post.sink(), message, post.accept(), post.caller());
    }

    /** A call whose answer fails to be written, with {@code answerWait}: the response is a 500, ended once. */
    private void failWhileAnswering(String answerWait) throws InterruptedException {
        settings.put("mcp.execution.answer-wait", answerWait);
        calls.run(post, "completion/complete", () -> JsonValue.EMPTY_JSON_OBJECT, outcome -> {
            throw new IllegalStateException("a bug while answering");
        });
        post.sink().detach();
        FakeHttp.containerReturned(fakeRequest);
        waitUntilDrained();
        assertEquals(500, response.status);
        assertTrue(response.text().contains(Integer.toString(ErrorCode.INTERNAL_ERROR)), response.text());
        assertEquals(1, response.completed);
    }

    /**
     * A thread the author's code started writes to the response (a notification) while the HTTP thread writes the
     * answer: neither waits for the other beyond the answer, and the HTTP thread's answer is not lost.
     */
    @Test
    void aLateWriterDoesNotHoldUpTheHttpThreadsAnswer() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT1S");
        CompletableFuture<Boolean> lateWrite = new CompletableFuture<>();
        long started = System.nanoTime();
        calls.run(post, "tools/call", () -> JsonValue.EMPTY_JSON_OBJECT, outcome -> {
            Thread late = new Thread(() -> lateWrite.complete(post.sink().write("late")), "late-writer");
            late.start();
            sleep(100); // the late writer now waits for the HTTP thread to let go of the response
            ResponseStream.writeJson(post.response(), post.sink(), 200, JsonValue.EMPTY_JSON_OBJECT);
        });
        post.sink().detach();
        FakeHttp.containerReturned(fakeRequest);
        assertFalse(lateWrite.get(5, TimeUnit.SECONDS), "nothing is written after the answer");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 3000);
        assertEquals("{}", response.text());
        assertFalse(fakeRequest.asyncStarted);
        assertEquals(1, response.completed);
        waitUntilDrained();
    }

    /**
     * The sweep runs on the one timer thread of every keep-alive, deadline and token expiry: the answer it gives at a
     * deadline (a batch's plain JSON, written while its client does not read) is written on another thread.
     */
    @Test
    void theDeadlinesAnswerIsWrittenOffTheTimerThread() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.execution.timeout", "PT2S");
        List<Runnable> handedOff = new CopyOnWriteArrayList<>();
        StreamTimers timers = new StreamTimers() {
            @Override
            java.util.concurrent.ScheduledFuture<?> every(String purpose, long millis, Runnable task) {
                return null;
            }

            @Override
            void offTimer(Runnable task) {
                handedOff.add(task);
            }
        };
        timers.settings = calls.settings;
        deadlines.timers = timers;
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        calls.run(post, "tools/call", waitingFor(release), answers::add, () -> { },
                Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").build());
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        deadlines.sweep();
        assertTrue(answers.isEmpty(), "not written on the sweeping thread");
        assertEquals(List.of(), timeouts, "nor audited there: a full audit trail may make it wait");
        assertEquals(1, handedOff.size());
        handedOff.get(0).run();
        assertEquals(List.of("127.0.0.1 tools/call CANCELLED timeout"), timeouts);
        assertEquals(ErrorCode.TIMED_OUT, answers.get(0).error().code());
        release.countDown();
    }

    @Test
    void aCallThatHasNotAnsweredForAKeepAliveIntervalIsLookedAtOnce() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.sse.keep-alive", "PT2S");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        calls.run(post, "tools/call", waitingFor(release), answers::add, () -> { },
                Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").build(), probes::incrementAndGet);
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        deadlines.sweep();
        assertEquals(0, probes.get(), "not before a keep-alive interval");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        deadlines.sweep();
        assertEquals(1, probes.get());
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        deadlines.sweep();
        assertEquals(1, probes.get(), "once: from then on the stream's keep-alives look");
        assertTrue(answers.isEmpty(), "a look, not an answer");
        release.countDown();
    }

    /** Timers whose writers' pool cannot take a task: the application stops, or no thread can be started. */
    private StreamTimers timersWithoutWriters(Throwable failure) {
        StreamTimers timers = new StreamTimers() {
            @Override
            java.util.concurrent.ScheduledFuture<?> every(String purpose, long millis, Runnable task) {
                return null;
            }

            @Override
            void offTimer(Runnable task) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
        };
        timers.settings = calls.settings;
        return timers;
    }

    /**
     * Calls claimed by a sweep at their deadline when no thread could be had for their answers: the failure ended the
     * sweep, and the claimed call was never answered nor left the drain, nor were the calls after it looked at.
     */
    @Test
    void callsPastTheirDeadlineAreAnsweredWhenNoThreadCanBeHadForTheirAnswers() {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.execution.timeout", "PT2S");
        deadlines.timers = timersWithoutWriters(new java.util.concurrent.RejectedExecutionException("the application stops"));
        CountDownLatch release = new CountDownLatch(1);
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            calls.run(post, "tools/call", waitingFor(release), answers::add, ended::incrementAndGet,
                    Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").build());
        }
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertDoesNotThrow(deadlines::sweep, "the sweep goes on to the other calls");
        assertEquals(2, answers.size(), "each call is answered on the sweep's thread instead");
        answers.forEach(answer -> assertEquals(ErrorCode.TIMED_OUT, answer.error().code()));
        assertEquals(List.of("127.0.0.1 tools/call CANCELLED timeout", "127.0.0.1 tools/call CANCELLED timeout"), timeouts);
        assertEquals(2, ended.get());
        assertEquals(0, calls.drain.running(), "answered, the calls no longer hold up a drain");
        assertEquals(0, deadlines.watched());
        release.countDown();
    }

    /** The look for the client of an idle call failing the same way ended the sweep before the call's own deadline. */
    @Test
    void aCallIdleAtItsDeadlineIsAnsweredWhenNoThreadCanBeHadForTheLookForItsClient() {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.execution.timeout", "PT2S");
        settings.put("mcp.sse.keep-alive", "PT2S");
        // an Error, as the OutOfMemoryError of a thread that cannot be started is (JUnit lets no test go on after one)
        deadlines.timers = timersWithoutWriters(new Error("unable to create native thread"));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        calls.run(post, "tools/call", waitingFor(release), answers::add, () -> { },
                Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").build(), probes::incrementAndGet);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertDoesNotThrow(deadlines::sweep, "the sweep goes on to the call's deadline");
        assertEquals(0, probes.get(), "the look is left out: it would write on the timer's thread");
        assertEquals(1, answers.size());
        assertEquals(ErrorCode.TIMED_OUT, answers.get(0).error().code());
        assertEquals(0, calls.drain.running());
        release.countDown();
    }

    @Test
    void aCallStillRunningAtItsDeadlineIsAnsweredWithTheTimeoutAndCancelled() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.execution.timeout", "PT2S");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        Exchange exchange = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").build();
        CompletableFuture<Boolean> workEnded = new CompletableFuture<>();
        calls.run(post, "tools/call", () -> {
            awaitRelease(release);
            workEnded.complete(true);
            return JsonValue.EMPTY_JSON_OBJECT;
        }, answers::add, ended::incrementAndGet, exchange);
        assertEquals(1, deadlines.watched(), "left to the pool, the call is watched");

        now.addAndGet(Duration.ofMillis(1999).toNanos());
        deadlines.sweep();
        assertTrue(answers.isEmpty(), "not before its deadline");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        deadlines.sweep();
        assertEquals(1, answers.size());
        McpException error = answers.get(0).error();
        assertEquals(ErrorCode.TIMED_OUT, error.code());
        assertEquals("Request timed out: the call ran longer than PT2S (mcp.execution.timeout) and was cancelled", error.getMessage());
        assertTrue(exchange.isCancelled(), "the request was cancelled after the answer");
        assertEquals(1, ended.get());
        assertEquals(0, calls.drain.running(), "answered, the call no longer holds up a drain");
        assertEquals(List.of("127.0.0.1 tools/call CANCELLED timeout"), timeouts);
        assertEquals(1, deadlines.timedOut());
        assertEquals(0, deadlines.watched());
        assertEquals(List.of(dev.jakartamcp.ops.Observations.traceIdOf(exchange.observation())), traceIds,
                "the deadline's record is in the trace of the request's own");

        release.countDown();
        assertTrue(workEnded.get(5, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertEquals(1, answers.size(), "what the work answers later goes nowhere");
        assertEquals(1, ended.get(), "the end is told once");
    }

    /**
     * A call still running when the drain is over (it outlasted mcp.drain.grace) is answered with -32603 and cancelled,
     * audited with reason server_stopped; before, the container closed its connection without an answer.
     */
    @Test
    void aCallStillRunningWhenTheDrainIsOverIsAnsweredAndCancelled() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        Exchange exchange = Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").build();
        calls.run(post, "tools/call", waitingFor(release), answers::add, () -> { }, exchange);
        assertEquals(1, deadlines.watched());

        deadlines.drainOver(new dev.jakartamcp.ops.Drain.Over(1));

        assertEquals(1, answers.size(), "answered before the container's thread goes on");
        McpException error = answers.get(0).error();
        assertEquals(ErrorCode.INTERNAL_ERROR, error.code());
        assertEquals(CallDeadlines.STOPPED, error.getMessage());
        assertTrue(exchange.isCancelled());
        assertEquals(List.of("127.0.0.1 tools/call CANCELLED server_stopped"), timeouts);
        assertEquals(0, deadlines.watched());
        assertEquals(0, deadlines.timedOut(), "no deadline passed");
        deadlines.drainOver(new dev.jakartamcp.ops.Drain.Over(0));
        assertEquals(1, answers.size(), "answered once");
        release.countDown();
    }

    /**
     * Writing the deadline's answer may itself end the work (a 2026-07-28 response that completes cancels its request):
     * what the work's end records (its metric's error.type, its span) is the deadline's answer from before the write,
     * while the request is cancelled only after it, so that the answer written is the deadline's error.
     */
    @Test
    void theDeadlinesAnswerIsRecordedOnTheRequestBeforeItIsWritten() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.execution.timeout", "PT2S");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Exchange exchange = Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").build();
        List<String> seenWhileWriting = new CopyOnWriteArrayList<>();
        calls.run(post, "tools/call", waitingFor(release), outcome -> seenWhileWriting.add(
                exchange.earlyAnswer().map(e -> String.valueOf(e.code())).orElse("none") + " cancelled=" + exchange.isCancelled()),
                () -> { }, exchange);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        deadlines.sweep();
        assertEquals(List.of("-31504 cancelled=false"), seenWhileWriting);
        assertTrue(exchange.isCancelled(), "cancelled once written");
        release.countDown();
    }

    /**
     * Once the response of a call answered at its deadline has ended, the container may recycle the request for
     * another caller: the work still running sees the attributes as they were (its caller's token) and nothing else.
     */
    @Test
    void workOutlivingItsAnswerNeverReachesTheRequestAgain() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.execution.timeout", "PT1S");
        fakeRequest.attributes.put("token", "alice's");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<String> seenLate = new CompletableFuture<>();
        calls.run(post, "tools/call", () -> {
            awaitRelease(release);
            HttpServletRequest bound = (HttpServletRequest) requestContext.associated;
            String remote;
            try {
                remote = bound.getRemoteAddr();
            } catch (IllegalStateException e) {
                remote = "refused";
            }
            seenLate.complete(bound.getAttribute("token") + " " + remote);
            return JsonValue.EMPTY_JSON_OBJECT;
        }, outcome -> post.sink().complete(), () -> { }, Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").build());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        deadlines.sweep();
        assertEquals(1, response.completed, "answered at the deadline, the response ended");
        fakeRequest.attributes.put("token", "bob's"); // recycled for another caller

        release.countDown();
        assertEquals("alice's refused", seenLate.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aBatchStillRunningAtItsDeadlineIsAnsweredWithTheTimeoutAndCancelled() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.execution.timeout", "PT2S");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        calls.runBatch(post, List.of("ping", "tools/call"), () -> {
            awaitRelease(release);
            return JsonValue.EMPTY_JSON_ARRAY;
        }, outcome -> {
            answers.add(outcome);
            order.add("answer");
        }, error -> order.add("answering"), error -> {
            cancelled.incrementAndGet();
            order.add("answered");
        });
        List<Runnable> offTimer = new CopyOnWriteArrayList<>();
        deadlines.timers = new StreamTimers() {
            @Override
            void offTimer(Runnable task) {
                offTimer.add(task); // run below, after looking at what the claim did on the timer's thread
            }
        };
        deadlines.timers.settings = calls.settings;
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        deadlines.sweep();
        assertEquals(List.of("answering"), order, "marked as being answered when claimed, before anything is written off the timer");
        offTimer.forEach(Runnable::run);
        assertEquals(List.of("answering", "answering", "answer", "answered"), order, "told before its answer is written, cancelled after");
        assertEquals(1, answers.size());
        assertEquals(ErrorCode.TIMED_OUT, answers.get(0).error().code());
        assertEquals(1, cancelled.get(), "the batch was told to cancel what it runs");
        release.countDown();
        waitUntilDrained();
        assertEquals(1, answers.size(), "what the batch answers later goes nowhere");
        assertEquals(1, cancelled.get());
    }

    /** Work that runs until the test releases it (10 s at most). */
    /** A call's work that waits until {@code release} (at most 10 s), then answers an empty result. */
    private static java.util.function.Supplier<jakarta.json.JsonObject> waitingFor(java.util.concurrent.CountDownLatch release) {
        return () -> {
            awaitRelease(release);
            return JsonValue.EMPTY_JSON_OBJECT;
        };
    }

    private static void awaitRelease(java.util.concurrent.CountDownLatch release) {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A watched call whose token is revoked is answered with -31401 and cancelled at the next sweep, deadline or not. */
    @Test
    void aCallWhoseTokenIsRevokedWhileItRunsIsAnsweredAndCancelled() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        Caller alice = new Caller("https://issuer.example/", "alice", java.util.Set.of(), Map.of("jti", "token-9"),
                java.time.Instant.now().plusSeconds(600), "127.0.0.2");
        IncomingPost alicesPost = new IncomingPost(request, response.build(), HttpSink.deferred(request, response.build()),
                JsonValue.EMPTY_JSON_OBJECT, new HttpChecks.Acceptance(true, true), alice);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        Exchange exchange = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").caller(alice).build();
        calls.run(alicesPost, "tools/call", waitingFor(release), answers::add, () -> { }, exchange);

        settings.put("mcp.auth.revoked-subjects", "bob");
        deadlines.sweep();
        assertTrue(answers.isEmpty(), "another subject's revocation");
        settings.put("mcp.auth.revoked-token-ids", "token-9");
        deadlines.sweep();
        assertEquals(1, answers.size());
        McpException error = answers.get(0).error();
        assertEquals(ErrorCode.REVOKED, error.code());
        assertEquals("Unauthorized: the operator revoked the token this call was made with; it was cancelled", error.getMessage());
        assertTrue(exchange.isCancelled(), "the request was cancelled after the answer");
        assertEquals(List.of("127.0.0.2 tools/call CANCELLED revoked"), timeouts);
        assertEquals(1, deadlines.revoked());
        assertEquals(0, deadlines.timedOut());
        assertEquals(0, deadlines.watched());
        release.countDown();
        waitUntilDrained();
        assertEquals(1, answers.size(), "what the work answers later goes nowhere");
    }

    /** The item's own time limit, set by the pipeline while the call runs, decides, longer or shorter, and is named. */
    @Test
    void aCallWithATimeLimitOfItsOwnIsAnsweredAtThatOne() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        settings.put("mcp.execution.timeout", "PT2S");
        for (Duration own : List.of(Duration.ofSeconds(5), Duration.ofSeconds(1))) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch limited = new java.util.concurrent.CountDownLatch(1);
            List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
            Exchange exchange = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").build();
            long started = now.get();
            calls.run(post, "tools/call", () -> {
                exchange.limitTime(new TimeLimit(own, "mcp.tools.report.timeout"));
                limited.countDown();
                awaitRelease(release);
                return JsonValue.EMPTY_JSON_OBJECT;
            }, answers::add, () -> { }, exchange);
            assertTrue(limited.await(5, TimeUnit.SECONDS));

            now.set(started + own.toNanos() - 1);
            deadlines.sweep();
            assertTrue(answers.isEmpty(), own + ": not before its own deadline, whatever mcp.execution.timeout says");
            assertFalse(exchange.isCancelled());
            now.set(started + own.toNanos());
            deadlines.sweep();
            assertEquals(1, answers.size(), own.toString());
            assertEquals("Request timed out: the call ran longer than " + own + " (mcp.tools.report.timeout) and was cancelled",
                    answers.get(0).error().getMessage());
            assertTrue(exchange.isCancelled(), "the request was cancelled");
            release.countDown();
            waitUntilDrained();
        }
        assertEquals(2, deadlines.timedOut());
    }

    @Test
    void aCallAnsweredBeforeItsDeadlineIsForgottenAndAQuickOneNeverWatched() throws Exception {
        settings.put("mcp.execution.timeout", "PT1S");
        settings.put("mcp.execution.answer-wait", "PT1S"); // the longest, so that a slow thread start does not make the quick call a watched one
        CompletableFuture<CallExecution.Outcome<?>> quick = new CompletableFuture<>();
        calls.run(post, "tools/call", () -> JsonValue.EMPTY_JSON_OBJECT, quick::complete);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, quick.getNow(null).result());
        assertEquals(0, deadlines.watched(), "the HTTP thread answered it: nothing to watch");

        settings.put("mcp.execution.answer-wait", "PT0S");
        CompletableFuture<CallExecution.Outcome<?>> answered = new CompletableFuture<>();
        calls.run(post, "tools/call", () -> {
            sleep(50);
            return JsonValue.EMPTY_JSON_OBJECT;
        }, answered::complete);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, answered.get(5, TimeUnit.SECONDS).result());
        waitUntilDrained();
        assertEquals(0, deadlines.watched(), "answered by its work, it is forgotten at once");
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        deadlines.sweep();
        assertEquals(0, deadlines.watched());
        assertEquals(0, deadlines.timedOut());
        assertTrue(timeouts.isEmpty());
    }

    /**
     * mcp.execution.timeout broken while the server runs (an operator's typo) counts as its default: it stopped the
     * whole sweep, so that no call was answered at its deadline nor cancelled when its token was revoked.
     */
    @Test
    void aBrokenLiveTimeoutLeavesTheDefaultDeadlineInForce() throws Exception {
        settings.put("mcp.execution.answer-wait", "PT0S");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CallExecution.Outcome<?>> answers = new CopyOnWriteArrayList<>();
        calls.run(post, "tools/call", waitingFor(release), answers::add, () -> { },
                Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").build());
        settings.put("mcp.execution.timeout", "PT0.5S");
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        deadlines.sweep();
        assertEquals(1, answers.size());
        assertEquals("Request timed out: the call ran longer than PT5M (mcp.execution.timeout) and was cancelled",
                answers.get(0).error().getMessage());
        release.countDown();
    }

    @Test
    void theTimeoutIsAtLeastASecond() {
        settings.put("mcp.execution.timeout", "PT0.5S");
        assertEquals("Invalid value for mcp.execution.timeout: 'PT0.5S' (must be at least PT1S)",
                assertThrows(IllegalStateException.class, () -> calls.settings.executionTimeout()).getMessage());
    }

    private void waitUntilDrained() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.drain.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, calls.drain.running(), "the drain counts a call until it has answered");
    }

    /** Like Weld's HTTP request context: bound to a servlet request per thread. */
    public static final class BoundRequestContext implements Context {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile Object associated;

        public boolean associate(Object request) {
            associated = request;
            events.add("associate " + Thread.currentThread().getName());
            return true;
        }

        public void activate() {
            events.add("activate " + Thread.currentThread().getName());
        }

        public void deactivate() {
            events.add("deactivate " + Thread.currentThread().getName());
        }

        public boolean dissociate(Object request) {
            events.add("dissociate " + Thread.currentThread().getName());
            return true;
        }

        @Override
        public Class<? extends Annotation> getScope() {
            return jakarta.enterprise.context.RequestScoped.class;
        }

        @Override
        public <T> T get(Contextual<T> contextual, CreationalContext<T> creationalContext) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T get(Contextual<T> contextual) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isActive() {
            return true;
        }
    }
}
