package dev.jakartamcp.protocol;

import dev.jakartamcp.api.LogLevel;

import dev.jakartamcp.api.InputRequest;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.schema.JsonNumbers;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** One client request being handled: who asked, in which revision, and the ways to talk back while handling it. */
public final class Exchange {
    public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    private final ProtocolRevision revision;
    private final JsonValue requestId;
    private final String method;
    private final JsonObject params;
    private final JsonObject clientCapabilities;
    private final JsonObject clientInfo;
    private final LogLevel requestLogLevel;
    private final SessionView session;
    private final Caller caller;
    private final Connection connection;
    private final ExchangeChannel channel;
    private final Duration clientRequestTimeout;
    private final Map<String, JsonValue> inputResponses = new LinkedHashMap<>();
    private final Map<String, String> paramHeaders;
    private final Map<String, String> traceHeaders;
    private volatile Observation observation;
    private final Map<String, JsonObject> pendingInputRequests = new LinkedHashMap<>();
    private final Map<String, JsonValue> usedAnswers = new LinkedHashMap<>();
    /** For answers of a retried modern request: the question (its digest) each answers; answers given to the builder answer any. */
    private final Map<String, String> answeredQuestions = new LinkedHashMap<>();
    /** The question (its digest) behind each key this handler asked, answered or not, to be sealed with the answers. */
    private final Map<String, String> askedQuestions = new LinkedHashMap<>();
    private final boolean detached;
    private volatile boolean cancelled;
    private volatile TimeLimit ownTimeLimit;
    private final AtomicReference<Runnable> itemPlace = new AtomicReference<>();
    private final CompletableFuture<Void> cancellation = new CompletableFuture<>();
    private int inputSequence;
    /** The progress of the last progress notification sent; guarded by this. */
    private volatile McpException earlyAnswer;
    /** {@link System#nanoTime()} when {@link #earlyAnswer} was given; written before it, so read after it. */
    private volatile long earlyAnswerNanos;
    /** Guarded by {@link #progressOrder}. */
    private double lastProgress = Double.NEGATIVE_INFINITY;
    /**
     * Held while a progress value is compared and sent, so that two threads of a tool reporting at once cannot send
     * theirs in the opposite order; taken by nothing else, so sending under it waits for no other lock of this class.
     */
    private final Object progressOrder = new Object();

    private Exchange(Builder b) {
        this.revision = b.revision;
        this.requestId = b.requestId;
        this.method = b.method;
        this.params = b.params == null ? JsonValue.EMPTY_JSON_OBJECT : b.params;
        this.clientCapabilities = b.clientCapabilities == null ? JsonValue.EMPTY_JSON_OBJECT : b.clientCapabilities;
        this.clientInfo = b.clientInfo;
        this.requestLogLevel = b.requestLogLevel;
        this.session = b.session;
        this.caller = b.caller == null ? Caller.ANONYMOUS : b.caller;
        this.connection = b.connection == null ? Connection.UNKNOWN : b.connection;
        this.channel = b.channel == null ? ExchangeChannel.NONE : b.channel;
        this.clientRequestTimeout = b.clientRequestTimeout;
        this.inputResponses.putAll(b.inputResponses);
        this.paramHeaders = Map.copyOf(b.paramHeaders);
        this.traceHeaders = Map.copyOf(b.traceHeaders);
        this.detached = b.detached;
    }

    /**
     * A copy of this request for work that goes on after the request was answered (a task): same revision, params,
     * client, caller, connection and headers, a channel of its own, and questions to the client sent through that channel and
     * waited for (at most {@code answerTimeout}), whatever the revision. No answers carried by this request and no
     * log level go with it.
     */
    public Exchange detach(ExchangeChannel detachedChannel, Duration answerTimeout) {
        Builder b = builder(revision, method).requestId(requestId).params(params).clientCapabilities(clientCapabilities)
                .clientInfo(clientInfo).session(session).caller(caller).connection(connection).channel(detachedChannel)
                .clientRequestTimeout(answerTimeout).paramHeaders(paramHeaders).traceHeaders(traceHeaders);
        b.detached = true;
        return b.build();
    }

    /** Whether this is work detached from its request ({@link #detach}). */
    public boolean isDetached() {
        return detached;
    }

    public static Builder builder(ProtocolRevision revision, String method) {
        return new Builder(revision, method);
    }

    public ProtocolRevision revision() {
        return revision;
    }

    public JsonValue requestId() {
        return requestId;
    }

    public String method() {
        return method;
    }

    /** The request's params, including {@code _meta}. */
    public JsonObject params() {
        return params;
    }

    public JsonObject clientCapabilities() {
        return clientCapabilities;
    }

    public Optional<JsonObject> clientInfo() {
        return Optional.ofNullable(clientInfo);
    }

    public Optional<SessionView> session() {
        return Optional.ofNullable(session);
    }

    public Caller caller() {
        return caller;
    }

    /** The connection the request came on, as the transport saw it. */
    public Connection connection() {
        return connection;
    }

    /**
     * The {@code Mcp-Param-<name>} HTTP headers of a modern request, keyed by the lower-cased name part, values as
     * sent (possibly in the {@code =?base64?…?=} form). Empty for legacy requests.
     */
    public Map<String, String> paramHeaders() {
        return paramHeaders;
    }

    /** W3C trace context HTTP headers of the request ({@code traceparent}, {@code tracestate}, {@code baggage}), lower-cased names. */
    public Map<String, String> traceHeaders() {
        return traceHeaders;
    }

    /**
     * What metrics, traces and the audit trail learn about this request ({@link dev.jakartamcp.ops.Observations});
     * a detached one, going nowhere, when nobody observes it.
     */
    public Observation observation() {
        Observation current = observation;
        if (current == null) {
            synchronized (this) {
                if (observation == null) {
                    observation = Observation.detached(this);
                }
                current = observation;
            }
        }
        return current;
    }

    /**
     * Attaches the observation of this request. One made before (a deadline that passed before the work began audited
     * the request with it) hands over its trace id, so that the work's own record is in the same trace.
     */
    public void observe(Observation observation) {
        Observation before;
        synchronized (this) {
            before = this.observation;
            this.observation = observation;
        }
        if (before != null && before != observation) {
            observation.replaces(before);
        }
    }

    public boolean isCancelled() {
        return cancelled || !channel.isOpen();
    }

    /**
     * The time limit of the item this request runs ({@code mcp.<kind>.<name>.timeout}), set once the pipeline has
     * resolved it; empty until then or when the item has none, and then {@code mcp.execution.timeout} applies.
     */
    public Optional<TimeLimit> ownTimeLimit() {
        return Optional.ofNullable(ownTimeLimit);
    }

    /** Gives this request the time limit of the item it runs (read by whoever watches the call's deadline). */
    public void limitTime(TimeLimit limit) {
        ownTimeLimit = limit;
    }

    /**
     * The place this request holds of its item's bound of calls at once ({@code mcp.<kind>.<name>.max-concurrent}),
     * given back by {@code release}: when the request ends, unless work that outlives it takes the place over
     * ({@link #takeItemPlace()}).
     */
    public void holdItemPlace(Runnable release) {
        itemPlace.set(release);
    }

    /**
     * Takes over the place held of the item's bound: what gives it back (to be run once, when the work ends), or
     * nothing to do when no place is held or it was taken already.
     */
    public Runnable takeItemPlace() {
        Runnable release = itemPlace.getAndSet(null);
        return release == null ? () -> { } : release;
    }

    /** Marks the request cancelled; a handler waiting for the client's answer to a server-to-client request stops waiting. */
    public void cancel() {
        cancelled = true;
        cancellation.complete(null);
    }

    /**
     * The request was answered with {@code error} before its handler returned (its deadline passed, its caller's token
     * was revoked) and is cancelled: its observation records that answer, whatever the handler returns later.
     */
    public void answeredEarly(McpException error) {
        answering(error);
        cancel();
    }

    /**
     * The request is being answered with {@code error} before its handler returned, and is to be cancelled once the
     * answer is written ({@link #answeredEarly}): its observation records that answer from now on, also when what the
     * write completes ends the handler first. A second call keeps the first answer.
     */
    public synchronized void answering(McpException error) {
        if (earlyAnswer == null) {
            earlyAnswerNanos = System.nanoTime();
            earlyAnswer = error;
        }
    }

    /** The error the request was answered with before its handler returned, if it was. */
    public Optional<McpException> earlyAnswer() {
        return Optional.ofNullable(earlyAnswer);
    }

    /** {@link System#nanoTime()} when the {@link #earlyAnswer()} was given; meaningful only when there is one. */
    public long earlyAnswerNanos() {
        return earlyAnswerNanos;
    }

    /**
     * Gives a retried modern request the client's answers (from its request state and input responses), each bound to
     * the question it answers ({@code questions}, by key, as {@link RequestStateCodec#question} digests it): a handler
     * that asks something else under the key does not get it.
     */
    public void resume(Map<String, JsonValue> answers, Map<String, String> questions) {
        answers.forEach((key, answer) -> {
            String question = questions.get(key);
            if (question != null) {
                inputResponses.put(key, answer);
                answeredQuestions.put(key, question);
            }
        });
    }

    /** The longest string {@code _meta.progressToken} may be: every progress notification of the request repeats it. */
    public static final int PROGRESS_TOKEN_MAX_LENGTH = 1024;

    /**
     * Refuses (-32602) a {@code _meta.progressToken} that is neither a string nor a number (the schema of every revision
     * says {@code string | number}), or a string longer than {@link #PROGRESS_TOKEN_MAX_LENGTH}: each progress
     * notification carries the token again, so a large one would make a request's few bytes of progress cost the server
     * the token's size each time. Numbers are bounded by the JSON reader already; null counts as no token.
     */
    public static void checkProgressToken(JsonObject params) {
        JsonValue token = progressTokenIn(params);
        if (token instanceof JsonString s) {
            if (s.getString().length() > PROGRESS_TOKEN_MAX_LENGTH) {
                throw McpException.invalidParams("Invalid params: _meta.progressToken is longer than "
                        + PROGRESS_TOKEN_MAX_LENGTH + " characters");
            }
        } else if (token != null && token.getValueType() != JsonValue.ValueType.NUMBER) {
            throw McpException.invalidParams("Invalid params: _meta.progressToken must be a string or a number, not "
                    + token.getValueType().name().toLowerCase(Locale.ROOT));
        }
    }

    public Optional<JsonValue> progressToken() {
        return Optional.ofNullable(progressTokenIn(params));
    }

    /** {@code _meta.progressToken} of the params, or null when there is none (JSON null included). */
    private static JsonValue progressTokenIn(JsonObject params) {
        if (params == null || !(params.get("_meta") instanceof JsonObject meta)) {
            return null;
        }
        JsonValue token = meta.get("progressToken");
        return token == null || token.getValueType() == JsonValue.ValueType.NULL ? null : token;
    }

    /**
     * Sends a progress notification if the client asked for them; only one whose progress is greater than the last
     * one sent ("The progress value MUST increase with each notification", basic/utilities/progress, every revision)
     * and finite, with a finite total (JSON has no NaN or infinity): others are left out.
     */
    public void progress(double progress, Double total, String message) {
        if (!Double.isFinite(progress) || total != null && !Double.isFinite(total)) {
            return;
        }
        Optional<JsonValue> token = progressToken();
        synchronized (progressOrder) {
            if (progress <= lastProgress) {
                return;
            }
            lastProgress = progress;
            token.ifPresent(t -> {
                JsonObjectBuilder p = JsonFactory.createObjectBuilder().add("progressToken", t).add("progress", progress);
                if (total != null) {
                    p.add("total", total);
                }
                if (message != null) {
                    p.add("message", message);
                }
                channel.notify(JsonRpc.notification("notifications/progress", p.build()));
            });
        }
    }

    /** The threshold for log notifications: per request in modern revisions, per session in legacy ones. Empty means send none. */
    public Optional<LogLevel> logThreshold() {
        if (revision.isModern()) {
            return Optional.ofNullable(requestLogLevel);
        }
        return session == null ? Optional.empty() : session.logLevel();
    }

    public void log(LogLevel level, String logger, JsonValue data) {
        Optional<LogLevel> threshold = logThreshold();
        if (threshold.isEmpty() || level.compareTo(threshold.get()) < 0) {
            return;
        }
        JsonObjectBuilder p = JsonFactory.createObjectBuilder().add("level", level.wire());
        if (logger != null) {
            p.add("logger", logger);
        }
        p.add("data", data == null ? JsonValue.NULL : data);
        channel.notify(JsonRpc.notification("notifications/message", p.build()));
    }

    /**
     * Asks the client for what {@code requests} describe (keys are the caller's names for them) and returns the
     * client's results under the same keys. Legacy revisions send each as a request on this request's stream and wait;
     * modern ones use multi round-trip requests: the answers come from the retried request's {@code inputResponses}
     * (or its sealed {@code requestState}), each only for the question asked under its key when it was given (a key
     * asked with another question is asked again), and while any is missing the handler is stopped with
     * {@link InputRequiredSignal} so that the client is asked for all missing ones at once. Detached work (a task)
     * sends all of them through its channel at once and waits for every answer. However it came, an answer holding a
     * number beyond {@link JsonNumbers}' bound is refused (-32602) before the caller gets it.
     */
    public Map<String, JsonObject> ask(Map<String, InputRequest> requests) {
        if (requests.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (InputRequest r : requests.values()) {
            for (String[] path : requiredCapabilities(r, revision)) {
                if (!declares(path)) {
                    missing.computeIfAbsent(path[0], k -> new TreeSet<>()).addAll(path.length == 1 ? Set.of() : Set.of(path[1]));
                }
            }
        }
        if (!missing.isEmpty()) {
            JsonObjectBuilder requiredBuilder = JsonFactory.createObjectBuilder();
            missing.forEach((capability, members) -> {
                JsonObjectBuilder m = JsonFactory.createObjectBuilder();
                members.forEach(member -> m.add(member, JsonValue.EMPTY_JSON_OBJECT));
                requiredBuilder.add(capability, m);
            });
            JsonObject required = requiredBuilder.build();
            throw new McpException(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY,
                    "The client did not declare the capabilities this request needs: " + String.join(", ", required.keySet()),
                    JsonFactory.createObjectBuilder().add("requiredCapabilities", required).build(), McpException.Reason.BAD_REQUEST);
        }
        Map<String, JsonObject> answers = new LinkedHashMap<>();
        if (detached) {
            if (isCancelled()) {
                throw cancelledWhileWaiting(requests.values().iterator().next().method());
            }
            Map<String, CompletableFuture<JsonObject>> sent = new LinkedHashMap<>();
            long deadline = System.nanoTime() + clientRequestTimeout.toNanos();
            try {
                // sent inside: a question the channel could not send (the grid did not answer) cancels those sent before
                // it, which leave the task's outstanding questions, instead of waiting there for good
                requests.forEach((key, r) -> sent.put(key, channel.request(key, r.method(), r.params())));
                for (Map.Entry<String, CompletableFuture<JsonObject>> e : sent.entrySet()) {
                    String clientMethod = requests.get(e.getKey()).method();
                    answers.put(e.getKey(), bounded(await(e.getValue(), clientMethod, Math.max(0, deadline - System.nanoTime())), clientMethod));
                }
            } finally {
                sent.values().forEach(f -> f.cancel(false));
            }
            return answers;
        }
        if (revision.isModern()) {
            requests.forEach((key, r) -> {
                JsonObject inputRequest = JsonFactory.createObjectBuilder().add("method", r.method())
                        .add("params", r.params() == null ? JsonValue.EMPTY_JSON_OBJECT : r.params()).build();
                String question = RequestStateCodec.question(inputRequest);
                askedQuestions.put(key, question);
                if (inputResponses.get(key) instanceof JsonObject answer && answers(key, question)) {
                    answers.put(key, bounded(answer, r.method()));
                    usedAnswers.put(key, answer);
                } else {
                    usedAnswers.remove(key); // asked again as another question: the earlier answer is not this one's
                    pendingInputRequests.put(key, inputRequest);
                }
            });
            if (answers.size() < requests.size()) {
                throw new InputRequiredSignal();
            }
            return answers;
        }
        requests.forEach((key, r) -> answers.put(key, bounded(sendAndWait(r), r.method())));
        return answers;
    }

    /** Whether the answer under {@code key} answers {@code question}: the one the server asked under that key. */
    private boolean answers(String key, String question) {
        String answered = answeredQuestions.get(key);
        return answered == null || answered.equals(question);
    }

    /**
     * The client's result {@code answer} to {@code clientMethod}, as author code may get it: a number anywhere in it
     * beyond {@link JsonNumbers}' bound is refused (-32602, naming the path), whichever way the answer came.
     */
    private static JsonObject bounded(JsonObject answer, String clientMethod) {
        String problem = JsonNumbers.problem(answer);
        if (problem != null) {
            throw McpException.invalidParams("Invalid params: the client's " + clientMethod + " result: " + problem);
        }
        return answer;
    }

    /**
     * The client capabilities a question needs, as paths: its own, except that a form mode elicitation (one that is not
     * in the url mode) needs {@code elicitation.form}: a client may support the url mode only, and must then not be
     * sent a form (client/elicitation, 2025-11-25 and 2026-07-28); and a sampling request with {@code tools} or
     * {@code toolChoice} also needs {@code sampling.tools}, one with {@code includeContext} {@code thisServer} or
     * {@code allServers} also {@code sampling.context} (from 2025-11-25 on, the revision that made it).
     */
    private static List<String[]> requiredCapabilities(InputRequest r, ProtocolRevision revision) {
        JsonObject params = r.params() == null ? JsonValue.EMPTY_JSON_OBJECT : r.params();
        // from what is asked, not from the capability the InputRequest names (its constructor is public): a url mode
        // question named "elicitation" would otherwise go to a client that takes forms only
        String[] path = switch (String.valueOf(r.method())) {
            case "elicitation/create" -> new String[]{"elicitation", "url".equals(stringOrNull(params, "mode")) ? "url" : "form"};
            case "sampling/createMessage" -> new String[]{"sampling"};
            case "roots/list" -> new String[]{"roots"};
            // basic/patterns/mrtr: inputRequests hold an ElicitRequest, a CreateMessageRequest or a ListRootsRequest
            default -> throw new IllegalArgumentException("A server asks its client only elicitation/create,"
                    + " sampling/createMessage or roots/list, not " + r.method());
        };
        if (path[0].equals("sampling")) {
            // a sampling request with tools MUST NOT go to a client without sampling.tools, and the deprecated
            // includeContext values SHOULD only go to one with sampling.context (client/sampling; the schema)
            List<String[]> paths = new ArrayList<>();
            paths.add(path);
            if (params.containsKey("tools") || params.containsKey("toolChoice")) {
                paths.add(new String[]{"sampling", "tools"});
            }
            String context = stringOrNull(params, "includeContext");
            // sampling.context first exists in 2025-11-25; before, a client MAY ignore includeContext (the schema)
            if (("thisServer".equals(context) || "allServers".equals(context)) && revision.atLeast(ProtocolRevision.V2025_11_25)) {
                paths.add(new String[]{"sampling", "context"});
            }
            return paths;
        }
        return List.<String[]>of(path);
    }

    private static String stringOrNull(JsonObject params, String name) {
        return params.get(name) instanceof JsonString value ? value.getString() : null;
    }

    /** Whether the client declared the capability at {@code path}; {@code elicitation: {}}, no mode named, means form. */
    private boolean declares(String[] path) {
        if (path.length == 1) {
            return clientCapabilities.containsKey(path[0]);
        }
        if (!(clientCapabilities.get(path[0]) instanceof JsonObject capability)) {
            return false;
        }
        return capability.containsKey(path[1])
                || path[0].equals("elicitation") && path[1].equals("form") && !capability.containsKey("url");
    }

    /** A key for a question whose asker gave none: the capability and a running number. */
    public String nextInputKey(String capability) {
        return capability + "-" + (++inputSequence);
    }

    private JsonObject sendAndWait(InputRequest request) {
        String clientMethod = request.method();
        if (isCancelled()) {
            throw cancelledWhileWaiting(clientMethod);
        }
        return await(channel.request(clientMethod, traced(request.params())), clientMethod, clientRequestTimeout.toNanos());
    }

    /**
     * {@code params} with the request's trace context in {@code _meta}, where the conventions have a request carry it,
     * so that the client's handling of the question is in the trace of the call that asked; keys already there stay.
     */
    private JsonObject traced(JsonObject params) {
        Map<String, String> context = observation == null ? Map.of() : observation.traceContext();
        if (context.isEmpty()) {
            return params;
        }
        JsonObject given = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        JsonObject meta = given.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        JsonObjectBuilder withContext = JsonFactory.createObjectBuilder(meta);
        context.forEach((key, value) -> {
            if (!meta.containsKey(key)) {
                withContext.add(key, value);
            }
        });
        return JsonFactory.createObjectBuilder(given).add("_meta", withContext).build();
    }

    /** The client's result for one question: waits at most {@code nanos}, or until the request is cancelled. */
    private JsonObject await(CompletableFuture<JsonObject> answer, String clientMethod, long nanos) {
        try {
            CompletableFuture.anyOf(answer, cancellation).get(nanos, TimeUnit.NANOSECONDS);
            if (!answer.isDone()) {
                giveUp(answer);
                throw cancelledWhileWaiting(clientMethod);
            }
            return resultOf(answer.get(), clientMethod);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(answer);
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Interrupted while waiting for the client's " + clientMethod + " answer");
        } catch (TimeoutException e) {
            giveUp(answer);
            throw new McpException(ErrorCode.INTERNAL_ERROR, "The client did not answer " + clientMethod + " within " + clientRequestTimeout);
        } catch (ExecutionException e) {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Could not send " + clientMethod + " to the client: " + e.getCause().getMessage());
        }
    }

    /** Stops waiting for {@code answer} and, if it was still to come, tells the client so. */
    private void giveUp(CompletableFuture<JsonObject> answer) {
        if (answer.cancel(false)) {
            channel.gaveUp(answer);
        }
    }

    /**
     * The result of the client's JSON-RPC {@code response} to {@code clientMethod}. Any message with a {@code result}
     * or an {@code error} member reaches here as a response, whatever their values: one that is no object is the
     * client's mistake, answered -32602 naming it, not a failure of the code that asked.
     */
    static JsonObject resultOf(JsonObject response, String clientMethod) {
        if (response.containsKey("error")) {
            if (!(response.get("error") instanceof JsonObject error)) {
                throw McpException.invalidParams("Invalid params: the client's " + clientMethod
                        + " response has an error that is no object");
            }
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Client answered " + clientMethod + " with an error: "
                    + error.getString("message", "") + " (" + error.getInt("code", 0) + ")");
        }
        JsonValue result = response.get("result");
        if (result == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (!(result instanceof JsonObject object)) {
            throw McpException.invalidParams("Invalid params: the client's " + clientMethod + " result is no object");
        }
        return object;
    }

    private static McpException cancelledWhileWaiting(String clientMethod) {
        return new McpException(ErrorCode.INTERNAL_ERROR, "Request cancelled while waiting for the client's " + clientMethod + " answer");
    }

    /** Input requests collected while a modern handler ran; non-empty after {@link InputRequiredSignal}. */
    public Map<String, JsonObject> pendingInputRequests() {
        return Collections.unmodifiableMap(pendingInputRequests);
    }

    /** Answers the handler asked for and got, to be sealed into the next round's requestState. */
    public Map<String, JsonValue> usedAnswers() {
        return Collections.unmodifiableMap(usedAnswers);
    }

    /** The question behind each key the handler asked (answered or still open), to be sealed with the answers. */
    public Map<String, String> askedQuestions() {
        return Collections.unmodifiableMap(askedQuestions);
    }

    public static final class Builder {
        private final ProtocolRevision revision;
        private final String method;
        private JsonValue requestId = JsonValue.NULL;
        private JsonObject params;
        private JsonObject clientCapabilities;
        private JsonObject clientInfo;
        private LogLevel requestLogLevel;
        private SessionView session;
        private Caller caller;
        private Connection connection;
        private ExchangeChannel channel;
        private Duration clientRequestTimeout = Duration.ofSeconds(60);
        private Map<String, JsonValue> inputResponses = Map.of();
        private Map<String, String> paramHeaders = Map.of();
        private Map<String, String> traceHeaders = Map.of();
        private boolean detached;

        private Builder(ProtocolRevision revision, String method) {
            this.revision = revision;
            this.method = method;
        }

        public Builder requestId(JsonValue v) { this.requestId = v; return this; }
        public Builder params(JsonObject v) { this.params = v; return this; }
        public Builder clientCapabilities(JsonObject v) { this.clientCapabilities = v; return this; }
        public Builder clientInfo(JsonObject v) { this.clientInfo = v; return this; }
        public Builder requestLogLevel(LogLevel v) { this.requestLogLevel = v; return this; }
        public Builder session(SessionView v) { this.session = v; return this; }
        public Builder caller(Caller v) { this.caller = v; return this; }
        public Builder connection(Connection v) { this.connection = v; return this; }
        public Builder channel(ExchangeChannel v) { this.channel = v; return this; }
        public Builder clientRequestTimeout(Duration v) { this.clientRequestTimeout = v; return this; }
        public Builder inputResponses(Map<String, JsonValue> v) { this.inputResponses = v; return this; }
        public Builder paramHeaders(Map<String, String> v) { this.paramHeaders = v; return this; }
        public Builder traceHeaders(Map<String, String> v) { this.traceHeaders = v; return this; }

        public Exchange build() {
            return new Exchange(this);
        }
    }
}
