package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Texts;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A strict JSON reader for request bodies: exactly one JSON value in UTF-8, built into a {@link JsonValue} tree from
 * the events of the streaming {@link JsonParser}, refusing what a lax parser would quietly accept and what two
 * parsers (a gateway's and this server's) could read differently:
 * <ul>
 *   <li>bytes that are not well-formed UTF-8 (overlong forms, encoded surrogates, truncated sequences, bytes that
 *       never occur in UTF-8); a lax decoder would turn them into U+FFFD;</li>
 *   <li>a string or key holding an unpaired surrogate, escaped ({@code "\ud800"}) or not;</li>
 *   <li>a duplicate key in any object, at any depth (a lax reader keeps the last one, another reader the first);</li>
 *   <li>containers nested deeper than {@code maxDepth} (the top-level object or array is depth 1);</li>
 *   <li>more than {@code maxValues} values: every object, array, string, number, {@code true}, {@code false} and
 *       {@code null} counts one, keys do not (the body-size limit alone lets a 4 MiB body hold two million numbers,
 *       each of which the reader, the schema check and the audit digest would each visit);</li>
 *   <li>anything but whitespace after the value, and an empty or all-whitespace body.</li>
 * </ul>
 * Every refusal is a {@link Malformed} whose message is safe to show a client (values it quotes are sanitized and
 * shortened) and whose {@link Malformed#code() code} is JSON-RPC -32700 (Parse error).
 *
 * <p>The JSON-P provider and its parser factory are looked up once per class loader: {@code JsonFactory.createParser} and
 * {@code JsonFactory.createValue} do a {@link java.util.ServiceLoader} lookup on every call.
 *
 * <p>Memory: repeated keys, short strings and short numbers share one instance per parse, and empty objects and
 * arrays are the shared {@link JsonValue#EMPTY_JSON_OBJECT}/{@link JsonValue#EMPTY_JSON_ARRAY}, so that a body of
 * many small repeated values costs little more than the references to them (see {@code StrictJsonTest}).
 */
public final class StrictJson {
    static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
    /** Strings and numbers up to this length are shared within one parse. */
    private static final int SHARED_MAX_LENGTH = 32;
    /** At most this many distinct keys, strings and numbers are remembered for sharing within one parse. */
    private static final int SHARED_MAX_ENTRIES = 4096;
    /** Keys quoted in an error message, and each step of a quoted JSON pointer, are cut to this length. */
    private static final int QUOTED_MAX_LENGTH = 64;

    /** The longest number literal accepted (Parsson's own limit is 1100 characters). */
    static final int MAX_NUMBER_LENGTH = 1000;

    private final int maxDepth;
    private final int maxValues;
    private int values;
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, JsonValue> strings = new HashMap<>();
    private final Map<String, JsonValue> numbers = new HashMap<>();

    private StrictJson(int maxDepth, int maxValues) {
        this.maxDepth = maxDepth;
        this.maxValues = maxValues;
        this.levels = new Level[Math.min(maxDepth, 64)];
    }

    /**
     * The one JSON value in {@code utf8}.
     *
     * @param maxDepth the deepest nesting of objects and arrays allowed, at least 1
     * @param maxValues the most values (objects, arrays and scalars, not keys) allowed, at least 1
     * @throws Malformed when the body is refused; its message says why, for the client
     */
    public static JsonValue parse(byte[] utf8, int maxDepth, int maxValues) {
        if (maxDepth < 1 || maxValues < 1) {
            throw new IllegalArgumentException("maxDepth and maxValues must be at least 1: " + maxDepth + ", " + maxValues);
        }
        return new StrictJson(maxDepth, maxValues).read(utf8);
    }

    /** A refused body: {@link #getMessage()} is meant for the client, {@link #code()} is the JSON-RPC error code. */
    public static final class Malformed extends RuntimeException {
        private final int code;

        Malformed(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private static Malformed parseError(String detail) {
        return new Malformed(ErrorCode.PARSE_ERROR, "Parse error: " + detail);
    }

    // ------------------------------------------------------------------------------------------------ reading

    private JsonValue read(byte[] utf8) {
        if (blank(utf8)) {
            throw parseError("empty body");
        }
        Utf8Reader reader = new Utf8Reader(utf8);
        try (JsonParser parser = PARSERS.createParser(reader)) {
            JsonValue value = value(parser);
            boolean more;
            try {
                more = parser.hasNext();
            } catch (JsonParsingException e) {
                // the parser itself refuses a second value with its own wording
                if (reader.failure != null) {
                    throw reader.failure;
                }
                more = true;
            }
            if (more) {
                throw parseError("content after the JSON value" + location(parser));
            }
            return value;
        } catch (Malformed e) {
            throw e;
        } catch (JsonParsingException e) {
            throw reader.failure != null ? reader.failure : parseError(HttpChecks.sanitize(e.getMessage()));
        } catch (JsonException | NoSuchElementException | IllegalStateException | UnsupportedOperationException | ArithmeticException
                 | NumberFormatException e) {
            // an IOException from the reader (invalid UTF-8) arrives wrapped; the rest are the parser's own refusals
            // (Parsson refuses numbers beyond its own size limits with UnsupportedOperationException)
            throw reader.failure != null ? reader.failure : parseError("the body is not valid JSON");
        }
    }

    /** True when the body is nothing but JSON whitespace. */
    private static boolean blank(byte[] utf8) {
        for (byte b : utf8) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * One open container. Levels are reused for every container at the same depth, so that collecting members
     * allocates nothing but the container's final exact-size array.
     */
    private static final class Level {
        boolean object;
        /** Objects: key, value, key, value…; arrays: the values. */
        Object[] items = new Object[16];
        int count;
        String pendingKey;
        Set<String> names;

        void open(boolean isObject) {
            object = isObject;
            count = 0;
            pendingKey = null;
            names = null;
        }

        void add(Object item) {
            if (count == items.length) {
                items = Arrays.copyOf(items, count * 2);
            }
            items[count++] = item;
        }

        /** The JSON pointer step of the child being read: its key, or its index. */
        String childStep() {
            return object ? pendingKey : Integer.toString(count);
        }

        /** True when {@code key} is already a member; small objects are searched, larger ones kept in a set. */
        boolean hasKey(String key) {
            if (count <= 16) {
                for (int i = 0; i < count; i += 2) {
                    if (items[i].equals(key)) {
                        return true;
                    }
                }
                return false;
            }
            if (names == null) {
                names = new HashSet<>();
                for (int i = 0; i < count; i += 2) {
                    names.add((String) items[i]);
                }
            }
            return names.contains(key);
        }

        JsonValue close() {
            if (count == 0) {
                return object ? JsonValue.EMPTY_JSON_OBJECT : JsonValue.EMPTY_JSON_ARRAY;
            }
            JsonValue built = object
                    ? new CompactJson.CompactObject(Arrays.copyOf(items, count))
                    : new CompactJson.CompactArray(Arrays.copyOf(items, count, JsonValue[].class));
            if (items.length > 1024) {
                items = new Object[16];
            } else {
                Arrays.fill(items, 0, count, null);
            }
            names = null;
            return built;
        }
    }

    private Level[] levels;
    private int depth;

    /** The value that starts with the parser's next event, its containers built without recursion. */
    private JsonValue value(JsonParser parser) {
        while (true) {
            JsonParser.Event event = parser.next();
            if (event != JsonParser.Event.KEY_NAME && event != JsonParser.Event.END_OBJECT && event != JsonParser.Event.END_ARRAY
                    && ++values > maxValues) {
                throw parseError("the JSON value holds more than " + maxValues + " values (mcp.json.max-values)");
            }
            JsonValue done;
            switch (event) {
                case START_OBJECT, START_ARRAY -> {
                    if (depth >= maxDepth) {
                        throw parseError("the JSON value is nested deeper than " + maxDepth + " levels (mcp.json.max-depth)");
                    }
                    if (depth == levels.length) {
                        levels = Arrays.copyOf(levels, Math.min(maxDepth, 2 * depth));
                    }
                    if (levels[depth] == null) {
                        levels[depth] = new Level();
                    }
                    levels[depth++].open(event == JsonParser.Event.START_OBJECT);
                    continue;
                }
                case KEY_NAME -> {
                    Level top = levels[depth - 1];
                    String key = key(parser.getString());
                    if (top.hasKey(key)) {
                        throw parseError("duplicate key \"" + quoted(key) + "\" at " + pointer(key));
                    }
                    if (top.names != null) {
                        top.names.add(key);
                    }
                    top.pendingKey = key;
                    continue;
                }
                case END_OBJECT, END_ARRAY -> done = levels[--depth].close();
                case VALUE_STRING -> done = string(parser.getString());
                case VALUE_NUMBER -> done = number(parser);
                case VALUE_TRUE -> done = JsonValue.TRUE;
                case VALUE_FALSE -> done = JsonValue.FALSE;
                case VALUE_NULL -> done = JsonValue.NULL;
                default -> throw parseError("unexpected " + event);
            }
            if (depth == 0) {
                return done;
            }
            Level top = levels[depth - 1];
            if (top.object) {
                top.add(top.pendingKey);
                top.pendingKey = null;
            }
            top.add(done);
        }
    }

    private String key(String raw) {
        checkSurrogates(raw, true);
        String shared = keys.get(raw);
        if (shared != null) {
            return shared;
        }
        if (keys.size() < SHARED_MAX_ENTRIES) {
            keys.put(raw, raw);
        }
        return raw;
    }

    private JsonValue string(String raw) {
        checkSurrogates(raw, false);
        if (raw.length() > SHARED_MAX_LENGTH) {
            return PROVIDER.createValue(raw);
        }
        JsonValue shared = strings.get(raw);
        if (shared == null) {
            shared = PROVIDER.createValue(raw);
            if (strings.size() < SHARED_MAX_ENTRIES) {
                strings.put(raw, shared);
            }
        }
        return shared;
    }

    private JsonValue number(JsonParser parser) {
        String text = parser.getString();
        if (text.length() > MAX_NUMBER_LENGTH) {
            // no JSON-RPC id or MCP value needs it, and turning thousands of digits into a BigDecimal costs quadratic time
            throw parseError("a number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        if (text.length() > SHARED_MAX_LENGTH) {
            return parser.getValue();
        }
        JsonValue shared = numbers.get(text);
        if (shared == null) {
            shared = parser.getValue();
            if (numbers.size() < SHARED_MAX_ENTRIES) {
                numbers.put(text, shared);
            }
        }
        return shared;
    }

    /** Refuses a string holding an unpaired surrogate, which no UTF-8 text can carry (only a {@code \\u} escape). */
    private void checkSurrogates(String s, boolean isKey) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                String at = isKey || depth == 0 ? pointer(null) : pointer(levels[depth - 1].childStep());
                throw parseError(String.format("unpaired surrogate \\u%04x in a %s at %s", (int) c, isKey ? "key" : "string", at));
            }
        }
    }

    private static String location(JsonParser parser) {
        try {
            var l = parser.getLocation();
            return " (line " + l.getLineNumber() + ", column " + l.getColumnNumber() + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * The JSON pointer (RFC 6901) of the open containers, then {@code lastStep} if not null; each step cut short, the
     * whole sanitized; "the top level" for the empty pointer.
     */
    private String pointer(String lastStep) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth - 1; i++) {
            b.append('/').append(step(levels[i].childStep()));
        }
        if (lastStep != null) {
            b.append('/').append(step(lastStep));
        }
        return b.isEmpty() ? "the top level" : HttpChecks.sanitize(b.toString());
    }

    private static String step(String step) {
        return quoted(step).replace("~", "~0").replace("/", "~1");
    }

    /** {@code text} cut to {@value #QUOTED_MAX_LENGTH} characters, control characters and quotes replaced. */
    static String quoted(String text) {
        return HttpChecks.sanitize(Texts.cut(text, QUOTED_MAX_LENGTH));
    }

    // ------------------------------------------------------------------------------------------------ UTF-8

    /**
     * Decodes UTF-8 strictly (malformed input is an error, never U+FFFD). An error is kept in {@link #failure} and
     * reported to the parser as an {@link IOException}, which the parser wraps.
     */
    private static final class Utf8Reader extends Reader {
        private final ByteBuffer in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final CharBuffer buffer;
        private boolean ended;
        Malformed failure;

        Utf8Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
            // UTF-8 never decodes to more chars than it has bytes: a small body gets a small buffer, not 16 KiB
            this.buffer = CharBuffer.allocate(Math.max(64, Math.min(8192, bytes.length))).flip();
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!buffer.hasRemaining() && !fill()) {
                return -1;
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(target, offset, n);
            return n;
        }

        private boolean fill() throws CharacterCodingException {
            buffer.clear();
            while (buffer.position() == 0 && !ended) {
                CoderResult result = decoder.decode(in, buffer, true);
                if (result.isError()) {
                    int at = in.position();
                    failure = parseError("the body is not valid UTF-8 (" + describe(at, result.length()) + ")");
                    buffer.flip();
                    result.throwException();
                }
                if (result.isUnderflow()) {
                    decoder.flush(buffer);
                    ended = true;
                }
            }
            buffer.flip();
            return buffer.hasRemaining();
        }

        private String describe(int at, int length) {
            StringBuilder b = new StringBuilder("malformed sequence");
            for (int i = at; i < Math.min(at + Math.max(length, 1), in.limit()); i++) {
                b.append(String.format(" %02X", in.get(i) & 0xff));
            }
            return b.append(" at byte offset ").append(at).toString();
        }

        @Override
        public void close() {
            ended = true;
        }
    }
}
