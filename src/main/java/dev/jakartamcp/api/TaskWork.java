package dev.jakartamcp.api;

/**
 * The long part of a tool that prepares its task first. A tool method that returns {@code TaskWork} runs while the
 * call is handled, so that it can ask its questions before any task exists (a multi round-trip request in
 * 2026-07-28); the work it returns then runs as the task, with the task's own {@link McpContext}:
 * <pre>{@code
 * @Tool(task = TaskSupport.REQUIRED)
 * public TaskWork<String> report(McpContext context) {
 *     String quarter = context.elicit("Which quarter?", schema).content().getString("quarter");
 *     return task -> reports.build(quarter, task);   // runs on the managed executor, the client polls
 * }
 * }</pre>
 * When the call is not answered with a task (task support {@code none}, or {@code optional} and the client did not
 * declare the extension), the work runs at once, within the call.
 */
@FunctionalInterface
public interface TaskWork<T> {
    T run(McpContext task) throws Exception;
}
