package dev.jakartamcp.schema;

import java.util.regex.Pattern;

/** Where a value sits in the instance; rendered only when a violation is reported. */
final class InstancePath {

    static final InstancePath ROOT = new InstancePath(null, null, -1);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final InstancePath parent;
    private final String name;
    private final int index;

    private InstancePath(InstancePath parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    InstancePath property(String propertyName) {
        return new InstancePath(this, propertyName, -1);
    }

    InstancePath index(int i) {
        return new InstancePath(this, null, i);
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "";
        }
        StringBuilder path = new StringBuilder(parent.toString());
        append(path, name == null ? (Object) index : name);
        return path.toString();
    }

    /** Appends one step, a property name or an {@code Integer} index, to a path rendered as {@link #toString} does. */
    static void append(StringBuilder path, Object step) {
        if (step instanceof Integer i) {
            path.append('[').append(i).append(']');
        } else if (IDENTIFIER.matcher((String) step).matches()) {
            path.append(path.length() == 0 ? "" : ".").append((String) step);
        } else {
            path.append('[').append(Jsonp.PROVIDER.createValue((String) step)).append(']');
        }
    }
}
