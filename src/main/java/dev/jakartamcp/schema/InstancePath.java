package dev.jakartamcp.schema;

import java.util.regex.Pattern;

/** Where a value sits in the instance; rendered only when a violation is reported. */
final class InstancePath {

    static final InstancePath ROOT = new InstancePath(null, null, -1);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /**
     * Characters of a property name a path shows; a longer name is cut, with "…". A caller's key may be megabytes long,
     * and every violation under it renders the path: the text stays bounded by the nesting depth instead.
     */
    static final int MAX_NAME_SHOWN = 64;

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
            return;
        }
        String name = (String) step;
        if (name.length() > MAX_NAME_SHOWN) {
            int end = Character.isHighSurrogate(name.charAt(MAX_NAME_SHOWN - 1)) ? MAX_NAME_SHOWN - 1 : MAX_NAME_SHOWN;
            name = name.substring(0, end) + "…";
        }
        if (IDENTIFIER.matcher(name).matches()) {
            path.append(path.length() == 0 ? "" : ".").append(name);
        } else {
            path.append('[').append(Jsonp.PROVIDER.createValue(name)).append(']');
        }
    }
}
