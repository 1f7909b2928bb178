package dev.jakartamcp.schema;

/**
 * A value a tool returned that cannot be written in the form its schema declares: a negative {@code Duration} or
 * {@code Period} (the duration format has no sign), a date or time with a year outside 0000-9999 (RFC 3339 has four
 * digits for it). The message names the path to the value, {@code elapsed}, {@code steps[2].due}, and the problem; it
 * does not repeat the value.
 */
public final class UnwritableValueException extends IllegalArgumentException {

    private final String path;
    private final String problem;

    UnwritableValueException(String problem) {
        this("", problem);
    }

    private UnwritableValueException(String path, String problem) {
        super(path.isEmpty() ? problem : path + " " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** The same problem one property further out. */
    UnwritableValueException inProperty(String name) {
        return new UnwritableValueException(path.isEmpty() || path.startsWith("[") ? name + path : name + "." + path, problem);
    }

    /** The same problem one array item further out. */
    UnwritableValueException inItem(int index) {
        return new UnwritableValueException("[" + index + "]" + (path.isEmpty() || path.startsWith("[") ? path : "." + path), problem);
    }
}
