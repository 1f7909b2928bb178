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
        String prefix = parent.toString();
        if (name == null) {
            return prefix + "[" + index + "]";
        }
        if (IDENTIFIER.matcher(name).matches()) {
            return prefix.isEmpty() ? name : prefix + "." + name;
        }
        return prefix + "[" + Jsonp.PROVIDER.createValue(name) + "]";
    }
}
