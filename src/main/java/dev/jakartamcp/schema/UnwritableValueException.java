package dev.jakartamcp.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A value a tool returned that cannot be written in the form its schema declares: a negative {@code Duration} or
 * {@code Period} (the duration format has no sign), a date or time with a year outside 0000-9999 (RFC 3339 has four
 * digits for it), a {@code double} or {@code float} NaN or infinity (JSON has no number for it), a value breaking a
 * keyword of its outputSchema (a constraint's: {@code @Min(-90)} and -100). The message names the path to the value,
 * {@code elapsed}, {@code steps[2].due}, and the problem; it does not repeat the value.
 */
public final class UnwritableValueException extends IllegalArgumentException {

    /** How many steps of its path a message names. */
    private static final int MAX_STEPS_NAMED = 16;
    /** How many of the keywords a value breaks {@link #breaking} names. */
    private static final int MAX_NAMED = 5;

    /** The path to the value, outermost first: property names and {@code Integer} item indexes. */
    private final List<Object> steps;
    private final String problem;

    UnwritableValueException(String problem) {
        this(List.of(), problem);
    }

    private UnwritableValueException(List<Object> steps, String problem) {
        super(message(steps, problem));
        this.steps = steps;
        this.problem = problem;
    }

    /**
     * The first few of the keywords a value written for its outputSchema breaks ({@code days[2].temperature must be >=
     * -90; contact must be a valid email address}), each named by its path, as the writer names the problems it finds.
     */
    static UnwritableValueException breaking(List<SchemaViolation> violations) {
        return new UnwritableValueException(violations.stream().limit(MAX_NAMED).map(SchemaViolation::toString)
                .collect(Collectors.joining("; ")) + (violations.size() > MAX_NAMED ? "; ..." : ""));
    }

    /** The same problem one property (or map key) further out. */
    UnwritableValueException inProperty(String name) {
        return outside(name);
    }

    /** The same problem one array item further out. */
    UnwritableValueException inItem(int index) {
        return outside(index);
    }

    private UnwritableValueException outside(Object step) {
        List<Object> path = new ArrayList<>(steps.size() + 1);
        path.add(step);
        path.addAll(steps);
        return new UnwritableValueException(List.copyOf(path), problem);
    }

    /** {@code steps[2].due is …}; a name that is no plain identifier (a map's key) quoted: {@code byCity["New York"]}. */
    private static String message(List<Object> steps, String problem) {
        StringBuilder path = new StringBuilder();
        // a value nesting too deep (a cycle) has a path of a hundred steps: its first ones say where it starts
        steps.stream().limit(MAX_STEPS_NAMED).forEach(step -> InstancePath.append(path, step));
        if (steps.size() > MAX_STEPS_NAMED) {
            path.append("…");
        }
        return path.length() == 0 ? problem : path + " " + problem;
    }
}
