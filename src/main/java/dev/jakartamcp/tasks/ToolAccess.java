package dev.jakartamcp.tasks;

import dev.jakartamcp.protocol.Caller;

/**
 * Whether a caller may use a tool now, as {@code tools/call} decides it: the tool exists, is switched on and admits
 * the caller, with the operator's live overrides applied. The tasks extension asks it on every request about a task of
 * that tool, so that revoking the tool reaches its tasks.
 */
public interface ToolAccess {
    boolean mayUse(Caller caller, String toolName);

    /** Whether the tool exists and is switched on, whoever asks; the work of a task of a tool that is not stops. */
    boolean isOn(String toolName);
}
