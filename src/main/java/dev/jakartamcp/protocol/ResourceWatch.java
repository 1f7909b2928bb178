package dev.jakartamcp.protocol;

/**
 * Whether a caller may be told about changes of a resource: it exists (or a template matches it), is switched on,
 * and the caller may read it. The transport asks before it honours a {@code subscriptions/listen} filter.
 */
public interface ResourceWatch {
    boolean mayWatch(Caller caller, String uri);
}
