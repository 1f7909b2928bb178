package dev.jakartamcp.fuzz;

import dev.jakartamcp.fuzz.FuzzContext.Session;
import dev.jakartamcp.fuzz.FuzzContext.Template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import static dev.jakartamcp.fuzz.FuzzContext.ACCEPT_BOTH;
import static dev.jakartamcp.fuzz.FuzzContext.CHANNELS_ARGS;
import static dev.jakartamcp.fuzz.FuzzContext.LEGACY;
import static dev.jakartamcp.fuzz.FuzzContext.META_CAPS;
import static dev.jakartamcp.fuzz.FuzzContext.META_INFO;
import static dev.jakartamcp.fuzz.FuzzContext.META_LOG;
import static dev.jakartamcp.fuzz.FuzzContext.META_VERSION;
import static dev.jakartamcp.fuzz.FuzzContext.MODERN;
import static dev.jakartamcp.fuzz.FuzzContext.V0326;
import static dev.jakartamcp.fuzz.FuzzContext.V0618;
import static dev.jakartamcp.fuzz.FuzzContext.V1125;
import static dev.jakartamcp.fuzz.FuzzContext.initializeBody;
import static dev.jakartamcp.fuzz.FuzzContext.legacyBody;
import static dev.jakartamcp.fuzz.FuzzContext.meta;
import static dev.jakartamcp.fuzz.FuzzContext.modernBody;
import static dev.jakartamcp.fuzz.FuzzContext.q;

/**
 * The request generators, one per category. Each turns (context, a random source seeded from the run's seed, the
 * category and the request's index, index) into one {@link Hostile} request, so a run is reproducible from its seed
 * whatever the thread interleaving.
 */
final class Categories {
    static final int MAX_BODY = 4 * 1024 * 1024;

    private Categories() {
    }

    interface Generator {
        Hostile make(FuzzContext c, SplittableRandom r, int index);
    }

    /** A burst: its name, how many requests, how many client threads, and the generator. */
    record Category(String name, int count, int threads, Generator generator, String description) {
    }

    /** The categories in the order they run (the destructive ones last), with counts scaled to {@code total}. */
    static List<Category> all(int total) {
        List<Category> list = new ArrayList<>();
        double scale = total / 10_000.0;
        list.add(new Category("broken-json", n(400, scale), 4, Categories::brokenJson, "truncated/garbled/garbage JSON bodies, both eras"));
        list.add(new Category("deep-nesting", n(400, scale), 4, Categories::deepNesting, "arrays/objects nested 10..10,000 levels in body, params, arguments, _meta, id, capabilities"));
        list.add(new Category("wrong-types", n(1300, scale), 4, Categories::wrongTypes, "every known field with every JSON type"));
        list.add(new Category("invalid-utf8", n(500, scale), 4, Categories::invalidUtf8, "invalid UTF-8 in strings, keys, headers; UTF-16/32 bodies; charsets"));
        list.add(new Category("unknown-methods", n(600, scale), 4, Categories::unknownMethods, "method names that do not exist, both eras, requests and notifications"));
        list.add(new Category("wrong-era", n(700, scale), 4, Categories::wrongEra, "notifications/responses/methods of one era sent to the other; foreign sessions"));
        list.add(new Category("duplicate-headers", n(700, scale), 4, Categories::duplicateHeaders, "duplicate MCP/auth/content headers and duplicate JSON keys"));
        list.add(new Category("header-injection", n(800, scale), 4, Categories::headerInjection, "CR/LF/NUL/control bytes in headers, overlong and many headers, bad request lines and framing"));
        list.add(new Category("host-origin", n(500, scale), 4, Categories::hostOrigin, "malformed/foreign Host and Origin"));
        list.add(new Category("http-methods", n(600, scale), 4, Categories::httpMethods, "GET/DELETE/PUT/PATCH/HEAD/OPTIONS/TRACE/junk methods, Last-Event-ID abuse"));
        list.add(new Category("bad-tokens", n(900, scale), 4, Categories::badTokens, "missing/expired/forged/malformed/oversized bearer tokens"));
        list.add(new Category("single-subject", n(600, scale), 4, Categories::singleSubject, "a mix of valid and hostile requests, all from one subject"));
        list.add(new Category("tasks", n(300, scale), 3, TasksCategory::make, "tasks extension: tasks made from every task tool with odd arguments and declarations; tasks/get, update, cancel with ids of every type, foreign and unknown ids, answers of every shape and size, mismatched Mcp-Name"));
        list.add(new Category("operations-api", n(300, scale), 4, OperationsApiCategory::make, "operations API, metadata and metrics: every HTTP method, junk paths and query parameters, refused credentials (none, no permission, forged, expired, other audience)"));
        list.add(new Category("huge-values", n(120, scale), 2, Categories::hugeValues, "ids/strings/objects up to the 4 MiB limit, bodies above it (413)"));
        list.add(new Category("subscribe-flood", n(400, scale), 3, Categories::subscribeFlood, "resources/subscribe floods (single and batched), subscriptions/listen with 100k URIs"));
        list.add(new Category("oversized-initialize", n(570, scale), 3, Categories::oversizedInitialize, "initialize with MiB capabilities/clientInfo, many sessions"));
        int batches = n(280, scale);
        list.add(new Category("batch-abuse", batches, 2, (c, r, i) -> batchAbuse(c, r, i, Math.min(GIANT_BATCH_INDEX, batches - 1)), "2025-03-26 batches of 0..100,000 elements, nested batches, batches in other revisions"));
        list.add(new Category("state-junk", STATE_JUNK_PLAN.length, 1, Categories::stateJunk, "tools/call test_elicitation with a valid requestState and nested junk params (depth sweep, then 60)"));
        int sum = list.stream().mapToInt(Category::count).sum();
        if (sum < total) {
            Category first = list.get(0);
            list.set(0, new Category(first.name(), first.count() + total - sum, first.threads(), first.generator(), first.description()));
        }
        return list;
    }

    private static int n(int base, double scale) {
        return Math.max(1, (int) Math.round(base * scale));
    }

    // ------------------------------------------------------------------ helpers

    static int logUniform(SplittableRandom r, int min, int max) {
        double v = Math.exp(Math.log(min) + r.nextDouble() * (Math.log(max) - Math.log(min)));
        return (int) Math.max(min, Math.min(max, Math.round(v)));
    }

    @SafeVarargs
    static <T> T pick(SplittableRandom r, T... options) {
        return options[r.nextInt(options.length)];
    }

    static <T> T pick(SplittableRandom r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    static String alnum(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        }
        return b.toString();
    }

    /** Printable ASCII without the letters of "Exception" runs (so an echo cannot look like a leaked trace). */
    static String junk(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (0x21 + r.nextInt(0x5e)));
        }
        return b.toString();
    }

    static String unicode(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length);
        String[] pool = {"é", "ß", "世", "界", "\u200b", "\u202e", "\ufeff", "😀", "\u0301", "Ω", "\uffff", "\u0085", "\u2028"};
        for (int i = 0; i < length; i++) {
            b.append(pool[r.nextInt(pool.length)]);
        }
        return b.toString();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return "=?base64?" + Base64.getEncoder().encodeToString(utf8(s)) + "?=";
    }

    // ------------------------------------------------------------------ broken JSON

    private static final String[] GARBAGE_BODIES = {"", " ", "\n\r\n", "null", "0", "\"\"", "{", "}", "[", "]", "{}", "[{}]", "[[]]",
            "{\"jsonrpc\"}", "{:}", "{\"a\" 1}", "{,}", "[,]", "{\"a\":1,}", "[1,]", "\u0000", "\ufeff", "{\"jsonrpc\":\"2.0\"}{",
            "{\"\":\"\"}", "[null]", "true false", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"};
    private static final String[] BAD_LITERALS = {"NaN", "Infinity", "-Infinity", "undefined", "01", ".5", "1.", "+1", "0x1F", "-", "1e", "tru",
            "nul", "1e+", "--1", "1_000", "'x'", "True", "None"};

    static Hostile brokenJson(FuzzContext c, SplittableRandom r, int index) {
        Template t = c.valid(r);
        String b = t.body();
        String label;
        byte[] bytes;
        switch (r.nextInt(16)) {
            case 0 -> {
                int at = r.nextInt(b.length());
                label = "truncated at " + at;
                bytes = utf8(b.substring(0, at));
            }
            case 1 -> {
                int at = r.nextInt(b.length());
                label = "char " + at + " deleted";
                bytes = utf8(b.substring(0, at) + b.substring(at + 1));
            }
            case 2 -> {
                int at = r.nextInt(b.length());
                String ins = pick(r, "{", "}", "[", "]", "\"", ",", ":", "\\", "x", " ", "\"\"");
                label = "'" + ins + "' inserted at " + at;
                bytes = utf8(b.substring(0, at) + ins + b.substring(at));
            }
            case 3 -> {
                label = "single quotes";
                bytes = utf8(b.replace('"', '\''));
            }
            case 4 -> {
                String tail = pick(r, ",", "}", "]", " x", b, "\u0000", "//c", "{}", "[]", "\"", " null");
                label = "trailing content";
                bytes = utf8(b + tail);
            }
            case 5 -> {
                label = pick(r, "UTF-8 BOM", "UTF-16 BOM bytes");
                bytes = concat(label.startsWith("UTF-8") ? new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF} : new byte[]{(byte) 0xFE, (byte) 0xFF}, utf8(b));
            }
            case 6 -> {
                label = "comment";
                int at = b.indexOf(',') + 1;
                bytes = utf8(b.substring(0, at) + pick(r, "/* c */", "// c\n", "# c\n") + b.substring(at));
            }
            case 7 -> {
                String lit = pick(r, BAD_LITERALS);
                label = "bad literal " + lit;
                bytes = utf8(b.replaceFirst("\"2\\.0\"", lit));
            }
            case 8 -> {
                label = "unterminated string";
                bytes = utf8(b.substring(0, b.lastIndexOf('"')));
            }
            case 9 -> {
                String ctl = pick(r, "\n", "\t", "\u0001", "\u001f", "\u0000", "\r");
                label = "raw control char in a string";
                int at = b.indexOf("\"2.0") + 2;
                bytes = utf8(b.substring(0, at) + ctl + b.substring(at));
            }
            case 10 -> {
                String esc = pick(r, "\\x41", "\\u12", "\\uZZZZ", "\\", "\\U0041", "\\uD800", "\\uDC00\\uD800", "\\'", "\\0");
                label = "bad escape " + esc;
                bytes = utf8(b.replaceFirst("\"2\\.0\"", java.util.regex.Matcher.quoteReplacement("\"2.0" + esc + "\"")));
            }
            case 11 -> {
                String g = pick(r, GARBAGE_BODIES);
                label = "garbage body " + Hostile.preview(utf8(g), 40);
                bytes = utf8(g);
            }
            case 12 -> {
                label = "unquoted keys";
                bytes = utf8(b.replace("\"jsonrpc\"", "jsonrpc").replace("\"method\"", "method"));
            }
            case 13 -> {
                int digits = logUniform(r, 20, 100_000);
                label = "id of " + digits + " digits";
                String id = r.nextBoolean() ? "1".repeat(digits) : "1." + "0".repeat(digits) + "1e-" + digits;
                bytes = utf8(b.replaceFirst("\"id\":[0-9]+", "\"id\":" + id));
            }
            case 14 -> {
                label = "object opened as array";
                bytes = utf8("[" + b.substring(1));
            }
            default -> {
                label = pick(r, "colon doubled", "colon removed");
                bytes = utf8(label.equals("colon doubled") ? b.replaceFirst(":", "::") : b.replaceFirst(":", ""));
            }
        }
        Wire w = t.wire().body(bytes);
        if (r.nextInt(10) == 0) {
            w.chunked();
            label += ", chunked";
        }
        return new Hostile((t.modern() ? "modern " : "legacy ") + t.method() + ": " + label, w);
    }

    // ------------------------------------------------------------------ deep nesting

    static String nested(int kind, int depth, boolean closed) {
        StringBuilder b = new StringBuilder(depth * 8);
        for (int i = 0; i < depth; i++) {
            b.append(switch (kind) {
                case 0 -> "[";
                case 1 -> "{\"a\":";
                default -> i % 2 == 0 ? "[" : "{\"a\":";
            });
        }
        b.append(kind == 0 ? "" : "1");
        if (closed) {
            for (int i = depth - 1; i >= 0; i--) {
                b.append(switch (kind) {
                    case 0 -> "]";
                    case 1 -> "}";
                    default -> i % 2 == 0 ? "]" : "}";
                });
            }
        }
        return b.toString();
    }

    static Hostile deepNesting(FuzzContext c, SplittableRandom r, int index) {
        int depth = logUniform(r, 10, 10_000);
        int kind = r.nextInt(3);
        boolean closed = r.nextInt(10) != 0;
        String deep = nested(kind, depth, closed);
        String shape = (kind == 0 ? "arrays" : kind == 1 ? "objects" : "mixed") + " depth " + depth + (closed ? "" : " unclosed");
        String token = c.token(r);
        return switch (r.nextInt(8)) {
            case 0 -> new Hostile("modern body = " + shape, c.modern(token, "tools/list", null).body(deep));
            case 1 -> new Hostile("modern params = " + shape,
                    c.modern(token, "tools/list", null).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + deep + "}"));
            case 2 -> new Hostile("modern get_channels arguments.location = " + shape, c.modern(token, "tools/call", "get_channels")
                    .body(modernBody("2", "tools/call", "\"name\":\"get_channels\",\"arguments\":{\"location\":" + deep + "}")));
            case 3 -> new Hostile("modern _meta clientCapabilities = " + shape, c.modern(token, "server/discover", null)
                    .body("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"server/discover\",\"params\":{\"_meta\":{\"" + META_VERSION
                            + "\":\"" + MODERN + "\",\"" + META_CAPS + "\":" + deep + "}}}"));
            case 4 -> new Hostile("modern id = " + shape, c.modern(token, "tools/list", null)
                    .body("{\"jsonrpc\":\"2.0\",\"id\":" + deep + ",\"method\":\"tools/list\",\"params\":{" + meta() + "}}"));
            case 5 -> {
                Session s = c.session(r);
                yield new Hostile("legacy " + s.version() + " tools/call arguments = " + shape,
                        c.legacy(s).body(legacyBody("5", "tools/call", "{\"name\":\"get_channels\",\"arguments\":" + deep + "}")));
            }
            case 6 -> {
                Session s = c.session(r);
                yield new Hostile("legacy " + s.version() + " body = " + shape, c.legacy(s).body(deep));
            }
            default -> new Hostile("initialize capabilities = " + shape,
                    c.post(token).body(initializeBody("7", pick(r, LEGACY), deep, "{\"name\":\"fuzz\",\"version\":\"1\"}")));
        };
    }

    // ------------------------------------------------------------------ wrong types

    private static final String[] VALUES = {"null", "true", "false", "0", "-1", "1.5", "-0", "1e308", "1e400", "-1e-400",
            "123456789012345678901234567890", "\"\"", "\"x\"", "\"\\u0000\"", "[]", "[1,\"a\"]", "{}", "{\"a\":1}", "[[]]", "{\"\":null}",
            "\"2026-07-28\"", "\"tools/list\"", "9223372036854775808", "-9223372036854775809", "1.0", "1E2"};

    /** A field, the era and method it lives in, and the JSON text with § where the value goes (@META@: modern _meta). */
    private record Field(String name, boolean modern, String method, String mcpName, String template) {
    }

    private static final String M = "@META@";
    private static final List<Field> FIELDS = List.of(
            new Field("jsonrpc", true, "tools/list", null, "{\"jsonrpc\":§,\"id\":1,\"method\":\"tools/list\",\"params\":{" + M + "}}"),
            new Field("id", true, "tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":§,\"method\":\"tools/list\",\"params\":{" + M + "}}"),
            new Field("method", true, "tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":§,\"params\":{" + M + "}}"),
            new Field("params", true, "tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":§}"),
            new Field("_meta", true, "tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":§}}"),
            new Field("_meta.protocolVersion", true, "tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{\""
                    + META_VERSION + "\":§,\"" + META_CAPS + "\":{}}}}"),
            new Field("_meta.clientCapabilities", true, "tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{\""
                    + META_VERSION + "\":\"2026-07-28\",\"" + META_CAPS + "\":§}}}"),
            new Field("_meta.clientCapabilities.elicitation", true, "tools/call", "test_elicitation", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{"
                    + "\"name\":\"test_elicitation\",\"arguments\":{\"message\":\"m\"},\"_meta\":{\"" + META_VERSION + "\":\"2026-07-28\",\"" + META_CAPS + "\":{\"elicitation\":§}}}}"),
            new Field("_meta.clientInfo", true, "server/discover", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{\"_meta\":{\""
                    + META_VERSION + "\":\"2026-07-28\",\"" + META_CAPS + "\":{},\"" + META_INFO + "\":§}}}"),
            new Field("_meta.logLevel", true, "tools/call", "test_tool_with_logging", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{"
                    + "\"name\":\"test_tool_with_logging\",\"arguments\":{},\"_meta\":{\"" + META_VERSION + "\":\"2026-07-28\",\"" + META_CAPS + "\":{},\""
                    + META_LOG + "\":§}}}"),
            new Field("_meta.progressToken", true, "tools/call", "test_tool_with_progress", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{"
                    + "\"name\":\"test_tool_with_progress\",\"arguments\":{},\"_meta\":{\"" + META_VERSION + "\":\"2026-07-28\",\"" + META_CAPS + "\":{},"
                    + "\"progressToken\":§}}}"),
            new Field("name", true, "tools/call", "get_channels", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":§,\"arguments\":{\"location\":\"x\"}," + M + "}}"),
            new Field("arguments", true, "tools/call", "get_channels", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_channels\",\"arguments\":§," + M + "}}"),
            new Field("arguments.location", true, "tools/call", "get_channels", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_channels\",\"arguments\":{\"location\":§}," + M + "}}"),
            new Field("arguments.start", true, "tools/call", "record_program", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"record_program\",\"arguments\":{\"channel\":\"ETV\",\"start\":§}," + M + "}}"),
            new Field("requestState", true, "tools/call", "test_elicitation", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"test_elicitation\",\"arguments\":{\"message\":\"m\"},\"requestState\":§," + M + "}}"),
            new Field("inputResponses", true, "tools/call", "test_input_required_result_elicitation", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"test_input_required_result_elicitation\",\"arguments\":{},\"inputResponses\":§," + M + "}}"),
            new Field("inputResponses.user_name", true, "tools/call", "test_input_required_result_elicitation", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"test_input_required_result_elicitation\",\"arguments\":{},\"inputResponses\":{\"user_name\":§}," + M + "}}"),
            new Field("uri", true, "resources/read", "test://static-text", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":§," + M + "}}"),
            new Field("cursor", true, "tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":§," + M + "}}"),
            new Field("prompts name", true, "prompts/get", "test_simple_prompt", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":§,\"arguments\":{}," + M + "}}"),
            new Field("prompts arguments", true, "prompts/get", "test_prompt_with_arguments", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"test_prompt_with_arguments\",\"arguments\":§," + M + "}}"),
            new Field("ref", true, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":§,\"argument\":{\"name\":\"arg1\",\"value\":\"t\"}," + M + "}}"),
            new Field("ref.type", true, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":§,\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":\"t\"}," + M + "}}"),
            new Field("ref.name", true, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":§},\"argument\":{\"name\":\"arg1\",\"value\":\"t\"}," + M + "}}"),
            new Field("ref.uri", true, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/resource\",\"uri\":§},\"argument\":{\"name\":\"id\",\"value\":\"1\"}," + M + "}}"),
            new Field("argument", true, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":§," + M + "}}"),
            new Field("argument.value", true, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":§}," + M + "}}"),
            new Field("context.arguments", true, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":\"t\"},\"context\":{\"arguments\":§}," + M + "}}"),
            new Field("notifications", true, "subscriptions/listen", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":§," + M + "}}"),
            new Field("resourceSubscriptions", true, "subscriptions/listen", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{\"resourceSubscriptions\":§}," + M + "}}"),
            new Field("legacy jsonrpc", false, "ping", null, "{\"jsonrpc\":§,\"id\":1,\"method\":\"ping\"}"),
            new Field("legacy id", false, "ping", null, "{\"jsonrpc\":\"2.0\",\"id\":§,\"method\":\"ping\"}"),
            new Field("legacy method", false, "ping", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":§}"),
            new Field("legacy params", false, "tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":§}"),
            new Field("legacy name", false, "tools/call", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":§,\"arguments\":{}}}"),
            new Field("legacy arguments", false, "tools/call", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_channels\",\"arguments\":§}}"),
            new Field("legacy location", false, "tools/call", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_channels\",\"arguments\":{\"location\":§}}}"),
            new Field("legacy cursor", false, "resources/list", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\",\"params\":{\"cursor\":§}}"),
            new Field("legacy uri read", false, "resources/read", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":§}}"),
            new Field("legacy uri subscribe", false, "resources/subscribe", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/subscribe\",\"params\":{\"uri\":§}}"),
            new Field("legacy uri unsubscribe", false, "resources/unsubscribe", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/unsubscribe\",\"params\":{\"uri\":§}}"),
            new Field("legacy level", false, "logging/setLevel", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":§}}"),
            new Field("legacy ref", false, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":§,\"argument\":{\"name\":\"arg1\",\"value\":\"t\"}}}"),
            new Field("legacy argument", false, "completion/complete", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":§}}"),
            new Field("legacy cancelled requestId", false, "notifications/cancelled", null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":§}}"),
            new Field("legacy progressToken", false, "tools/call", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"test_tool_with_progress\",\"arguments\":{},\"_meta\":{\"progressToken\":§}}}"),
            new Field("legacy response id", false, "(response)", null, "{\"jsonrpc\":\"2.0\",\"id\":§,\"result\":{}}"),
            new Field("legacy response result", false, "(response)", null, "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":§}"),
            new Field("legacy response error", false, "(response)", null, "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"error\":§}"),
            new Field("initialize protocolVersion", false, "initialize", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":§,\"capabilities\":{},\"clientInfo\":{\"name\":\"f\",\"version\":\"1\"}}}"),
            new Field("initialize capabilities", false, "initialize", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":§,\"clientInfo\":{\"name\":\"f\",\"version\":\"1\"}}}"),
            new Field("initialize clientInfo", false, "initialize", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":§}}"),
            new Field("initialize params", false, "initialize", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":§}"));

    static Hostile wrongTypes(FuzzContext c, SplittableRandom r, int index) {
        Field f = FIELDS.get(r.nextInt(FIELDS.size()));
        String value = pick(r, VALUES);
        String body = f.template().replace(M, meta()).replace("§", value);
        String label = f.name() + " = " + value;
        if (f.modern()) {
            Hostile h = new Hostile("modern " + f.method() + " " + label, c.modern(c.token(r), f.method(), f.mcpName()).body(body));
            return f.method().equals("subscriptions/listen") ? h.stream(300) : h;
        }
        if (f.method().equals("initialize")) {
            return new Hostile(label, c.post(c.token(r)).body(body));
        }
        Session s = c.session(r);
        return new Hostile("legacy " + s.version() + " " + label, c.legacy(s).body(body)).stream(300);
    }

    // ------------------------------------------------------------------ invalid UTF-8

    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
            {(byte) 0xC3, (byte) 0x28}, {(byte) 0xE2, (byte) 0x28, (byte) 0xA1}, {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0xBC},
            {(byte) 0xEF, (byte) 0xBF, (byte) 0xBE}, {0x00}};

    static Hostile invalidUtf8(FuzzContext c, SplittableRandom r, int index) {
        Template t = c.valid(r);
        byte[] body = utf8(t.body());
        byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
        String seq = Hostile.preview(bad, 20);
        switch (r.nextInt(8)) {
            case 0, 1, 2 -> {
                // inside a string (after a random quote: a key or a value)
                List<Integer> quotes = new ArrayList<>();
                for (int i = 0; i < body.length; i++) {
                    if (body[i] == '"') {
                        quotes.add(i);
                    }
                }
                int at = quotes.get(r.nextInt(quotes.size())) + 1;
                byte[] out = concat(java.util.Arrays.copyOfRange(body, 0, at), bad, java.util.Arrays.copyOfRange(body, at, body.length));
                return new Hostile(t.method() + ": " + seq + " inside a string at " + at, t.wire().body(out));
            }
            case 3 -> {
                int at = r.nextInt(body.length);
                byte[] out = concat(java.util.Arrays.copyOfRange(body, 0, at), bad, java.util.Arrays.copyOfRange(body, at, body.length));
                return new Hostile(t.method() + ": " + seq + " at " + at, t.wire().body(out));
            }
            case 4 -> {
                Charset cs = pick(r, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16, Charset.forName("UTF-32"), StandardCharsets.ISO_8859_1);
                String text = t.body().replace("Tokyo", "Tōkyō 東京");
                return new Hostile(t.method() + ": body encoded as " + cs, t.wire().body(text.getBytes(cs)));
            }
            case 5 -> {
                String charset = pick(r, "ISO-8859-1", "utf-16", "UTF-32", "bogus", "\"utf-8\"", "utf-8;x=y", "", "utf8, latin1");
                Wire w = t.wire().without("Content-Type").header("Content-Type", "application/json; charset=" + charset);
                return new Hostile(t.method() + ": Content-Type charset=" + charset + " with " + seq, w.body(concat(body, new byte[]{' '})));
            }
            case 6 -> {
                String header = pick(r, "Mcp-Name", "Mcp-Method", "Mcp-Param-Location", "Mcp-Session-Id", "MCP-Protocol-Version", "Accept");
                Wire w = t.wire().without(header).header(header, concat(utf8(pick(r, "get_channels", "tools/call", "2026-07-28", "x")), bad));
                return new Hostile(t.method() + ": header " + header + " ends with " + seq, w.body(body));
            }
            default -> {
                // a valid UTF-8 name in Mcp-Name (raw, not base64) whose body names the tool the same way
                String name = "get_channels" + unicode(r, 3);
                Wire w = c.modern(c.token(r), "tools/call", null).header("Mcp-Name", utf8(name))
                        .body(modernBody("1", "tools/call", "\"name\":" + q(name) + ",\"arguments\":{\"location\":\"x\"}"));
                return new Hostile("tools/call with raw UTF-8 Mcp-Name " + q(name), w);
            }
        }
    }

    // ------------------------------------------------------------------ unknown methods

    static String strangeMethod(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> pick(r, "", " ", "tools/call ", " tools/list", "TOOLS/LIST", "tools/List", "tools//list", "tools/list/", "/tools/list",
                    "tools\\list", "../../etc/passwd", "rpc.discover", "$/cancelRequest", "sampling/createMessage", "elicitation/create",
                    "roots/list", "completion/complete/", "%74ools/list", "tools/call\u0000", "tools.list", "toString", "hashCode", "getClass",
                    "notifications/initialized", "notifications/cancelled", "__proto__", "constructor", "null", "undefined");
            case 1, 2 -> junk(r, logUniform(r, 1, 64));
            case 3 -> unicode(r, logUniform(r, 1, 40));
            case 4 -> "x".repeat(logUniform(r, 1000, 200_000));
            case 5 -> pick(r, "tools/", "resources/", "prompts/", "notifications/", "server/", "subscriptions/", "completion/", "logging/") + alnum(r, logUniform(r, 1, 30));
            default -> pick(r, "tools", "resources", "prompts", "x", "mcp") + "/" + alnum(r, logUniform(r, 1, 12));
        };
    }

    private static boolean headerSafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return false;
            }
        }
        return s.length() < 8000;
    }

    static Hostile unknownMethods(FuzzContext c, SplittableRandom r, int index) {
        String method = strangeMethod(r);
        String shown = method.length() > 60 ? method.substring(0, 20) + "…(" + method.length() + " chars)" : method;
        boolean notification = r.nextInt(5) == 0;
        String id = notification ? null : Integer.toString(index);
        if (r.nextBoolean()) {
            String header = headerSafe(method) ? method : (r.nextBoolean() ? b64(method) : "tools/list");
            Wire w = c.modern(c.token(r), header, null).body(modernBody(id, method, ""));
            return new Hostile("modern " + (notification ? "notification " : "") + q(shown), w);
        }
        Session s = c.session(r);
        return new Hostile("legacy " + s.version() + (notification ? " notification " : " ") + q(shown),
                c.legacy(s).body(legacyBody(id, method, r.nextBoolean() ? "{}" : null))).stream(300);
    }

    // ------------------------------------------------------------------ wrong era

    static Hostile wrongEra(FuzzContext c, SplittableRandom r, int index) {
        String token = c.token(r);
        String anyId = pick(r, "1", "\"srv-1\"", "\"srv-" + r.nextInt(100) + "\"", "99999999999999999999", "\"" + alnum(r, 8) + "\"", "-5", "0");
        switch (r.nextInt(18)) {
            case 0 -> {
                return new Hostile("modern response " + anyId, c.modern(token, "tools/list", null).body("{\"jsonrpc\":\"2.0\",\"id\":" + anyId + ",\"result\":{}}"));
            }
            case 1 -> {
                return new Hostile("modern error response", c.modern(token, "tools/list", null)
                        .body("{\"jsonrpc\":\"2.0\",\"id\":" + anyId + ",\"error\":{\"code\":-1,\"message\":\"x\"}}"));
            }
            case 2 -> {
                String m = pick(r, "notifications/initialized", "notifications/cancelled", "notifications/progress", "notifications/roots/list_changed", "notifications/" + alnum(r, 5));
                return new Hostile("modern notification " + m, c.modern(token, m, null).body(modernBody(null, m, "\"requestId\":" + anyId)));
            }
            case 3 -> {
                String m = pick(r, "initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe");
                return new Hostile("modern legacy-only method " + m, c.modern(token, m, null)
                        .body(modernBody("3", m, "\"uri\":\"test://watched-resource\",\"level\":\"info\",\"protocolVersion\":\"2025-11-25\"")));
            }
            case 4 -> {
                return new Hostile("modern headers, legacy body without _meta", c.modern(token, "tools/list", null)
                        .body(legacyBody("4", "tools/list", pick(r, "{}", null))));
            }
            case 5 -> {
                Session s = c.session(r);
                return new Hostile("legacy " + s.version() + " session, modern body", c.legacy(s).body(modernBody("5", "tools/list", "")));
            }
            case 6 -> {
                Session s = c.session(r);
                return new Hostile("legacy " + s.version() + " session, _meta with its legacy version", c.legacy(s)
                        .body("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\",\"params\":{" + meta(s.version()) + "}}"));
            }
            case 7 -> {
                Session s = c.session(r);
                String m = pick(r, "server/discover", "subscriptions/listen");
                return new Hostile("legacy " + s.version() + " session, modern-only " + m, c.legacy(s)
                        .body(legacyBody("7", m, "{\"notifications\":{\"toolsListChanged\":true}}"))).stream(300);
            }
            case 8 -> {
                Session s = c.session(r);
                return new Hostile("legacy " + s.version() + " response to server request " + anyId, c.legacy(s)
                        .body("{\"jsonrpc\":\"2.0\",\"id\":" + anyId + ",\"result\":" + pick(r, "{}", "{\"action\":\"accept\",\"content\":{}}", "{\"roots\":[]}") + "}"));
            }
            case 9 -> {
                Session s = c.session(r);
                String rid = pick(r, anyId, "{\"a\":1}", "[1]", "null", "1.5", "true");
                return new Hostile("legacy " + s.version() + " cancelled requestId " + rid, c.legacy(s)
                        .body(legacyBody(null, "notifications/cancelled", "{\"requestId\":" + rid + ",\"reason\":\"x\"}")));
            }
            case 10 -> {
                Session s = c.session(r);
                String other = c.tokens.size() > 1
                        ? c.tokens.get((c.tokens.indexOf(s.token()) + 1 + r.nextInt(c.tokens.size() - 1)) % c.tokens.size())
                        : c.auth.token("fuzz-other-subject");
                return new Hostile("legacy session used by another subject", post(c, other).header("Mcp-Session-Id", s.id())
                        .header("MCP-Protocol-Version", s.version()).body(legacyBody("10", "tools/list", null))).expect(404, 400);
            }
            case 11 -> {
                Session s = c.session(r);
                String v = pick(r, MODERN, "2024-11-05", "garbage", "", V0326, V0618, V1125);
                return new Hostile("legacy " + s.version() + " session with version header " + q(v), post(c, s.token())
                        .header("Mcp-Session-Id", s.id()).header("MCP-Protocol-Version", v).body(legacyBody("11", "ping", null)));
            }
            case 12 -> {
                return new Hostile("initialize with modern _meta, no version header", post(c, token)
                        .body("{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2026-07-28\",\"capabilities\":{},"
                                + "\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}," + meta() + "}}"));
            }
            case 13 -> {
                return new Hostile("notifications/initialized without a session", post(c, token)
                        .body(legacyBody(null, "notifications/initialized", null)));
            }
            case 14 -> {
                Session s = c.session(r);
                return new Hostile("modern request with a live legacy Mcp-Session-Id", c.modern(token, "tools/list", null)
                        .header("Mcp-Session-Id", s.id()).body(modernBody("14", "tools/list", "")));
            }
            case 15 -> {
                Session s = c.session(r);
                return new Hostile("legacy message with both method and result", c.legacy(s)
                        .body("{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"ping\",\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}"));
            }
            case 16 -> {
                Session s = c.session(r, V0326);
                return new Hostile("2025-03-26 session without a version header", post(c, s.token()).header("Mcp-Session-Id", s.id())
                        .body(legacyBody("16", pick(r, "ping", "tools/list", "server/discover"), null)));
            }
            default -> {
                String v = pick(r, V0326, V0618, V1125);
                return new Hostile("legacy request without a session, version " + v, post(c, token).header("MCP-Protocol-Version", v)
                        .body(legacyBody("17", pick(r, "ping", "tools/list", "tools/call"), "{" + CHANNELS_ARGS + "}")));
            }
        }
    }

    private static Wire post(FuzzContext c, String token) {
        return c.post(token);
    }

    // ------------------------------------------------------------------ duplicate headers and keys

    static Hostile duplicateHeaders(FuzzContext c, SplittableRandom r, int index) {
        String token = c.token(r);
        Session s = c.session(r);
        int kind = r.nextInt(20);
        if (kind >= 11) {
            return duplicateKeys(c, r, kind - 11, token, s);
        }
        boolean modern = r.nextBoolean();
        Wire w = modern ? c.modern(token, "tools/call", "get_channels") : c.legacy(s);
        String body = modern ? modernBody("1", "tools/call", CHANNELS_ARGS) : legacyBody("1", "tools/call", "{" + CHANNELS_ARGS + "}");
        String what;
        Hostile h;
        switch (kind) {
            case 0 -> {
                Session other = c.session(r);
                String v = pick(r, s.id(), other.id(), "bogus-" + alnum(r, 10), "", s.id() + " ");
                what = "Mcp-Session-Id twice (" + (v.equals(s.id()) ? "same" : "other") + ")";
                h = new Hostile(what, w.header("Mcp-Session-Id", v).body(body));
            }
            case 1 -> {
                String v = pick(r, MODERN, V1125, V0326, "garbage", "");
                what = "MCP-Protocol-Version twice (" + v + ")";
                h = new Hostile(what, w.header(pick(r, "MCP-Protocol-Version", "mcp-protocol-version"), v).body(body));
            }
            case 2 -> {
                String v = pick(r, "tools/call", "tools/list", "", "TOOLS/CALL");
                what = "Mcp-Method twice (" + v + ")";
                h = new Hostile(what, w.header("Mcp-Method", v).body(body));
            }
            case 3 -> {
                String v = pick(r, "get_channels", "record_program", b64("get_channels"), "");
                what = "Mcp-Name twice (" + v + ")";
                h = new Hostile(what, w.header("Mcp-Name", v).body(body));
            }
            case 4 -> {
                String v = pick(r, "Tokyo", "Osaka", b64("Tokyo"));
                what = "Mcp-Param-Location twice";
                h = new Hostile(what, w.header("Mcp-Param-Location", "Tokyo").header("Mcp-Param-Location", v).body(body));
            }
            case 5 -> {
                String v = pick(r, token, c.token(r), "garbage", "");
                what = "Authorization twice";
                h = new Hostile(what, w.header("Authorization", "Bearer " + v).body(body)).expect(400);
            }
            case 6 -> {
                String v = pick(r, "application/json", "text/plain", "", "application/json; charset=utf-16");
                what = "Content-Type twice (" + v + ")";
                h = new Hostile(what, w.header("Content-Type", v).body(body));
            }
            case 7 -> {
                String v = pick(r, c.authority, "evil.example", "127.0.0.1:1", "localhost", "");
                what = "Host twice (" + v + ")";
                h = new Hostile(what, w.header("Host", c.authority).header("Host", v).body(body));
            }
            case 8 -> {
                String v = pick(r, "text/html", "application/json", "text/event-stream", "*/*");
                what = "Accept twice (" + v + ")";
                h = new Hostile(what, w.header("Accept", v).body(body));
            }
            case 9 -> {
                byte[] bytes = utf8(body);
                what = "Content-Length twice (same value)";
                h = new Hostile(what, w.header("Content-Length", Integer.toString(bytes.length)).body(bytes)).halfClose();
            }
            default -> {
                what = "every MCP header twice, conflicting";
                h = new Hostile(what, w.header("Mcp-Method", "tools/list").header("Mcp-Name", "record_program")
                        .header("MCP-Protocol-Version", V1125).header("Mcp-Session-Id", "x").body(body));
            }
        }
        return relabel(h, (modern ? "modern " : "legacy ") + what);
    }

    private static Hostile relabel(Hostile h, String label) {
        Hostile copy = new Hostile(label, h.wire, h.head);
        copy.expect = h.expect;
        copy.mayDrop = h.mayDrop;
        copy.streamBudgetMs = h.streamBudgetMs;
        copy.capMs = h.capMs;
        copy.mustNotSucceed = h.mustNotSucceed;
        copy.halfClose = h.halfClose;
        copy.emptyOk = h.emptyOk;
        return copy;
    }

    private static Hostile duplicateKeys(FuzzContext c, SplittableRandom r, int kind, String token, Session s) {
        String meta = meta();
        return switch (kind) {
            case 0 -> new Hostile("JSON key method twice (tools/list, tools/call)", c.modern(token, pick(r, "tools/list", "tools/call"), "get_channels")
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\",\"params\":{" + CHANNELS_ARGS + "," + meta + "}}"));
            case 1 -> new Hostile("JSON key id twice", c.modern(token, "tools/list", null)
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":" + pick(r, "null", "\"a\"", "{}", "1.5") + ",\"method\":\"tools/list\",\"params\":{" + meta + "}}"));
            case 2 -> new Hostile("JSON key params twice (second without _meta)", c.modern(token, "tools/list", null)
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + meta + "},\"params\":{}}"));
            case 3 -> new Hostile("JSON key _meta twice (second without protocolVersion)", c.modern(token, "tools/list", null)
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + meta + ",\"_meta\":{\"" + META_CAPS + "\":{}}}}"));
            case 4 -> {
                String header = pick(r, "get_channels", "record_program");
                yield new Hostile("JSON key name twice (get_channels, record_program), Mcp-Name " + header, c.modern(token, "tools/call", header)
                        .body(modernBody("1", "tools/call", "\"name\":\"get_channels\",\"name\":\"record_program\",\"arguments\":{\"location\":\"x\",\"channel\":\"ETV\",\"start\":\"2026-12-24T21:00:00+09:00\"}")));
            }
            case 5 -> new Hostile("JSON key jsonrpc twice", c.modern(token, "tools/list", null)
                    .body("{\"jsonrpc\":\"" + pick(r, "1.0", "2.0") + "\",\"jsonrpc\":\"" + pick(r, "2.0", "1.0") + "\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + meta + "}}"));
            case 6 -> new Hostile("JSON key arguments twice", c.modern(token, "tools/call", "get_channels")
                    .body(modernBody("1", "tools/call", "\"name\":\"get_channels\",\"arguments\":{\"location\":\"x\"},\"arguments\":" + pick(r, "{}", "[]", "null", "{\"location\":5}"))));
            case 7 -> new Hostile("JSON key protocolVersion twice in _meta", c.modern(token, "tools/list", null)
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{\"" + META_VERSION + "\":\"2026-07-28\",\"" + META_VERSION
                            + "\":\"" + pick(r, V1125, "9999-01-01") + "\",\"" + META_CAPS + "\":{}}}}"));
            default -> new Hostile("legacy JSON key method twice (ping, initialize)", c.legacy(s)
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}"));
        };
    }

    // ------------------------------------------------------------------ header injection and framing

    static Hostile headerInjection(FuzzContext c, SplittableRandom r, int index) {
        String token = c.token(r);
        boolean modern = r.nextBoolean();
        Session s = c.session(r);
        Wire w = modern ? c.modern(token, "tools/list", null) : c.legacy(s);
        String body = modern ? modernBody("1", "tools/list", "") : legacyBody("1", "ping", null);
        String era = modern ? "modern " : "legacy ";
        String target = pick(r, "Mcp-Method", "Mcp-Session-Id", "MCP-Protocol-Version", "Authorization", "Content-Type", "Accept", "Mcp-Name", "X-Fuzz");
        switch (r.nextInt(16)) {
            case 0 -> {
                return new Hostile(era + "CRLF + injected header inside X-Fuzz", w.header("X-Fuzz", "a\r\nMcp-Method: " + pick(r, "tools/call", "initialize")).body(body));
            }
            case 1 -> {
                String v = valueOf(c, target, token, s, modern);
                return new Hostile(era + "CRLF inside " + target, w.without(target).header(target, v.substring(0, v.length() / 2) + "\r\nX-Injected: 1\r\n" + v.substring(v.length() / 2)).body(body));
            }
            case 2 -> {
                String v = valueOf(c, target, token, s, modern);
                return new Hostile(era + "bare CR inside " + target, w.without(target).header(target, v.substring(0, v.length() / 2) + "\r" + v.substring(v.length() / 2)).body(body)).mayDrop().halfClose();
            }
            case 3 -> {
                String v = valueOf(c, target, token, s, modern);
                return new Hostile(era + "bare LF inside " + target, w.without(target).header(target, v.substring(0, v.length() / 2) + "\n" + v.substring(v.length() / 2)).body(body)).mayDrop().halfClose();
            }
            case 4 -> {
                String v = valueOf(c, target, token, s, modern);
                return new Hostile(era + "NUL inside " + target, w.without(target).header(target, v + "\u0000" + pick(r, "", "x", "tools/call"))
                        .body(body)).mayDrop().halfClose();
            }
            case 5 -> {
                char ctl = (char) pick(r, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f).intValue();
                String v = valueOf(c, target, token, s, modern);
                return new Hostile(era + String.format("control byte 0x%02X inside ", (int) ctl) + target, w.without(target).header(target, v + ctl).body(body)).mayDrop().halfClose();
            }
            case 6 -> {
                String v = valueOf(c, target, token, s, modern);
                return new Hostile(era + "obs-fold continuation line in " + target, w.without(target)
                        .rawLine(utf8(target + ": " + v.substring(0, v.length() / 2) + "\r\n " + v.substring(v.length() / 2))).body(body)).mayDrop().halfClose();
            }
            case 7 -> {
                String line = pick(r, "Mcp-Method : tools/list", " Mcp-Method: tools/list", "Mcp\u0001Method: x", ": empty-name", "no colon at all",
                        "Mcp-Method:", "X-Fuzz:" + "\t".repeat(5), "Mcp Method: tools/list", "\"Quoted\": x", "X-\u00ff: y");
                return new Hostile(era + "malformed header line " + Hostile.preview(line.getBytes(StandardCharsets.ISO_8859_1), 30), w
                        .rawLine(line.getBytes(StandardCharsets.ISO_8859_1)).body(body)).mayDrop().halfClose();
            }
            case 8 -> {
                int size = pick(r, 4096, 8192, 16_000, 30_000, 33_000, 65_536, 262_144, 1_048_576);
                String name = pick(r, "X-Fuzz", "Mcp-Param-Location", "Mcp-Session-Id", "Authorization", "Mcp-Name", "Cookie");
                String v = name.equals("Authorization") ? "Bearer " + "a".repeat(size) : "a".repeat(size);
                Hostile h = new Hostile(era + "overlong " + name + " (" + size + " bytes)", w.without(name).header(name, v).body(body));
                return size > 30_000 ? h.mayDrop().halfClose() : h;
            }
            case 9 -> {
                int n = logUniform(r, 100, 3000);
                for (int i = 0; i < n; i++) {
                    w.header(pick(r, "X-H-" + i, "Mcp-Param-P" + i, "Accept", "Mcp-Method"), pick(r, "v", "tools/list", "x".repeat(10)));
                }
                return new Hostile(era + n + " extra header lines", w.body(body)).mayDrop().halfClose();
            }
            case 10 -> {
                String line = pick(r, "POST  /mcp HTTP/1.1", "POST /mcp HTTP/1.0", "POST /mcp HTTP/2.0", "POST /mcp HTTP/9.9", "POST /mcp?x=%00 HTTP/1.1",
                        "POST /mcp/../mcp HTTP/1.1", "POST http://" + c.authority + "/mcp HTTP/1.1", "POST /mcp;jsessionid=x HTTP/1.1", "POST /%6Dcp HTTP/1.1",
                        "POST /mcp?access_token=abc HTTP/1.1", "post /mcp HTTP/1.1", "POST /mcp", "POST /mcp HTTP/1.1 extra", "POST\t/mcp\tHTTP/1.1",
                        "POST /mcp%2f HTTP/1.1", "POST //mcp HTTP/1.1", "POST /MCP HTTP/1.1", "POST /mcp/ HTTP/1.1", "POST /mcp# HTTP/1.1",
                        "POST " + "/mcp?" + "a".repeat(20_000) + " HTTP/1.1", "POST * HTTP/1.1", "POST /mcp HTTP/1.1\u0000");
                return new Hostile(era + "request line " + Hostile.preview(line.getBytes(StandardCharsets.ISO_8859_1), 60), w.requestLine(line).body(body)).mayDrop().halfClose();
            }
            case 11 -> {
                byte[] bytes = utf8(body);
                int variant = r.nextInt(10);
                Wire f = w.unframed();
                String label;
                byte[] payload = bytes;
                switch (variant) {
                    case 0 -> {
                        label = "Content-Length and Transfer-Encoding: chunked";
                        f.header("Content-Length", Integer.toString(bytes.length)).header("Transfer-Encoding", "chunked");
                        payload = concat(utf8(Integer.toHexString(bytes.length) + "\r\n"), bytes, utf8("\r\n0\r\n\r\n"));
                    }
                    case 1 -> {
                        label = "two Content-Length values";
                        f.header("Content-Length", Integer.toString(bytes.length)).header("Content-Length", Integer.toString(Math.max(0, bytes.length - 5)));
                    }
                    case 2 -> {
                        label = "negative Content-Length";
                        f.header("Content-Length", "-" + bytes.length);
                    }
                    case 3 -> {
                        label = "non-numeric Content-Length";
                        f.header("Content-Length", pick(r, "abc", "1e3", "0x20", " ", "12 34", "+" + bytes.length));
                    }
                    case 4 -> {
                        label = "huge Content-Length";
                        f.header("Content-Length", pick(r, "99999999999999999999", "9223372036854775807", "4294967296"));
                    }
                    case 5 -> {
                        label = "chunked with a bad chunk size";
                        f.header("Transfer-Encoding", "chunked");
                        payload = concat(utf8(pick(r, "zz", "-1", "ffffffffffffffff", "", " 10") + "\r\n"), bytes, utf8("\r\n0\r\n\r\n"));
                    }
                    case 6 -> {
                        label = "chunk extension junk";
                        f.header("Transfer-Encoding", "chunked");
                        payload = concat(utf8(Integer.toHexString(bytes.length) + ";" + "x".repeat(logUniform(r, 1, 100_000)) + "\r\n"), bytes, utf8("\r\n0\r\n\r\n"));
                    }
                    case 7 -> {
                        label = "Transfer-Encoding variants";
                        f.header("Transfer-Encoding", pick(r, "chunked, identity", "xchunked", "identity", "gzip, chunked", "chunked\u000b", "Chunked"));
                        payload = concat(utf8(Integer.toHexString(bytes.length) + "\r\n"), bytes, utf8("\r\n0\r\n\r\n"));
                    }
                    case 8 -> {
                        label = "chunked without the last chunk";
                        f.header("Transfer-Encoding", "chunked");
                        payload = concat(utf8(Integer.toHexString(bytes.length) + "\r\n"), bytes, utf8("\r\n"));
                    }
                    default -> {
                        label = "Content-Length shorter than the body (pipelined garbage)";
                        f.header("Content-Length", Integer.toString(bytes.length));
                        payload = concat(bytes, utf8("GET /mcp HTTP/1.1\r\nHost: evil\r\n\r\n"));
                    }
                }
                return new Hostile(era + label, f.body(payload)).mayDrop().halfClose();
            }
            case 12 -> {
                return new Hostile(era + "Expect: 100-continue", w.header("Expect", pick(r, "100-continue", "200-ok", "x")).body(body)).mayDrop().halfClose();
            }
            case 13 -> {
                byte[] name = concat(utf8("X-"), pick(r, new byte[]{(byte) 0xC3, (byte) 0xA9}, new byte[]{(byte) 0xFF}, new byte[]{0x00}));
                return new Hostile(era + "non-ASCII header name", w.rawLine(concat(name, utf8(": v"))).body(body)).mayDrop().halfClose();
            }
            case 14 -> {
                int size = pick(r, 1000, 10_000, 40_000);
                return new Hostile(era + "header name of " + size + " bytes", w.header("X-" + "n".repeat(size), "v").body(body)).mayDrop().halfClose();
            }
            default -> {
                boolean http10 = r.nextBoolean();
                Wire x = Wire.of("POST", c.authority).noHost().version(http10 ? "HTTP/1.0" : "HTTP/1.1")
                        .header("Content-Type", "application/json").header("Accept", ACCEPT_BOTH).header("Authorization", "Bearer " + token);
                if (modern) {
                    x.header("MCP-Protocol-Version", MODERN).header("Mcp-Method", "tools/list");
                } else {
                    x.header("Mcp-Session-Id", s.id()).header("MCP-Protocol-Version", s.version());
                }
                return new Hostile(era + (http10 ? "HTTP/1.0" : "HTTP/1.1") + " without Host", x.body(body)).mayDrop().halfClose();
            }
        }
    }

    private static String valueOf(FuzzContext c, String header, String token, Session s, boolean modern) {
        return switch (header) {
            case "Mcp-Method" -> modern ? "tools/list" : "ping";
            case "Mcp-Session-Id" -> s.id();
            case "MCP-Protocol-Version" -> modern ? MODERN : s.version();
            case "Authorization" -> "Bearer " + (modern ? token : s.token());
            case "Content-Type" -> "application/json";
            case "Accept" -> ACCEPT_BOTH;
            case "Mcp-Name" -> "get_channels";
            default -> "fuzz";
        };
    }

    // ------------------------------------------------------------------ Host and Origin

    static Hostile hostOrigin(FuzzContext c, SplittableRandom r, int index) {
        String port = Integer.toString(c.port);
        String[] hosts = {"", " ", "evil.example", "evil.example:" + port, "127.0.0.1", "127.0.0.1:" + port, "localhost", "LOCALHOST:" + port,
                "[::1]:" + port, "[::1", "::1", "127.0.0.1:abc", "127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:" + port + ":" + port, "127.0.0.1.",
                "localhost.", "127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.0.0.1.nip.io:" + port, "user@127.0.0.1", "evil.example@127.0.0.1",
                "127.0.0.1@evil.example", "127.0.0.1/evil", "127.0.0.1\\evil", "ⓛocalhost", "xn--localhost-", "a".repeat(5000), "127.0.0.1%00",
                "127.0.0.1:" + port + ", evil.example", "*", "%", "localhost:0", "[::ffff:127.0.0.1]:" + port, "[fe80::1%25eth0]", "127.0.0.1 :" + port,
                "[]", "[:", ":" + port, "127.0.0.1:" + port + "\t"};
        String[] origins = {"null", "http://127.0.0.1:" + port, "http://localhost:" + port, "https://127.0.0.1:" + port, "http://evil.example",
                "http://127.0.0.1.evil.example", "file://", "chrome-extension://abcdef", "http://[::1]:" + port, "http://[::1", "http://127.0.0.1:" + port + "/path",
                "http://127.0.0.1:" + port + "?x", "http://user@127.0.0.1:" + port, "", " ", "*", "http://", "://", "http://%00", "http://127.0.0.1:99999",
                "http://" + "a".repeat(10_000), "HTTP://127.0.0.1:" + port, "http://ⓛocalhost:" + port, "http://127.0.0.1:" + port + " http://evil.example",
                "javascript:alert(1)", "data:text/html,x", "http://127.0.0.1:-1", "http://127.0.0.1:" + port + "@evil.example", "\\\\evil"};
        String token = c.token(r);
        Wire w;
        String what;
        switch (r.nextInt(3)) {
            case 0 -> {
                w = c.modern(token, "server/discover", null).body(modernBody("1", "server/discover", ""));
                what = "modern discover";
            }
            case 1 -> {
                w = c.post(token).body(initializeBody("1", V1125, "{}", "{\"name\":\"x\",\"version\":\"1\"}"));
                what = "initialize";
            }
            default -> {
                Session s = c.session(r);
                w = c.legacy(s).body(legacyBody("1", "ping", null));
                what = "legacy " + s.version() + " ping";
            }
        }
        int mode = r.nextInt(10);
        String host = null;
        String origin = null;
        if (mode < 6 || mode == 9) {
            host = pick(r, hosts);
            w.header("Host", host);
        }
        if (mode >= 6) {
            origin = pick(r, origins);
            w.header("Origin", origin);
        }
        String label = what + (host != null ? " Host=" + Hostile.preview(utf8(host), 40) : "") + (origin != null ? " Origin=" + Hostile.preview(utf8(origin), 40) : "");
        Hostile h = new Hostile(label, w);
        if (host != null && (host.equals("evil.example") || host.equals("evil.example:" + port) || host.equals("127.0.0.1.nip.io:" + port))
                || origin != null && (origin.equals("http://evil.example") || origin.equals("null") || origin.equals("http://127.0.0.1.evil.example"))) {
            h.expect(403, 400);
        }
        return h;
    }

    // ------------------------------------------------------------------ HTTP methods

    static Hostile httpMethods(FuzzContext c, SplittableRandom r, int index) {
        String token = c.token(r);
        Session s = c.session(r);
        int kind = r.nextInt(10);
        if (kind <= 3) {
            Wire w = Wire.of("GET", c.authority).header("Authorization", "Bearer " + (r.nextInt(8) == 0 ? c.token(r) : s.token()));
            String sid = pick(r, s.id(), s.id(), "bogus-" + alnum(r, 12), null, c.session(r).id(), "");
            if (sid != null) {
                w.header("Mcp-Session-Id", sid);
            }
            String v = pick(r, s.version(), s.version(), MODERN, "garbage", null, "");
            if (v != null) {
                w.header("MCP-Protocol-Version", v);
            }
            String accept = pick(r, "text/event-stream", "text/event-stream", "application/json", "*/*", null, "text/html", "text/event-stream;q=0");
            if (accept != null) {
                w.header("Accept", accept);
            }
            String last = pick(r, null, null, "garbage", "x_1", "_", "_-1", "a_99999999999999999999", "../_1", "z".repeat(5000) + "_1", s.id() + "_1", "0_0");
            if (last != null) {
                w.header("Last-Event-ID", last);
            }
            if (r.nextInt(6) == 0) {
                w.header("Content-Type", "application/json").body(legacyBody("1", "ping", null));
            }
            return new Hostile("GET session=" + (sid == null ? "none" : sid.equals(s.id()) ? "own" : "other/bogus") + " version=" + v + " accept=" + accept
                    + " last-event-id=" + (last == null ? "none" : Hostile.preview(utf8(last), 30)), w).stream(300);
        }
        if (kind <= 5) {
            Wire w = Wire.of("DELETE", c.authority).header("Authorization", "Bearer " + token);
            String what;
            if (!c.deletable.isEmpty() && r.nextBoolean()) {
                Session d = c.deletable.get(index % c.deletable.size());
                w = Wire.of("DELETE", c.authority).header("Authorization", "Bearer " + (r.nextInt(4) == 0 ? token : d.token()))
                        .header("Mcp-Session-Id", d.id()).header("MCP-Protocol-Version", d.version());
                what = "DELETE a disposable session";
            } else {
                String sid = pick(r, "bogus", c.session(r).id(), "", "a".repeat(10_000));
                w.header("Mcp-Session-Id", sid).header("MCP-Protocol-Version", pick(r, MODERN, V1125, "x"));
                what = "DELETE a foreign/bogus session";
            }
            if (r.nextInt(4) == 0) {
                w.header("Content-Type", "application/json").body("{}");
            }
            return new Hostile(what, w);
        }
        if (kind == 6) {
            Wire w = Wire.of("OPTIONS", c.authority).header("Origin", pick(r, "http://evil.example", "http://127.0.0.1:" + c.port, "null"))
                    .header("Access-Control-Request-Method", pick(r, "POST", "DELETE", "GET", "PUT", "X"))
                    .header("Access-Control-Request-Headers", pick(r, "authorization, mcp-method", "x".repeat(5000), "content-type\u0001"));
            return new Hostile("OPTIONS preflight without a token", w).emptyOk();
        }
        String method = pick(r, "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "MKCOL", "LOCK", "BREW", "get", "G_E_T", "CONNECT",
                "X".repeat(1000), "POST2", "DELETE");
        Wire w = Wire.of(method, c.authority).header("Authorization", "Bearer " + token);
        if (method.equals("CONNECT")) {
            w.requestLine("CONNECT " + c.authority + " HTTP/1.1");
        }
        if (r.nextBoolean()) {
            w.header("Content-Type", "application/json").header("MCP-Protocol-Version", MODERN).header("Mcp-Method", "tools/list")
                    .body(modernBody("1", "tools/list", ""));
        }
        Hostile h = new Hostile(method.length() > 20 ? "method of " + method.length() + " chars" : method + " /mcp", w);
        return method.equals("CONNECT") || method.length() > 20 || method.equals("G_E_T") ? h.mayDrop().halfClose() : h;
    }

    // ------------------------------------------------------------------ bad tokens

    static Hostile badTokens(FuzzContext c, SplittableRandom r, int index) {
        FuzzAuth a = c.auth;
        String subject = "forged-" + r.nextInt(16);
        String valid = a.token(subject);
        String body = modernBody("1", "tools/call", CHANNELS_ARGS);
        long now = a.epoch;
        String aud = q(a.resource());
        String iss = q(FuzzAuth.ISSUER);
        String perms = "\"permissions\":[\"channels:read\",\"recordings:write\"]";
        String base = "\"iss\":" + iss + ",\"aud\":" + aud + ",\"sub\":" + q(subject) + ",\"iat\":" + (now - 5) + ",\"exp\":" + (now + 600) + "," + perms;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + a.key.getKeyID() + "\"}";
        String label;
        String authorization;
        boolean refused = true;
        Integer[] expect = {401};
        switch (r.nextInt(34)) {
            case 0 -> {
                label = "no Authorization";
                authorization = null;
            }
            case 1 -> {
                label = "scheme without token";
                authorization = pick(r, "Bearer", "Bearer ", "Bearer    ", "Bearer\t");
            }
            case 2 -> {
                label = "Basic credentials";
                authorization = "Basic " + Base64.getEncoder().encodeToString(utf8("user:pass"));
            }
            case 3 -> {
                label = "token followed by junk";
                authorization = "Bearer " + valid + " " + pick(r, "extra", valid, ",", "x=y");
            }
            case 4 -> {
                label = "expired";
                authorization = "Bearer " + a.token(subject, b -> b.expirationTime(new java.util.Date((now - 3600) * 1000)));
            }
            case 5 -> {
                label = "not yet valid (nbf in an hour)";
                authorization = "Bearer " + a.token(subject, b -> b.notBeforeTime(new java.util.Date((now + 3600) * 1000)));
            }
            case 6 -> {
                label = "issued in the future (iat in an hour)";
                authorization = "Bearer " + a.token(subject, b -> b.issueTime(new java.util.Date((now + 3600) * 1000)));
            }
            case 7 -> {
                label = "wrong issuer";
                authorization = "Bearer " + a.token(subject, b -> b.issuer(pick(r, "https://evil.example/", FuzzAuth.ISSUER + "x", "", "https://issuer.fuzz.test")));
            }
            case 8 -> {
                label = "wrong audience";
                authorization = "Bearer " + a.token(subject, b -> b.audience(pick(r, "http://evil.example/mcp", a.resource() + "/", "", "http://127.0.0.1/mcp")));
            }
            case 9 -> {
                label = "no audience";
                authorization = "Bearer " + a.token(subject, b -> b.audience((String) null));
            }
            case 10 -> {
                label = "no exp";
                authorization = "Bearer " + a.token(subject, b -> b.expirationTime(null));
            }
            case 11 -> {
                label = "no sub";
                authorization = "Bearer " + a.token(subject, b -> b.subject(null));
            }
            case 12 -> {
                label = "signature bytes flipped";
                char[] t = valid.toCharArray();
                int at = valid.lastIndexOf('.') + 1 + r.nextInt(valid.length() - valid.lastIndexOf('.') - 2);
                t[at] = t[at] == 'A' ? 'B' : 'A';
                authorization = "Bearer " + new String(t);
            }
            case 13 -> {
                label = "signature removed";
                authorization = "Bearer " + valid.substring(0, valid.lastIndexOf('.') + 1);
            }
            case 14 -> {
                label = "alg none";
                authorization = "Bearer " + FuzzAuth.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + FuzzAuth.b64("{" + base + "}") + ".";
            }
            case 15 -> {
                label = "HS256 keyed with the RSA public key (alg confusion)";
                authorization = "Bearer " + a.hs256WithPublicKey("{" + base + "}");
            }
            case 16 -> {
                label = "unknown kid (signed by a key the JWKS does not publish)";
                authorization = "Bearer " + FuzzAuth.sign(a.stranger, FuzzAuth.header(a.stranger).build(), a.claims(subject).build());
            }
            case 17 -> {
                label = "known kid, other key material";
                authorization = "Bearer " + FuzzAuth.sign(a.impostor, FuzzAuth.header(a.impostor).build(), a.claims(subject).build());
            }
            case 18 -> {
                label = "jku/x5u/jwk headers pointing elsewhere (signed by a stranger)";
                authorization = "Bearer " + FuzzAuth.sign(a.stranger, FuzzAuth.header(a.stranger)
                        .jwkURL(java.net.URI.create("http://evil.example/jwks")).x509CertURL(java.net.URI.create("http://evil.example/x5u"))
                        .jwk(a.stranger.toPublicJWK()).build(), a.claims(subject).build());
            }
            case 19 -> {
                label = "crit header";
                authorization = "Bearer " + a.signRaw("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + a.key.getKeyID() + "\",\"crit\":[\"exp\",\"x-unknown\"],\"x-unknown\":1}", "{" + base + "}");
                refused = true;
            }
            case 20 -> {
                label = "wrong number of parts";
                String[] p = valid.split("\\.");
                authorization = "Bearer " + pick(r, p[0] + "." + p[1], valid + ".x", valid + ".x.y", p[0], ".", "..", "....", valid.replace(".", ""));
            }
            case 21 -> {
                label = "non-base64url characters";
                authorization = "Bearer " + valid.replace(valid.charAt(10), pick(r, '+', '/', '=', '%', '$', '~', '!'));
            }
            case 22 -> {
                label = "header is not JSON / deep JSON";
                String h = pick(r, "not json", "[]", "null", "{\"alg\":\"RS256\"", nested(1, 900, true), "{\"alg\":" + nested(0, 5000, true) + "}");
                authorization = "Bearer " + FuzzAuth.b64(h) + "." + FuzzAuth.b64("{" + base + "}") + ".c2ln";
            }
            case 23 -> {
                label = "payload is not a JSON object (validly signed)";
                authorization = "Bearer " + a.signRaw(header, pick(r, "[]", "null", "\"x\"", "{", nested(0, 3000, true), "{\"sub\":" + nested(1, 2000, true) + "}"));
            }
            case 24 -> {
                label = "registered claims of the wrong type (validly signed)";
                String claims = pick(r,
                        "\"iss\":" + iss + ",\"aud\":" + aud + ",\"sub\":\"s\",\"exp\":\"tomorrow\",\"iat\":" + now,
                        "\"iss\":" + iss + ",\"aud\":" + aud + ",\"sub\":\"s\",\"exp\":1e400,\"iat\":" + now,
                        "\"iss\":" + iss + ",\"aud\":5,\"sub\":\"s\",\"exp\":" + (now + 600),
                        "\"iss\":[" + iss + "],\"aud\":" + aud + ",\"sub\":\"s\",\"exp\":" + (now + 600),
                        "\"iss\":" + iss + ",\"aud\":" + aud + ",\"sub\":{},\"exp\":" + (now + 600),
                        "\"iss\":" + iss + ",\"aud\":" + aud + ",\"sub\":\"s\",\"exp\":" + (now + 600) + ",\"nbf\":\"x\"",
                        "\"iss\":" + iss + ",\"aud\":" + aud + ",\"sub\":\"s\",\"exp\":-1",
                        "\"iss\":" + iss + ",\"aud\":" + aud + ",\"sub\":\"s\",\"exp\":99999999999999999999999");
                authorization = "Bearer " + a.signRaw(header, "{" + claims + "}");
            }
            case 25 -> {
                label = "larger than mcp.auth.max-token-bytes";
                authorization = "Bearer " + a.token(subject, b -> b.claim("pad", "p".repeat(logUniform(r, 8200, 20_000))));
            }
            case 26 -> {
                label = "5 parts (JWE shape)";
                authorization = "Bearer " + FuzzAuth.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d";
            }
            case 27 -> {
                label = "Authorization twice";
                authorization = "Bearer " + valid;
                expect = new Integer[]{400};
                Wire w = c.modern(null, "tools/call", "get_channels").header("Authorization", authorization)
                        .header("Authorization", "Bearer " + pick(r, valid, a.token("other"), "x")).body(body);
                return new Hostile(label, w).expect(expect).refused();
            }
            case 28 -> {
                label = "token in the query string";
                Wire w = c.modern(null, "tools/call", "get_channels").target("/mcp?access_token=" + valid).body(body);
                if (r.nextBoolean()) {
                    w.header("Authorization", "Bearer " + valid);
                }
                return new Hostile(label, w).expect(400).refused();
            }
            case 29 -> {
                label = "valid token of another issuer's shape with typ at+jwt but expired by 31 s";
                authorization = "Bearer " + a.token(subject, b -> b.expirationTime(new java.util.Date((now - 31) * 1000)));
            }
            case 30 -> {
                label = "alg RS512 header over an RS256 signature";
                String[] p = valid.split("\\.");
                authorization = "Bearer " + FuzzAuth.b64("{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"" + a.key.getKeyID() + "\"}") + "." + p[1] + "." + p[2];
            }
            case 31 -> {
                label = "typ not a JWT";
                authorization = "Bearer " + a.signRaw("{\"alg\":\"RS256\",\"typ\":\"" + pick(r, "JWE", "dpop+jwt", "", "x".repeat(100)) + "\",\"kid\":\"" + a.key.getKeyID() + "\"}", "{" + base + "}");
            }
            case 32 -> {
                label = "oddly typed permissions (validly signed, other claims fine)";
                authorization = "Bearer " + a.signRaw(header, "{\"iss\":" + iss + ",\"aud\":" + aud + ",\"sub\":" + q(subject) + ",\"iat\":" + (now - 5) + ",\"exp\":" + (now + 600)
                        + ",\"permissions\":" + pick(r, "\"channels:read\"", "5", "{\"a\":1}", "[[\"channels:read\"]]", "null", "[1,2]", nested(0, 500, true), "[\"" + "x".repeat(3000) + "\"]") + "}");
                refused = false;
                expect = null;
            }
            default -> {
                label = "scheme spelled differently";
                authorization = pick(r, "Token ", "JWT ", "Bearer:", "B e a r e r ", "DPoP ") + valid;
            }
        }
        Wire w = c.modern(null, "tools/call", "get_channels").body(body);
        if (authorization != null) {
            w.header("Authorization", authorization);
        }
        Hostile h = new Hostile(label, w);
        if (expect != null) {
            h.expect(expect);
        }
        return refused ? h.refused() : h;
    }

    // ------------------------------------------------------------------ one subject

    static Hostile singleSubject(FuzzContext c, SplittableRandom r, int index) {
        FuzzContext one = c.single();
        int kind = r.nextInt(10);
        Hostile h = switch (kind) {
            case 0, 1, 2, 3 -> {
                Template t = r.nextBoolean() ? one.validModern(r, one.token(r)) : one.validLegacy(r, one.session(r));
                yield new Hostile("valid " + (t.modern() ? "modern " : "legacy ") + t.method(), t.wire().body(t.body())).expect(200, 202, 429);
            }
            case 4 -> brokenJson(one, r, index);
            case 5 -> wrongTypes(one, r, index);
            case 6 -> unknownMethods(one, r, index);
            case 7 -> wrongEra(one, r, index);
            case 8 -> duplicateHeaders(one, r, index);
            default -> invalidUtf8(one, r, index);
        };
        return h;
    }

    // ------------------------------------------------------------------ huge values

    static Hostile hugeValues(FuzzContext c, SplittableRandom r, int index) {
        String token = c.token(r);
        int size = logUniform(r, 1024, MAX_BODY - 1024);
        String big = "x".repeat(size);
        String sz = String.format("%,d", size);
        if (index < 2) {
            // exactly at the limit: must be served
            String body = modernBody("1", "server/discover", "");
            String padded = body.substring(0, body.length() - 1) + " ".repeat(MAX_BODY - body.length()) + "}";
            Wire w = c.modern(token, "server/discover", null).body(padded);
            if (index == 1) {
                w.chunked();
            }
            return new Hostile("discover padded to exactly 4 MiB" + (index == 1 ? ", chunked" : ""), w).expect(200);
        }
        switch (r.nextInt(14)) {
            case 0 -> {
                return new Hostile("modern id string of " + sz, c.modern(token, "tools/list", null).body(modernBody(q(big), "tools/list", "")));
            }
            case 1 -> {
                int digits = Math.min(size, 2_000_000);
                return new Hostile("modern id integer of " + String.format("%,d", digits) + " digits", c.modern(token, "tools/list", null)
                        .body(modernBody("9".repeat(digits), "tools/list", "")));
            }
            case 2 -> {
                Session s = c.session(r);
                return new Hostile("legacy method string of " + sz, c.legacy(s).body(legacyBody("1", big, null)));
            }
            case 3 -> {
                return new Hostile("modern tools/call name of " + sz, c.modern(token, "tools/call", "x".repeat(Math.min(size, 1000)))
                        .body(modernBody("1", "tools/call", "\"name\":" + q(big) + ",\"arguments\":{}")));
            }
            case 4 -> {
                return new Hostile("modern get_channels location of " + sz, c.modern(token, "tools/call", "get_channels")
                        .body(modernBody("1", "tools/call", "\"name\":\"get_channels\",\"arguments\":{\"location\":" + q(big) + "}")));
            }
            case 5 -> {
                return new Hostile("modern clientInfo.name of " + sz, c.modern(token, "server/discover", null)
                        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{\"_meta\":{\"" + META_VERSION + "\":\"2026-07-28\",\""
                                + META_CAPS + "\":{},\"" + META_INFO + "\":{\"name\":" + q(big) + ",\"version\":\"1\"}}}}"));
            }
            case 6 -> {
                return new Hostile("modern cursor of " + sz, c.modern(token, "tools/list", null).body(modernBody("1", "tools/list", "\"cursor\":" + q(big))));
            }
            case 7 -> {
                return new Hostile("modern requestState of " + sz, c.modern(token, "tools/call", "test_elicitation")
                        .body(modernBody("1", "tools/call", "\"name\":\"test_elicitation\",\"arguments\":{\"message\":\"m\"},\"requestState\":" + q(big.replace('x', 'A') + "." + "B"))));
            }
            case 8 -> {
                int keys = Math.max(1, size / 14);
                StringBuilder b = new StringBuilder(size + 64);
                for (int i = 0; i < keys; i++) {
                    b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i % 10);
                }
                return new Hostile("modern get_channels arguments with " + String.format("%,d", keys) + " keys", c.modern(token, "tools/call", "get_channels")
                        .body(modernBody("1", "tools/call", "\"name\":\"get_channels\",\"arguments\":{\"location\":\"x\"," + b + "}")));
            }
            case 9 -> {
                int n = Math.max(1, size / 2);
                return new Hostile("modern progressToken array of " + String.format("%,d", n) + " numbers", c.modern(token, "tools/call", "test_tool_with_progress")
                        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"test_tool_with_progress\",\"arguments\":{},\"_meta\":{\""
                                + META_VERSION + "\":\"2026-07-28\",\"" + META_CAPS + "\":{},\"progressToken\":[" + "1,".repeat(n - 1) + "1]}}}")).stream(1000);
            }
            case 10, 11 -> {
                int over = MAX_BODY + logUniform(r, 1, 2 * 1024 * 1024);
                String body = modernBody("1", "server/discover", "");
                String padded = body.substring(0, body.length() - 1) + " ".repeat(over - body.length()) + "}";
                boolean chunked = r.nextBoolean();
                Wire w = c.modern(token, "server/discover", null).body(padded);
                if (chunked) {
                    w.chunked();
                }
                return new Hostile("discover padded to " + String.format("%,d", over) + " bytes (over the limit)" + (chunked ? ", chunked" : ""), w).expect(413);
            }
            case 12 -> {
                String id = pick(r, "1e999999999", "-1E-999999999", "1e2147483648", "0e99999999", "1.0e10", "123456789e-9", "-0.0", "1e-2147483649");
                return new Hostile("modern id " + id, c.modern(token, "tools/list", null).body(modernBody(id, "tools/list", "")));
            }
            default -> {
                Session s = c.session(r);
                String id = pick(r, "1e999999999", "9".repeat(Math.min(size, 500_000)), q(big));
                return new Hostile("legacy ping id of " + String.format("%,d", id.length()) + " chars", c.legacy(s).body(legacyBody(id, "ping", null)));
            }
        }
    }

    // ------------------------------------------------------------------ batches

    /** The 100,000-element batch goes out as the burst's 61st request (not first: its runaway work slows what follows), or its last. */
    static final int GIANT_BATCH_INDEX = 60;

    private static final String PING_1 = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private static String batchElement(SplittableRandom r, int i, int budget) {
        if (budget < 8) {
            return pick(r, "1", "{}", "[]", "null");
        }
        String e = switch (r.nextInt(14)) {
            case 0, 1, 2 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"ping\"}";
            case 3 -> PING_1;
            case 4 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}";
            case 5 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{" + CHANNELS_ARGS + "}}";
            case 6 -> "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + i + "}}";
            case 7 -> "{\"jsonrpc\":\"2.0\",\"id\":\"srv-" + i + "\",\"result\":{}}";
            case 8 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"b\",\"version\":\"1\"}}}";
            case 9 -> pick(r, "1", "\"x\"", "null", "{}", "[]", "true");
            case 10 -> "[" + PING_1 + "]";
            case 11 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"" + alnum(r, 6) + "\"}";
            case 12 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"test://b/" + i + "\"}}";
            default -> "{\"jsonrpc\":\"1.0\",\"id\":" + i + ",\"method\":\"ping\"}";
        };
        return e.length() <= budget ? e : "{}";
    }

    static String batch(SplittableRandom r, int n, int maxBytes) {
        StringBuilder b = new StringBuilder(Math.min(maxBytes, n * 40 + 16)).append('[');
        for (int i = 0; i < n; i++) {
            int remaining = n - i;
            int budget = (maxBytes - b.length() - 2) / remaining - 1;
            if (i > 0) {
                b.append(',');
            }
            b.append(batchElement(r, i, budget));
        }
        return b.append(']').toString();
    }

    static Hostile batchAbuse(FuzzContext c, SplittableRandom r, int index, int giantIndex) {
        int mode = r.nextInt(100);
        int n;
        if (index == giantIndex) {
            n = 100_000;
        } else if (mode < 2) {
            n = logUniform(r, 2_000, 10_000);
        } else if (mode < 30) {
            n = logUniform(r, 20, 2_000);
        } else {
            n = r.nextInt(21);
        }
        String sized = String.format("%,d", n);
        int where = index == giantIndex ? 0 : r.nextInt(10);
        if (where <= 5) {
            Session s = c.batchSession(r);
            String body;
            String what;
            if (index == giantIndex) {
                // 100,000 pings with the same id (41 bytes each, just under the 4 MiB limit)
                body = "[" + (PING_1 + ",").repeat(n - 1) + PING_1 + "]";
                what = sized + " pings with id 1";
            } else if (where == 5) {
                int depth = logUniform(r, 2, 50);
                body = "[".repeat(depth) + batch(r, Math.min(n, 1000), 1_000_000) + "]".repeat(depth);
                what = "batch nested " + depth + " deep";
            } else {
                body = batch(r, n, MAX_BODY - 64);
                what = sized + " mixed elements";
            }
            boolean noVersion = r.nextInt(4) == 0;
            Wire w = noVersion ? c.post(s.token()).header("Mcp-Session-Id", s.id()) : c.legacy(s);
            return new Hostile("2025-03-26 session batch of " + what + (noVersion ? ", no version header" : ""), w.body(body));
        }
        String body = batch(r, Math.min(n, 5000), 1_000_000);
        return switch (where) {
            case 6 -> {
                Session s = c.session(r, pick(r, V0618, V1125));
                yield new Hostile("batch of " + Math.min(n, 5000) + " in a " + s.version() + " session", c.legacy(s).body(body));
            }
            case 7 -> new Hostile("batch of " + Math.min(n, 5000) + " with 2026-07-28 headers", c.modern(c.token(r), "tools/list", null).body(body));
            case 8 -> new Hostile("batch of " + Math.min(n, 5000) + " without a session", c.post(c.token(r)).header("MCP-Protocol-Version", V0326).body(body));
            default -> {
                Session s = c.batchSession(r);
                yield new Hostile("batch of initialize requests in a 2025-03-26 session", c.legacy(s).body("["
                        + initializeBody("1", V0326, "{}", "{\"name\":\"x\",\"version\":\"1\"}") + "," + initializeBody("2", V1125, "{}", "{}") + "]"));
            }
        };
    }

    // ------------------------------------------------------------------ subscribe floods

    static Hostile subscribeFlood(FuzzContext c, SplittableRandom r, int index) {
        int mode = r.nextInt(100);
        if (mode < 65) {
            Session s = c.session(r);
            String uri = switch (r.nextInt(6)) {
                case 0 -> "test://watched-resource";
                case 1 -> "file:///etc/passwd";
                case 2 -> "";
                case 3 -> "test://x/" + unicode(r, 8);
                default -> "test://flood/" + index + "/" + alnum(r, logUniform(r, 5, 65_536));
            };
            return new Hostile("legacy " + s.version() + " resources/subscribe uri of " + uri.length() + " chars", c.legacy(s)
                    .body(legacyBody(Integer.toString(index), "resources/subscribe", "{\"uri\":" + q(uri) + "}")));
        }
        if (mode < 72) {
            Session s = c.session(r);
            return new Hostile("legacy " + s.version() + " resources/unsubscribe of a never-subscribed uri", c.legacy(s)
                    .body(legacyBody(Integer.toString(index), "resources/unsubscribe", "{\"uri\":\"test://never/" + alnum(r, 20) + "\"}")));
        }
        if (mode < 75) {
            Session s = c.batchSession(r);
            int n = logUniform(r, 100, 10_000);
            StringBuilder b = new StringBuilder(n * 90).append('[');
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"test://flood/")
                        .append(index).append('/').append(i).append("\"}}");
            }
            return new Hostile("2025-03-26 batch of " + String.format("%,d", n) + " resources/subscribe", c.legacy(s).body(b.append(']').toString()));
        }
        int n = logUniform(r, 1, 100_000);
        StringBuilder uris = new StringBuilder(n * 24);
        for (int i = 0; i < n; i++) {
            uris.append(i == 0 ? "" : ",").append("\"test://l/").append(index).append('/').append(i).append('"');
        }
        boolean jsonOnly = r.nextInt(5) == 0;
        Wire w = c.modern(c.token(r), "subscriptions/listen", null)
                .body(modernBody(Integer.toString(index), "subscriptions/listen", "\"notifications\":{\"toolsListChanged\":true,\"resourceSubscriptions\":[" + uris + "]}"));
        if (jsonOnly) {
            w.without("Accept").header("Accept", "application/json");
        }
        return new Hostile("subscriptions/listen with " + String.format("%,d", n) + " resource URIs" + (jsonOnly ? ", Accept JSON only" : ""), w).stream(300);
    }

    // ------------------------------------------------------------------ initialize: big state, many sessions

    static Hostile oversizedInitialize(FuzzContext c, SplittableRandom r, int index) {
        String token = c.token(r);
        String version = pick(r, V0326, V0618, V1125, V1125, "1999-01-01", "2026-07-28", "");
        if (index % 25 == 0) {
            int size = logUniform(r, 256 * 1024, MAX_BODY - 4096);
            String sz = String.format("%,d", size);
            String caps;
            String info = "{\"name\":\"fuzz\",\"version\":\"1\"}";
            String what;
            switch (r.nextInt(5)) {
                case 0 -> {
                    caps = "{\"experimental\":{\"blob\":" + q("A".repeat(size)) + "}}";
                    what = "capabilities string of " + sz;
                }
                case 1 -> {
                    caps = "{}";
                    info = "{\"name\":" + q("B".repeat(size)) + ",\"version\":\"1\"}";
                    what = "clientInfo.name of " + sz;
                }
                case 2 -> {
                    int keys = Math.min(size, 1024 * 1024) / 16;
                    StringBuilder b = new StringBuilder("{\"experimental\":{");
                    for (int i = 0; i < keys; i++) {
                        b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{}");
                    }
                    caps = b.append("}}").toString();
                    what = "capabilities with " + String.format("%,d", keys) + " keys";
                }
                case 3 -> {
                    caps = "{\"experimental\":" + nested(2, 900, true) + ",\"blob\":" + q("C".repeat(Math.min(size, 1024 * 1024))) + "}";
                    what = "capabilities 900 deep + 1 MiB string";
                }
                default -> {
                    int n = Math.min(size, 1024 * 1024) / 4;
                    caps = "{\"roots\":{\"listChanged\":[" + "1,".repeat(n - 1) + "1]}}";
                    what = "capabilities array of " + String.format("%,d", n) + " numbers";
                }
            }
            return new Hostile("initialize " + version + " with " + what, c.post(token).body(initializeBody(Integer.toString(index), version, caps, info)));
        }
        String caps = pick(r, "{}", "{\"sampling\":{},\"elicitation\":{},\"roots\":{\"listChanged\":true}}", "{\"experimental\":{\"x\":" + q(alnum(r, 200)) + "}}");
        return new Hostile("initialize " + q(version) + " (one more session)", c.post(token)
                .body(initializeBody(Integer.toString(index), version, caps, "{\"name\":" + q("client-" + index) + ",\"version\":\"1\"}")));
    }

    // ------------------------------------------------------------------ requestState + nested junk (known exponential)

    /** depth, shape (0 arrays, 1 objects), whether the valid requestState is sent (else the first round, which seals). */
    static final int[][] STATE_JUNK_PLAN = {
            {1, 0, 1}, {2, 0, 1}, {4, 0, 1}, {6, 0, 1}, {8, 0, 1}, {10, 0, 1}, {12, 0, 1}, {14, 0, 1}, {16, 0, 1}, {18, 0, 1}, {20, 0, 1},
            {8, 1, 1}, {12, 1, 1}, {16, 1, 1}, {18, 1, 1},
            {12, 0, 0}, {16, 0, 0},
            {22, 0, 1}, {24, 0, 1}, {26, 0, 1},
            {60, 0, 1}};

    static Hostile stateJunk(FuzzContext c, SplittableRandom r, int index) {
        int[] plan = STATE_JUNK_PLAN[index];
        String junk = nested(plan[1] == 0 ? 0 : 1, plan[0], true);
        String members = "\"name\":\"test_elicitation\",\"arguments\":{\"message\":" + q(c.stateMessage) + "}"
                + (plan[2] == 1 ? ",\"requestState\":" + q(c.requestState) + ",\"inputResponses\":{}" : "") + ",\"junk\":" + junk;
        Wire w = c.modern(c.stateToken, "tools/call", "test_elicitation").body(modernBody(Integer.toString(9000 + index), "tools/call", members));
        return new Hostile("junk " + (plan[1] == 0 ? "arrays" : "objects") + " depth " + plan[0] + (plan[2] == 1 ? " + valid requestState" : " (first round, no state)"), w)
                .stream(1500).cap(3000);
    }
}
