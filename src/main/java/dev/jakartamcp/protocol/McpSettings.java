package dev.jakartamcp.protocol;

import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.limits.RateLimit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every operator setting, read from MicroProfile Config (system properties, environment, Payara's
 * {@code asadmin set-config-property}, Liberty's {@code server.xml} variables) at the moment it is used, so that a
 * changed value takes effect without a redeploy where that makes sense.
 *
 * <p>Values are strict: a malformed one ({@code yes} for a boolean, {@code 10x} for a number, a negative limit) is an
 * {@link IllegalStateException} naming the property, never a silent default. {@link StartupCheck} reads every
 * setting once while the application starts, so a typo stops the deployment; a live setting broken later is reported
 * where it is used. Durations are ISO-8601 ({@code PT30S}) or whole seconds ({@code 30}).
 */
@ApplicationScoped
public class McpSettings {
    /**
     * How long a value read from MicroProfile Config is used before it is read again. A lookup through the server's
     * config sources costs more than the rest of a small request (13 % of a {@code tools/call} on Payara Micro, where
     * every lookup walks the sources and resolves expressions); a live setting therefore takes effect within this time
     * on top of the server's own config cache.
     */
    static final long REREAD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /**
     * Distinct properties remembered at most; beyond that, values are read through. Names come from code (about a
     * hundred) and from deployed items (seven or eight overrides each), so this holds the overrides of some 32,000 items,
     * more than a deployment offers (a list of them all would be megabytes), at about 150 bytes a name.
     */
    static final int MAX_REMEMBERED = 1 << 18;
    /**
     * A remembered value not read for this long is forgotten when new names come: the overrides of items removed while
     * running (or registered under other names) do not stay for ever.
     */
    static final long FORGET_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Function<String, Optional<String>> source;
    /** Parsed values by key, each with the text it was parsed from: parsed again only when that text changes. */
    private final java.util.concurrent.ConcurrentHashMap<String, Parsed> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    private record Parsed(String text, Object value) {
    }

    /** Settings from MicroProfile Config, each value reread at most every {@link #REREAD_NANOS}. */
    public McpSettings() {
        this(new Reread(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class), System::nanoTime));
    }

    @Resource
    ManagedThreadFactory threads;

    /** The thread values are read again on (MicroProfile Config only), or null. */
    private ExecutorService rereading;

    /**
     * Values due again are read on a thread of their own, not on the request that finds them due: a config source may
     * wait (Payara's cluster config source reads each key from the data grid, and a member that does not answer held
     * such a request for the grid's own timeouts). Started on the thread that makes the bean, which has the
     * application's context.
     */
    @PostConstruct
    void startRereading() {
        if (threads != null && source instanceof Reread reread) {
            rereading = OneManagedThread.startNow(threads);
            reread.rereadOn(rereading, Thread.currentThread().getContextClassLoader());
        }
    }

    @PreDestroy
    void stopRereading() {
        if (rereading != null) {
            rereading.shutdownNow();
        }
    }

    /** Settings from {@code source} (tests, tools). */
    public McpSettings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    public Optional<String> string(String key) {
        Optional<String> value = source.apply(key);
        return value == null ? Optional.empty() : value.map(String::trim).filter(s -> !s.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /**
     * The value of {@code key} as {@code parse} makes it, remembered with its text: a request reads a dozen settings,
     * and parsing them each time (URLs, icons, lists, numbers) cost 5 % of a {@code tools/call}. A failure is not
     * remembered: the next read fails again, naming the property. {@code type} keeps two readings of one key as
     * different types apart.
     */
    <T> Optional<T> parsed(String key, Class<T> type, Function<String, T> parse) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get();
        Parsed known = parsed.get(key);
        if (known != null && known.text().equals(value) && type.isInstance(known.value())) {
            return Optional.of(type.cast(known.value()));
        }
        T result = parse.apply(value);
        if (known != null || parsed.size() < MAX_REMEMBERED) {
            parsed.put(key, new Parsed(value, result));
        }
        return Optional.of(result);
    }

    /** How many values the source remembers (tests); -1 when it is not a {@link Reread}. */
    int remembered() {
        return source instanceof Reread reread ? reread.size() : -1;
    }

    public boolean bool(String key, boolean defaultValue) {
        return parsed(key, Boolean.class, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, v, "expected true or false");
        }).orElse(defaultValue);
    }

    public long number(String key, long defaultValue) {
        return number(key).orElse(defaultValue);
    }

    /** A number of at least {@code min}. */
    public long number(String key, long defaultValue, long min) {
        long value = number(key, defaultValue);
        if (value < min) {
            throw invalid(key, String.valueOf(value), "must be at least " + min);
        }
        return value;
    }

    /** A number from {@code min} to {@code max}: a value beyond either is invalid, never silently moved within. */
    public long number(String key, long defaultValue, long min, long max) {
        long value = number(key, defaultValue, min);
        if (value > max) {
            throw invalid(key, String.valueOf(value), "must be at most " + max);
        }
        return value;
    }

    public Duration duration(String key, Duration defaultValue) {
        return duration(key).orElse(defaultValue);
    }

    /** The duration {@code key} is set to, if it is set. */
    public Optional<Duration> duration(String key) {
        return parsed(key, Duration.class, v -> parseDuration(key, v));
    }

    /** The whole number {@code key} is set to, if it is set. */
    public Optional<Long> number(String key) {
        return parsed(key, Long.class, v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw invalid(key, v, "expected a whole number");
            }
        });
    }

    /** The absolute URL {@code key} is set to, if it is set. */
    public Optional<java.net.URI> uri(String key) {
        return parsed(key, java.net.URI.class, v -> {
            try {
                return new java.net.URI(v);
            } catch (java.net.URISyntaxException e) {
                throw invalid(key, v, "not a URL: " + e.getReason());
            }
        });
    }

    /** A positive duration. */
    public Duration positiveDuration(String key, Duration defaultValue) {
        Duration value = duration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw invalid(key, value.toString(), "must be positive");
        }
        return value;
    }

    /** A positive duration of at least {@code min}. */
    public Duration positiveDuration(String key, Duration defaultValue, Duration min) {
        Duration value = positiveDuration(key, defaultValue);
        if (value.compareTo(min) < 0) {
            throw invalid(key, value.toString(), "must be at least " + min);
        }
        return value;
    }

    /**
     * The comma list {@code key}, empty entries left out; empty when unset. Set to commas only it is invalid: read as
     * unset it fell back to the default (allowed algorithms, token types, roles claims) or to none (audit redaction).
     */
    public List<String> list(String key) {
        return parsed(key, List.class, v -> {
            List<String> entries = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (entries.isEmpty()) {
                throw invalid(key, v, "a list without a single entry");
            }
            return entries;
        }).orElse(List.of());
    }

    public Optional<RateLimit> rateLimit(String key) {
        return parsed(key, RateLimit.class, v -> {
            try {
                return RateLimit.parse(v);
            } catch (IllegalArgumentException e) {
                throw invalid(key, v, e.getMessage());
            }
        });
    }

    /** {@code none}, {@code optional} or {@code required}; empty when unset. */
    public Optional<TaskSupport> taskSupport(String key) {
        return parsed(key, TaskSupport.class, v -> TaskSupport.fromWire(v.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> invalid(key, v, "expected none, optional or required")));
    }

    /**
     * A duration as ISO-8601 or whole seconds, shorter than 292 years: durations are used as milliseconds and
     * nanoseconds ({@code ttlMs}, timers, deadlines), and one whose nanoseconds do not fit a {@code long} would throw
     * {@link ArithmeticException} at every use instead of stopping the deployment here.
     */
    public static Duration parseDuration(String key, String value) {
        Duration duration;
        if (isWholeSeconds(value)) {
            duration = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(key, value, "expected an ISO-8601 duration such as PT30S or whole seconds");
            }
        }
        try {
            duration.toNanos();
        } catch (ArithmeticException e) {
            throw invalid(key, value, "too long: at most 292 years");
        }
        return duration;
    }

    public static IllegalStateException invalid(String key, String value, String why) {
        return new IllegalStateException("Invalid value for " + key + ": '" + Texts.cut(value, 100) + "' (" + why + ")");
    }

    // ------------------------------------------------------------------------------------------------ identity

    public String serverName() {
        return string("mcp.server.name", "jakarta-mcp-server");
    }

    public String serverTitle() {
        return string("mcp.server.title", "Jakarta MCP Server");
    }

    public String serverVersion() {
        return string("mcp.server.version", "0.1.0");
    }

    public Optional<String> instructions() {
        return string("mcp.server.instructions");
    }

    /**
     * {@code mcp.server.icons}: the server's icons, a JSON array of {@code {"src", "mimeType"?, "sizes"?, "theme"?}}
     * ({@code https} or {@code data:image} sources only). Live.
     *
     * @throws IllegalStateException naming the property when the value is not such an array
     */
    public Optional<jakarta.json.JsonArray> serverIcons() {
        return parsed("mcp.server.icons", jakarta.json.JsonArray.class, v -> {
            try (jakarta.json.JsonReader reader = JsonFactory.createReader(new java.io.StringReader(v))) {
                return Icons.of(Icons.parse(reader.readValue(), "the server"), "the server");
            } catch (jakarta.json.JsonException | IllegalArgumentException e) {
                throw invalid("mcp.server.icons", v, e.getMessage());
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    public long maxRequestBytes() {
        // a body is read into one array: at most 1 GiB, well inside what a Java array holds
        return number("mcp.max-request-bytes", 4L * 1024 * 1024, 1024, MAX_REQUEST_BYTES);
    }

    static final long MAX_REQUEST_BYTES = 1L << 30;

    /**
     * Live: how long a request's body may take to arrive, all of it (at least a second). A client trickling its body
     * holds one of the container's threads while it is read; beyond, the request is answered 408 and its connection
     * closed.
     */
    public Duration requestBodyTimeout() {
        return positiveDuration("mcp.request-body.timeout", Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    /** Live: how many request bodies of one caller are read at once; beyond, 429 before the body is read. */
    public int maxRequestBodiesPerCaller() {
        return positiveInt("mcp.request-body.max-per-caller", 8);
    }

    /**
     * {@code mcp.json.max-depth} (default 64): the deepest nesting of JSON objects and arrays a request body may have;
     * the top-level object is depth 1; at most {@link #MAX_JSON_DEPTH}. Live.
     *
     * @throws IllegalStateException naming the property when the value is not a whole number from 1 to 500
     */
    public int maxJsonDepth() {
        return (int) number("mcp.json.max-depth", 64, 1, MAX_JSON_DEPTH);
    }

    /**
     * The most {@code mcp.json.max-depth} may be: below the JSON parsers' own nesting limit (Parsson stops at 1,000
     * with an exception of no JSON kind), so that a deep body always meets this server's check, a 400.
     */
    public static final int MAX_JSON_DEPTH = 500;

    /**
     * {@code mcp.json.max-values} (default 100,000): the most values a request body may hold, every object, array,
     * string, number, {@code true}, {@code false} and {@code null} counted, keys not. Live.
     *
     * @throws IllegalStateException naming the property when the value is not a whole number of at least 1
     */
    public int maxJsonValues() {
        return positiveInt("mcp.json.max-values", 100_000);
    }

    /**
     * {@code mcp.batch.max-size} (default 64): the most messages one JSON-RPC batch (protocol version 2025-03-26) may
     * hold. Live.
     *
     * @throws IllegalStateException naming the property when the value is not a whole number of at least 1
     */
    public int maxBatchSize() {
        return positiveInt("mcp.batch.max-size", 64);
    }

    /**
     * {@code mcp.resource} (default {@code http://127.0.0.1:8080/mcp}): the canonical URL of the MCP endpoint. The
     * transport accepts its host in the Host header and its origin in the Origin header. Not live: the transport's
     * Host and Origin rules and the security mechanism each read it once, as the application starts.
     *
     * @throws IllegalStateException naming the property when the value is not an absolute http(s) URL with a host
     */
    public String resource() {
        return parsed("mcp.resource", String.class, McpSettings::checkedResource).orElseGet(() -> checkedResource("http://127.0.0.1:8080/mcp"));
    }

    private static String checkedResource(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                return value; // ASCII: it goes into WWW-Authenticate challenges as it is
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalStateException("mcp.resource must be an absolute http or https URL with a host, in ASCII (other"
                + " characters percent-encoded), not '" + value + "'");
    }

    /** The value of {@code key} as a whole number of at least 1, else {@code defaultValue} when unset. */
    private int positiveInt(String key, int defaultValue) {
        long value = number(key, defaultValue, 1);
        if (value > Integer.MAX_VALUE) {
            throw invalid(key, String.valueOf(value), "must be at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /**
     * A DNS name or IPv4 address: labels of letters, digits, {@code _} and inner {@code -}, no empty one, no wildcard; a
     * fully qualified name may end in a dot, as a Host header may carry it ({@code curl http://gateway.example.com./}).
     */
    private static final String NAME = "[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?";
    /** A port that a request can carry: 1 to 65535 without leading zeros (checked by {@link #portInRange}). */
    private static final String PORT = "(?::(?<port>[1-9][0-9]{0,4}))?";
    /** An origin as a browser sends it: scheme "://" host [":" port], no path, query, fragment or userinfo. */
    private static final java.util.regex.Pattern ORIGIN_ENTRY = java.util.regex.Pattern.compile(
            "[A-Za-z][A-Za-z0-9+.-]*://(?:" + NAME + "|\\[[0-9A-Fa-f:.]+\\])" + PORT);
    /** host [":" port]: a DNS name or IPv4 address, or an IPv6 literal (in brackets when a port follows). */
    private static final java.util.regex.Pattern HOST_ENTRY = java.util.regex.Pattern.compile(
            "(?:" + NAME + "|\\[[0-9A-Fa-f:.]+\\])" + PORT + "|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * {@code mcp.allowed-origins}: origins ({@code https://app.example.com}) or {@code *}. Live. An entry no Origin
     * header can equal ({@code app.example.com}, {@code https://app.example.com/}, {@code null}) is an invalid value,
     * not an entry that silently never matches.
     */
    public List<String> allowedOrigins() {
        return entries("mcp.allowed-origins", ORIGIN_ENTRY, false, "origins are scheme://host[:port] without a path or wildcard, the port from 1 to 65535, or *");
    }

    /**
     * {@code mcp.allowed-hosts}: host names or addresses, ports ignored, or {@code *}. Live. An entry no Host header
     * can name ({@code https://gateway.example.com}, {@code gateway/mcp}) is an invalid value.
     */
    public List<String> allowedHosts() {
        return entries("mcp.allowed-hosts", HOST_ENTRY, true, "hosts are a name or address with an optional :port from 1 to 65535, or *");
    }

    private static boolean portInRange(java.util.regex.Matcher m) {
        if (!m.matches()) {
            return false;
        }
        String port = m.group("port");
        return port == null || Integer.parseInt(port) <= 65535;
    }

    /**
     * Whether an entry's IPv6 literal, in brackets (or, where {@code bare}, an entry of two colons or more) is no IPv6
     * address ({@code 1::2::3}, {@code [:]}): the pattern takes any hex digits, colons and dots, but a request's Host or
     * Origin is compared by the address it names, and such an entry would never match.
     */
    private static boolean badIpv6Literal(String entry, boolean bare) {
        int open = entry.indexOf('[');
        String literal = open >= 0 ? entry.substring(open + 1, entry.indexOf(']', open))
                : bare && entry.chars().filter(c -> c == ':').count() >= 2 ? entry : null;
        if (literal == null) {
            return false;
        }
        try {
            // bracketed, so InetAddress parses the literal and never asks DNS
            return !(java.net.InetAddress.getByName("[" + literal + "]") instanceof java.net.Inet6Address);
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }

    /** The comma list {@code key}, each entry {@code *} or matching {@code entry}; else invalid, naming the entries. */
    @SuppressWarnings("unchecked")
    private List<String> entries(String key, java.util.regex.Pattern entry, boolean bareIpv6, String expected) {
        return parsed(key, List.class, v -> {
            List<String> values = Arrays.stream(v.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
            if (values.isEmpty()) {
                throw invalid(key, v, "a list without a single entry");
            }
            List<String> wrong = values.stream()
                    .filter(e -> !e.equals("*") && (!portInRange(entry.matcher(e)) || badIpv6Literal(e, bareIpv6))).toList();
            if (!wrong.isEmpty()) {
                throw invalid(key, v, expected + "; not: " + String.join(", ", wrong));
            }
            return values;
        }).orElse(List.of());
    }

    public int pageSize() {
        return (int) number("mcp.page-size", 50, 1, 1000);
    }

    /** {@code ttlMs} of cacheable results: at least {@code PT0S} (do not cache), as the schema's minimum of 0 demands. */
    public Duration cacheTtl() {
        Duration value = duration("mcp.cache.ttl", Duration.ofMinutes(1));
        if (value.isNegative()) {
            throw invalid("mcp.cache.ttl", value.toString(), "must not be negative");
        }
        return value;
    }

    /** {@code mcp.client-request.timeout} unless set. */
    public static final Duration DEFAULT_CLIENT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public Duration clientRequestTimeout() {
        return positiveDuration("mcp.client-request.timeout", DEFAULT_CLIENT_REQUEST_TIMEOUT);
    }

    static final Duration MIN_KEEP_ALIVE = Duration.ofMillis(100);

    public Duration keepAlive() {
        // a comment line every few milliseconds per stream would be load, not a keep-alive
        return positiveDuration("mcp.sse.keep-alive", Duration.ofSeconds(15), MIN_KEEP_ALIVE);
    }

    public Duration sseRetry() {
        return positiveDuration("mcp.sse.retry", Duration.ofSeconds(1));
    }

    // ------------------------------------------------------------------------------------------------ sessions

    public Duration sessionTimeout() {
        return positiveDuration("mcp.session.timeout", Duration.ofMinutes(10));
    }

    /** Sessions the server holds at most; a new initialize beyond gets 503. */
    public int maxSessions() {
        return (int) number("mcp.session.max", 10_000, 1, Integer.MAX_VALUE);
    }

    /** Sessions one caller holds at most; a new one ends the caller's least recently used ones beyond the limit. */
    public int maxSessionsPerCaller() {
        return (int) number("mcp.session.max-per-caller", 16, 1, Integer.MAX_VALUE);
    }

    /** Absolute lifetime of a session, whether it is used or holds open streams. */
    public Duration sessionMaxAge() {
        return positiveDuration("mcp.session.max-age", Duration.ofHours(24));
    }

    public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION = 100;

    public int maxSubscriptionsPerSession() {
        return (int) number("mcp.subscriptions.max-per-session", DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION, 0, Integer.MAX_VALUE);
    }

    // ------------------------------------------------------------------------------------------------ streams

    /** Long-lived streams (GET streams, subscriptions/listen) the server holds at most; beyond: 503. */
    public int maxStreams() {
        return (int) number("mcp.streams.max", 1000, 1, Integer.MAX_VALUE);
    }

    /** Bytes a stream holds for a client that does not take them; beyond, the stream is ended as a slow consumer. */
    public long streamMaxBufferedBytes() {
        return number("mcp.stream.max-buffered-bytes", 1_048_576, 1024);
    }

    /** Change notices waiting for their fan-out at most; beyond, the thread that changed a registry does the fan-out. */
    public int notificationsMaxBacklog() {
        return (int) number("mcp.notifications.max-backlog", 1000, 1, Integer.MAX_VALUE);
    }

    /** Long-lived streams one caller holds at most; beyond: 429. */
    public int maxStreamsPerCaller() {
        return (int) number("mcp.streams.max-per-caller", 8, 1, Integer.MAX_VALUE);
    }

    // ------------------------------------------------------------------------------------------------ rate limits

    /** Live: requests (POSTs) one caller may send per minute. */
    public RateLimit requestRateLimit() {
        long perMinute = number("mcp.rate-limit.requests-per-minute", DEFAULT_REQUESTS_PER_MINUTE, 1);
        try {
            return RateLimit.perMinute(perMinute);
        } catch (IllegalArgumentException e) { // more than one a nanosecond
            throw invalid("mcp.rate-limit.requests-per-minute", String.valueOf(perMinute), e.getMessage());
        }
    }

    /** How many callers the rate limiter tracks at once. */
    public int rateLimitMaxCallers() {
        return (int) number("mcp.rate-limit.max-tracked-callers", 100_000, 100, Integer.MAX_VALUE);
    }

    // ------------------------------------------------------------------------------------------------ cluster

    /** Whether sessions, streams, limits and secrets are shared through the application server's data grid. */
    public boolean clusterEnabled() {
        return bool("mcp.cluster.enabled", false);
    }

    /** How long the grid keeps the events of a resumable stream after its last event. */
    public Duration clusterStreamLogTtl() {
        return positiveDuration("mcp.cluster.stream-log-ttl", Duration.ofMinutes(10));
    }

    /** How many events of streams (and how many streams) the grid keeps for resumption, beyond which it drops the oldest. */
    public int clusterStreamLogMaxEvents() {
        return (int) number("mcp.cluster.stream-log-max-events", 100_000, 1000, Integer.MAX_VALUE);
    }

    /**
     * How long a grid call of a request waits for the grid before the request is answered 503 (reason {@code grid}):
     * a member that stops answering would otherwise hold it for the grid's own timeouts.
     */
    public Duration clusterGridTimeout() {
        return positiveDuration("mcp.cluster.grid-timeout", Duration.ofSeconds(5), Duration.ofMillis(100));
    }

    /**
     * The fewest members a node must see in its grid to be ready: a node cut off from the others forms a grid of its
     * own once they are declared dead, with sessions and counts of its own (split brain); below this it stays out of
     * rotation. A majority of the nodes that should run (2 of 3, 3 of 5) keeps the smaller side of any split out.
     */
    public int clusterMinMembers() {
        return positiveInt("mcp.cluster.min-members", 1);
    }

    // ------------------------------------------------------------------------------------------------ request state

    public Duration requestStateTtl() {
        return positiveDuration("mcp.request-state.ttl", Duration.ofMinutes(10));
    }

    /** The fewest UTF-8 bytes of {@code mcp.request-state.secret}: an HMAC-SHA256 key, as long as its output. */
    public static final int MIN_REQUEST_STATE_SECRET_BYTES = 32;

    /** {@code mcp.request-state.secret}, at least {@value #MIN_REQUEST_STATE_SECRET_BYTES} bytes; invalid, never shown, when shorter. */
    public Optional<String> requestStateSecret() {
        Optional<String> secret = string("mcp.request-state.secret");
        int bytes = secret.map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).orElse(MIN_REQUEST_STATE_SECRET_BYTES);
        if (bytes < MIN_REQUEST_STATE_SECRET_BYTES) {
            // a short key of sealed states anyone can collect is open to guessing offline
            throw invalid("mcp.request-state.secret", "(masked, " + bytes + " bytes)",
                    "must be at least " + MIN_REQUEST_STATE_SECRET_BYTES + " bytes (UTF-8), an HMAC-SHA256 key: e.g. openssl rand -base64 32");
        }
        return secret;
    }

    // ------------------------------------------------------------------------------------------------ operations

    /** The token permission that grants the operations API ({@code /mcp-admin}). Live. */
    public String opsRole() {
        return string("mcp.ops.role", "mcp-admin");
    }

    /** How long running requests may take to finish when the application stops; new ones get 503 meanwhile. */
    public Duration drainGrace() {
        Duration value = duration("mcp.drain.grace", Duration.ofSeconds(30));
        if (value.isNegative()) {
            throw invalid("mcp.drain.grace", value.toString(), "must not be negative");
        }
        return value;
    }

    // ------------------------------------------------------------------------------------------------ observability

    /** Argument names whose values never reach the audit trail's argument digest unless {@code mcp.audit.redact} says otherwise. */
    public static final List<String> DEFAULT_AUDIT_REDACT = List.of("password", "passwd", "secret", "token", "access_token",
            "refresh_token", "api_key", "apikey", "authorization", "credential", "credentials", "private_key");

    /** Live: whether audit records are written to the logger {@code dev.jakartamcp.audit} (the CDI event fires regardless). */
    public boolean auditEnabled() {
        return bool("mcp.audit.enabled", true);
    }

    public static final int DEFAULT_CONTAINER_LOG_MAX_PER_MINUTE = 10;
    /** mcp.rate-limit.requests-per-minute's default. */
    public static final long DEFAULT_REQUESTS_PER_MINUTE = 600;

    /** Live: records with a stack trace each of the server's throttled loggers writes a minute at most ({@code ContainerLogThrottle}). */
    public int containerLogMaxPerMinute() {
        return (int) number("mcp.container-log.max-per-minute", DEFAULT_CONTAINER_LOG_MAX_PER_MINUTE, 0, 100_000);
    }

    /** Audit records waiting to be written at most; beyond, the request thread writes them itself. */
    public int auditMaxBacklog() {
        return (int) number("mcp.audit.max-backlog", 1000, 1, Integer.MAX_VALUE);
    }

    /** How long records may wait with none written, more than the bound of them, before the trail counts as stalled. */
    public Duration auditStallTimeout() {
        return positiveDuration("mcp.audit.stall-timeout", Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    /** Live: {@code digest} (default) records the SHA-256 of the canonical arguments, {@code none} records nothing of them. */
    public boolean auditArgumentDigest() {
        String value = string("mcp.audit.arguments", "digest");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "digest" -> true;
            case "none" -> false;
            default -> throw invalid("mcp.audit.arguments", value, "expected digest or none");
        };
    }

    /**
     * Live: names of arguments (at any depth, case-insensitive) whose values are left out of the digest, so that a
     * low-entropy secret cannot be guessed from it; {@code none}, standing alone, redacts nothing.
     */
    public List<String> auditRedact() {
        List<String> names = list("mcp.audit.redact");
        if (names.isEmpty()) {
            return DEFAULT_AUDIT_REDACT;
        }
        if (names.stream().anyMatch(name -> name.equalsIgnoreCase("none"))) {
            if (names.size() > 1) {
                throw invalid("mcp.audit.redact", string("mcp.audit.redact", ""), "none redacts nothing, so it stands alone");
            }
            return List.of();
        }
        return names.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    public static final int DEFAULT_AUDIT_MAX_VALUE_LENGTH = 256;

    /** Live: the longest text (item name, URI, subject, client name…) an audit record keeps, in characters. */
    public int auditMaxValueLength() {
        return (int) number("mcp.audit.max-value-length", DEFAULT_AUDIT_MAX_VALUE_LENGTH, 16, 8192);
    }

    /** Live: whether {@code /mcp-metrics} answers. */
    public boolean metricsEnabled() {
        return bool("mcp.metrics.enabled", true);
    }

    /**
     * Live: the tokens revoked before their expiry, {@code mcp.auth.revoked-subjects} and
     * {@code mcp.auth.revoked-token-ids} (comma lists; every value is well formed, so reading them never fails).
     */
    public Revocations revocations() {
        Set<?> subjects = parsed("mcp.auth.revoked-subjects", Set.class, McpSettings::entrySet).orElse(Set.of());
        Set<?> tokenIds = parsed("mcp.auth.revoked-token-ids", Set.class, McpSettings::entrySet).orElse(Set.of());
        if (subjects.isEmpty() && tokenIds.isEmpty()) {
            return Revocations.NONE;
        }
        @SuppressWarnings("unchecked")
        Revocations revocations = new Revocations((Set<String>) subjects, (Set<String>) tokenIds);
        return revocations;
    }

    /**
     * The entries of a comma list, trimmed, empty ones left out; {@code \,} is a comma inside an entry (as MicroProfile
     * Config escapes one in a list): a subject may be a distinguished name, {@code CN=Alice\,OU=Eng}.
     */
    static Set<String> entrySet(String value) {
        Set<String> entries = new java.util.HashSet<>();
        StringBuilder entry = new StringBuilder();
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                entry.append(',');
                i++;
            } else if (c == ',') {
                String trimmed = entry.toString().trim();
                if (!trimmed.isEmpty()) {
                    entries.add(trimmed);
                }
                entry.setLength(0);
            } else {
                entry.append(c);
            }
        }
        return Set.copyOf(entries);
    }

    /** Live: the permission a scrape of {@code /mcp-metrics} needs in its bearer token; unset, it is open. */
    public Optional<String> metricsRole() {
        return string("mcp.metrics.role");
    }

    /** Series per metric (distinct attribute sets) kept at most; more go to one overflow series. */
    public int metricsMaxSeries() {
        return (int) number("mcp.metrics.max-series", 2000, 10, Integer.MAX_VALUE);
    }

    // ------------------------------------------------------------------------------------------------ tasks

    /**
     * The longest {@code mcp.tasks.ttl}: on a cluster the grid drops what it holds of a task (the task, its caller's
     * list, its runner) this long after its last write, whatever the task's own lifetime says.
     */
    public static final Duration MAX_TASK_TTL = Duration.ofDays(7);
    /** {@code mcp.tasks.max-result-bytes} unless set. */
    public static final int DEFAULT_MAX_TASK_RESULT_BYTES = 1024 * 1024;

    /** Live (for new tasks): how long a task and its result live, from its creation; work still running then stops. */
    public Duration taskTtl() {
        Duration value = positiveDuration("mcp.tasks.ttl", Duration.ofHours(1));
        if (value.compareTo(MAX_TASK_TTL) > 0) {
            throw invalid("mcp.tasks.ttl", value.toString(), "must be at most P7D");
        }
        return value;
    }

    /** Live: the polling interval tasks suggest to clients ({@code pollIntervalMs}). */
    public Duration taskPollInterval() {
        return positiveDuration("mcp.tasks.poll-interval", Duration.ofSeconds(1));
    }

    /** Live: tasks one caller holds at most, running or keeping a result; beyond: 429. */
    public int maxTasksPerCaller() {
        return positiveInt("mcp.tasks.max-per-caller", 100);
    }

    /**
     * Live: calls that run author code (tools/call, prompts/get, resources/read, completion/complete) at once on the
     * server's execution pool, waiting ones included; beyond: 503 with Retry-After and -31503, never a queue.
     */
    public int maxConcurrentExecutions() {
        return positiveInt("mcp.execution.max-concurrent", 256);
    }

    /**
     * Live: calls of one caller counted as for {@code mcp.execution.max-concurrent}, on this server; beyond: 429 with
     * Retry-After and -31429, so that one caller cannot take every place of the pool.
     */
    public int maxConcurrentExecutionsPerCaller() {
        return positiveInt("mcp.execution.max-concurrent-per-caller", 32);
    }

    /**
     * How long the HTTP thread that handed a call to the execution pool waits for its answer, to write it itself
     * (0 to 1 s; 0: never waits). It leaves earlier as soon as the answer becomes a stream.
     */
    public Duration answerWait() {
        Duration value = duration("mcp.execution.answer-wait", Duration.ofMillis(20));
        if (value.isNegative() || value.compareTo(Duration.ofSeconds(1)) > 0) {
            throw invalid("mcp.execution.answer-wait", value.toString(), "must be between PT0S and PT1S");
        }
        return value;
    }

    /**
     * Live: how long a call running author code on the execution pool may take before it is answered with -31504 and
     * cancelled (tasks have their own {@code mcp.tasks.ttl}); at least a second.
     */
    public Duration executionTimeout() {
        return callTimeout("mcp.execution.timeout").orElse(DEFAULT_EXECUTION_TIMEOUT);
    }

    /** mcp.execution.timeout's default. */
    public static final Duration DEFAULT_EXECUTION_TIMEOUT = Duration.ofMinutes(5);

    /** The most calls of an item at once ({@code mcp.<kind>.<name>.max-concurrent}), if set: from 1 to 2^31-1. */
    public Optional<Integer> maxConcurrent(String key) {
        return number(key).map(n -> {
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw invalid(key, String.valueOf(n), "must be from 1 to " + Integer.MAX_VALUE);
            }
            return n.intValue();
        });
    }

    /** A time limit of calls ({@code mcp.execution.timeout}, {@code mcp.<kind>.<name>.timeout}), if set; at least a second. */
    public Optional<Duration> callTimeout(String key) {
        Optional<Duration> value = duration(key);
        if (value.isPresent() && value.get().compareTo(Duration.ofSeconds(1)) < 0) {
            throw invalid(key, value.get().toString(), "must be at least PT1S");
        }
        return value;
    }

    /** Live: tasks the server holds at most; beyond: 503. */
    public int maxTasks() {
        return positiveInt("mcp.tasks.max", 1000);
    }

    /** Live: the largest result or error (serialised JSON, bytes) a task keeps; a larger one fails the task. */
    public int maxTaskResultBytes() {
        long value = number("mcp.tasks.max-result-bytes", DEFAULT_MAX_TASK_RESULT_BYTES, 1024);
        if (value > Integer.MAX_VALUE) {
            throw invalid("mcp.tasks.max-result-bytes", String.valueOf(value), "must be at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static boolean isWholeSeconds(String value) {
        if (value.isEmpty() || value.length() > 12) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A source that remembers each value for {@link #REREAD_NANOS}, and at most {@link #MAX_REMEMBERED} of them; values
     * not read for {@link #FORGET_NANOS} are swept out when new names come (at most once a minute, and only once there
     * are more than {@value #SWEEP_FROM}). When a value is due, one request reads it again — in the server, it hands
     * the reread to a thread of its own ({@link #rereadOn}) and goes on too —
     * while the others go on with the value they had: without that, every request thread that met the due value at
     * once walked the server's config sources (on Payara Micro under c=64 load 3 % of all CPU samples, for a handful
     * of due keys a second).
     *
     * <p>A reread that fails (Payara's cluster config source while the data grid stops, any other runtime exception of
     * a source) keeps the value read before for another {@link #REREAD_NANOS}, so requests go on and the failing
     * source is asked once per interval; the first failure of a streak is a WARNING (at most one a minute per key),
     * the others FINE. A key never read still fails: there is no value to keep, and a broken setting is an error.
     * Errors are not caught.
     */
    static final class Reread implements Function<String, Optional<String>> {
        private static final Logger LOG = Logger.getLogger(McpSettings.class.getName());
        private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
        private static final long SWEEP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
        static final int SWEEP_FROM = 4096;

        /**
         * {@code failing}: the last reread failed; {@code warnedAt}: when a failure of this key was last a WARNING;
         * {@code rereading}: a reread of it waits for or runs on {@link #rereads}.
         */
        private record Remembered(Optional<String> value, long readAt, boolean failing, long warnedAt, boolean rereading) {
            Remembered(Optional<String> value, long readAt, boolean failing, long warnedAt) {
                this(value, readAt, failing, warnedAt, false);
            }
        }

        private final Function<String, Optional<String>> source;
        private final java.util.function.LongSupplier clock;
        private final java.util.concurrent.ConcurrentHashMap<String, Remembered> values = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong sweptAt;
        /** Where values due again are read (the request that finds one due goes on with the value it had); null: inline. */
        private volatile java.util.concurrent.Executor rereads;
        /** The application's class loader, by which MicroProfile Config finds the application's config on {@link #rereads}. */
        private volatile ClassLoader application;

        /**
         * Values due again are read on {@code executor} from now on, at most one reread per key waiting or running:
         * a source that does not answer holds that executor's thread, never the requests, which keep the values they
         * had (and the keys' rereads wait there, one each, until it answers).
         */
        void rereadOn(java.util.concurrent.Executor executor, ClassLoader application) {
            this.application = application;
            rereads = executor;
        }

        Reread(Function<String, Optional<String>> source, java.util.function.LongSupplier clock) {
            this.source = source;
            this.clock = clock;
            this.sweptAt = new java.util.concurrent.atomic.AtomicLong(clock.getAsLong());
        }

        int size() {
            return values.size();
        }

        @Override
        public Optional<String> apply(String key) {
            long now = clock.getAsLong();
            Remembered known = values.get(key);
            if (known != null && (known.rereading() || now - known.readAt() < REREAD_NANOS)) {
                return known.value();
            }
            java.util.concurrent.Executor executor = rereads;
            if (known != null && !values.replace(key, known,
                    new Remembered(known.value(), now, known.failing(), known.warnedAt(), executor != null))) {
                return known.value(); // another request is reading it again
            }
            if (known != null && executor != null) {
                Remembered claimed = values.get(key);
                try {
                    executor.execute(() -> rereadAside(key, claimed));
                    return known.value();
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    values.replace(key, claimed, new Remembered(known.value(), now, known.failing(), known.warnedAt()));
                    // the application stops: read it here
                }
            }
            Optional<String> value;
            try {
                value = source.apply(key);
            } catch (RuntimeException e) {
                if (known == null) {
                    throw e;
                }
                return keptAfter(e, key, known, now);
            } catch (Error e) {
                if (known != null) {
                    values.put(key, known); // still due: the next request tries again
                }
                throw e;
            }
            if (value == null) {
                value = Optional.empty();
            }
            if (known == null && values.size() >= SWEEP_FROM) {
                forgetUnread(now);
            }
            if (known != null || values.size() < MAX_REMEMBERED) {
                long warnedAt = known == null ? now - WARN_EVERY_NANOS : known.warnedAt();
                values.put(key, new Remembered(value, now, false, warnedAt));
            }
            return value;
        }

        /** The reread of {@code key} on {@link #rereads}: the value read, or after a failure the one before, is remembered. */
        private void rereadAside(String key, Remembered claimed) {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(application); // MicroProfile Config finds the application's config by it
            try {
                Optional<String> value = source.apply(key);
                values.replace(key, claimed, new Remembered(value == null ? Optional.empty() : value, clock.getAsLong(), false, claimed.warnedAt()));
            } catch (RuntimeException e) {
                keptAfter(e, key, claimed, clock.getAsLong());
            } catch (Error e) {
                values.replace(key, claimed, new Remembered(claimed.value(), claimed.readAt() - REREAD_NANOS, claimed.failing(), claimed.warnedAt()));
                throw e;
            } finally {
                thread.setContextClassLoader(before);
            }
        }

        /** Removes the values not read for {@link #FORGET_NANOS}; one thread at a time, at most once a minute. */
        private void forgetUnread(long now) {
            long last = sweptAt.get();
            if (now - last >= SWEEP_EVERY_NANOS && sweptAt.compareAndSet(last, now)) {
                // not one whose reread waits: the next request would read it itself, from a source that may wait
                values.values().removeIf(v -> !v.rereading() && now - v.readAt() >= FORGET_NANOS);
            }
        }

        /** The value read before, kept until the next reread after {@code e}. */
        private Optional<String> keptAfter(RuntimeException e, String key, Remembered known, long now) {
            boolean warn = !known.failing() && now - known.warnedAt() >= WARN_EVERY_NANOS;
            values.put(key, new Remembered(known.value(), now, true, warn ? now : known.warnedAt()));
            LOG.log(warn ? Level.WARNING : Level.FINE, "Reading " + key
                    + " again failed; the value read before stays in use until a reread succeeds", e);
            return known.value();
        }
    }
}
