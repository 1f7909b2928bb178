package dev.jakartamcp.fuzz;

import dev.jakartamcp.fuzz.FuzzContext.Session;
import dev.jakartamcp.fuzz.FuzzContext.Task;

import java.util.SplittableRandom;

import static dev.jakartamcp.fuzz.Categories.alnum;
import static dev.jakartamcp.fuzz.Categories.junk;
import static dev.jakartamcp.fuzz.Categories.logUniform;
import static dev.jakartamcp.fuzz.Categories.pick;
import static dev.jakartamcp.fuzz.Categories.unicode;
import static dev.jakartamcp.fuzz.FuzzContext.META_CAPS;
import static dev.jakartamcp.fuzz.FuzzContext.META_VERSION;
import static dev.jakartamcp.fuzz.FuzzContext.MODERN;
import static dev.jakartamcp.fuzz.FuzzContext.legacyBody;
import static dev.jakartamcp.fuzz.FuzzContext.q;

/**
 * The tasks extension ({@code io.modelcontextprotocol/tasks}) under abuse: tasks created from every task tool of the
 * conformance fixture with odd arguments and odd extension declarations, and {@code tasks/get}, {@code tasks/update}
 * and {@code tasks/cancel} with ids of every JSON type, unknown and foreign ids (tasks of other subjects made in the
 * setup), answers of every shape and size, mismatched {@code Mcp-Name} headers, and the methods sent where they do not
 * exist (a 2025 session, the retired 2025-11-25 names).
 */
final class TasksCategory {
    private static final String EXTENSION = "io.modelcontextprotocol/tasks";
    private static final String[] ID_VALUES = {"null", "true", "0", "-1", "1.5", "1e400", "[]", "{}", "[\"x\"]", "{\"taskId\":\"x\"}",
            "\"\"", "\" \"", "\"../../etc/passwd\"", "\"%00\"", "\"\\u0000\"", "9223372036854775808"};
    private static final String[] EXTENSION_VALUES = {"{}", "{}", "{}", "null", "1", "\"yes\"", "[]", "{\"version\":[1,2]}", "true"};

    private TasksCategory() {
    }

    static Hostile make(FuzzContext c, SplittableRandom r, int index) {
        int kind = r.nextInt(20);
        if (kind <= 4) {
            return create(c, r);
        }
        if (kind <= 8) {
            return byId(c, r, "tasks/get", "");
        }
        if (kind <= 12) {
            return byId(c, r, "tasks/update", ",\"inputResponses\":" + responses(r));
        }
        if (kind <= 14) {
            return byId(c, r, "tasks/cancel", "");
        }
        if (kind == 15) {
            Session s = c.session(r);
            String method = pick(r, "tasks/get", "tasks/update", "tasks/cancel", "tasks/list", "tasks/result");
            return new Hostile(method + " in a " + s.version() + " session",
                    c.legacy(s).body(legacyBody("1", method, "{\"taskId\":" + q(taskId(c, r)) + "}")));
        }
        if (kind == 16) {
            String method = pick(r, "tasks/list", "tasks/result", "notifications/tasks/status", "tasks/create", "tasks/");
            boolean notification = method.startsWith("notifications/");
            return new Hostile(method + " (not a method of the extension)", c.modern(c.token(r), method, null)
                    .body(body(notification ? null : "1", method, "\"taskId\":" + q(taskId(c, r)), extension(r))));
        }
        if (kind == 17) {
            // the 2025-11-25 shape of a task request (params.task) next to the extension's
            String task = pick(r, "{\"ttl\":60000}", "{\"ttl\":-1}", "{\"ttl\":1e400}", "\"now\"", "null", "{\"ttl\":{}}", "[]");
            return new Hostile("tools/call with params.task " + task, c.modern(c.token(r), "tools/call", "slow_compute")
                    .body(body("1", "tools/call", "\"name\":\"slow_compute\",\"arguments\":{\"seconds\":0},\"task\":" + task, extension(r))));
        }
        // Mcp-Name headers that do not match the task id, or none
        Task t = task(c, r);
        String name = pick(r, null, "", "other-" + alnum(r, 8), t.id() + " ", t.id().toUpperCase(), t.id() + "," + t.id(), junk(r, 60));
        String method = pick(r, "tasks/get", "tasks/cancel", "tasks/update");
        Wire w = c.modern(t.token(), method, name)
                .body(body("1", method, "\"taskId\":" + q(t.id()) + (method.equals("tasks/update") ? ",\"inputResponses\":{}" : ""), declared()));
        return new Hostile(method + " with Mcp-Name " + (name == null ? "missing" : Hostile.preview(Categories.utf8(name), 30)), w);
    }

    /** A tool's name and its arguments as JSON text. */
    private record ToolCall(String tool, String arguments) {
    }

    /** A task-creating tools/call: a tool that may or must run as a task, odd arguments, odd extension declarations. */
    private static Hostile create(FuzzContext c, SplittableRandom r) {
        String token = c.token(r);
        ToolCall call = switch (r.nextInt(12)) {
            case 0, 1, 2 -> new ToolCall("slow_compute", "{\"seconds\":" + pick(r, "0", "0", "1", "-5", "\"1\"", "1.5", "null", "2147483648", "[]")
                    + (r.nextBoolean() ? ",\"label\":" + q(pick(r, unicode(r, 40), junk(r, 200), "x".repeat(logUniform(r, 1, 100_000)))) : "") + "}");
            case 3, 4 -> new ToolCall("report_as_task", pick(r, "{}", "{\"extra\":1}", "[]", "null", "\"x\""));
            case 5 -> new ToolCall("failing_job", "{}");
            case 6 -> new ToolCall("protocol_error_job", "{}");
            // waits for an answer no one gives until tasks/cancel or the end of the task's life
            case 7 -> new ToolCall("confirm_delete", "{\"filename\":" + q(pick(r, "a.txt", unicode(r, 20), junk(r, 300))) + "}");
            case 8 -> new ToolCall("test_tool_with_task", "{}");
            case 9 -> new ToolCall("greet", "{\"name\":\"task?\"}");
            default -> new ToolCall(pick(r, "no_such_tool", "", "slow_compute\u0000", "SLOW_COMPUTE"), "{\"seconds\":0}");
        };
        String tool = call.tool();
        String arguments = call.arguments();
        String extension = extension(r);
        Wire w = c.modern(token, "tools/call", tool)
                .body(body("1", "tools/call", "\"name\":" + q(tool) + ",\"arguments\":" + arguments, extension));
        return new Hostile("create " + Hostile.preview(Categories.utf8(tool), 30) + " extension=" + Hostile.preview(Categories.utf8(extension), 40), w);
    }

    /** A tasks method on a task of the setup (own or foreign), an unknown id, or an id that is no string. */
    private static Hostile byId(FuzzContext c, SplittableRandom r, String method, String more) {
        Task t = task(c, r);
        String token;
        String id;
        String what;
        switch (r.nextInt(6)) {
            case 0, 1 -> {
                token = t.token();
                id = q(t.id());
                what = "own " + (t.waiting() ? "waiting" : "done") + " task";
            }
            case 2 -> {
                token = c.token(r);
                id = q(t.id());
                what = token.equals(t.token()) ? "own task" : "foreign task";
            }
            case 3 -> {
                token = t.token();
                id = q(taskId(c, r));
                what = "unknown id";
            }
            case 4 -> {
                token = t.token();
                id = pick(r, ID_VALUES);
                what = "id " + id;
            }
            default -> {
                token = t.token();
                id = null;
                what = "no id";
            }
        }
        // Mcp-Name names a task: the id itself, or for an id that is no plain string (or none) a real task's, which the
        // endpoint does not compare with a body value that is no string, so the request reaches the tasks code
        String name = id != null && id.matches("\"[A-Za-z0-9_.%/-]+\"") ? id.substring(1, id.length() - 1) : t.id();
        Wire w = c.modern(token, method, name).body(body("1", method, (id == null ? "\"other\":1" : "\"taskId\":" + id) + more, mostlyDeclared(r)));
        return new Hostile(method + " " + what + (more.isEmpty() ? "" : " " + Hostile.preview(Categories.utf8(more), 40)), w);
    }

    /** What tasks/update carries as its answers: every JSON type, many keys, deep nesting, answers to no question. */
    private static String responses(SplittableRandom r) {
        return switch (r.nextInt(9)) {
            case 0 -> pick(r, "null", "1", "\"x\"", "[]", "[{}]", "true");
            case 1 -> "{}";
            case 2 -> "{\"confirm_delete\":{\"action\":\"accept\",\"content\":{\"confirm\":" + pick(r, "true", "false", "\"yes\"", "null") + "}}}";
            case 3 -> "{\"elicitation\":{\"action\":" + pick(r, "\"decline\"", "\"cancel\"", "\"accept\"", "1", "null", "\"" + junk(r, 50) + "\"") + "}}";
            case 4 -> {
                StringBuilder b = new StringBuilder("{");
                int keys = logUniform(r, 10, 20_000);
                for (int i = 0; i < keys; i++) {
                    b.append(i == 0 ? "" : ",").append('"').append("k").append(i).append("\":{\"action\":\"accept\",\"content\":{}}");
                }
                yield b.append('}').toString();
            }
            case 5 -> {
                int depth = logUniform(r, 10, 2_000);
                yield "{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            }
            case 6 -> "{\"x\":{\"action\":\"accept\",\"content\":{\"name\":" + q("y".repeat(logUniform(r, 10, 1_000_000))) + "}}}";
            case 7 -> "{" + q(unicode(r, 30)) + ":{\"action\":\"accept\"}," + q("") + ":null}";
            default -> "{\"elicitation\":{\"action\":\"accept\",\"content\":{\"confirm\":true}},\"elicitation\":{\"action\":\"decline\"}}";
        };
    }

    private static Task task(FuzzContext c, SplittableRandom r) {
        return c.tasks.get(r.nextInt(c.tasks.size()));
    }

    /** A well-formed id no task has. */
    private static String taskId(FuzzContext c, SplittableRandom r) {
        return pick(r, alnum(r, 43), alnum(r, 42) + "=", "x", task(c, r).id() + "x", task(c, r).id().substring(1));
    }

    /** The tasks extension declared as a client that holds tasks declares it ({@code extensions} as JSON text). */
    static String declared() {
        return "{\"" + EXTENSION + "\":{}}";
    }

    /** Mostly {@link #declared()}, so that most requests reach the tasks methods; now and then as {@link #extension}. */
    private static String mostlyDeclared(SplittableRandom r) {
        return r.nextInt(5) == 0 ? extension(r) : declared();
    }

    /** How the request declares the tasks extension: as it should, with an odd value, not at all, or wrongly typed. */
    private static String extension(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> "";
            case 1 -> pick(r, "null", "[]", "\"" + EXTENSION + "\"", "{\"" + EXTENSION + "\":{},\"" + EXTENSION + "\":null}");
            default -> "{\"" + EXTENSION + "\":" + pick(r, EXTENSION_VALUES) + "}";
        };
    }

    /**
     * A 2026-07-28 request body whose client capabilities declare elicitation and, as {@code extensions} (JSON text;
     * empty: none), the tasks extension.
     */
    static String body(String id, String method, String members, String extensions) {
        String capabilities = "{\"elicitation\":{}" + (extensions.isEmpty() ? "" : ",\"extensions\":" + extensions) + "}";
        return "{\"jsonrpc\":\"2.0\"" + (id == null ? "" : ",\"id\":" + id) + ",\"method\":" + q(method) + ",\"params\":{" + members
                + ",\"_meta\":{\"" + META_VERSION + "\":" + q(MODERN) + ",\"" + META_CAPS + "\":" + capabilities + "}}}";
    }
}
