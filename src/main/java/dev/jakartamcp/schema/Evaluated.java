package dev.jakartamcp.schema;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The annotations {@code unevaluatedProperties} and {@code unevaluatedItems} depend on: which
 * properties, which array items of one value some keyword already applied a subschema to.
 * {@link #NONE} and {@link #ALL} are shared and never changed; others are built by one schema object.
 */
final class Evaluated {

    /** Nothing evaluated (what {@code true} and a passing probe that collects nothing give). */
    static final Evaluated NONE = new Evaluated();

    /**
     * Everything evaluated: given for a subschema that already failed for this value, so that a
     * failure is not reported a second time as unevaluated properties or items.
     */
    static final Evaluated ALL = new Evaluated(true);

    private boolean allProperties;
    private boolean allItems;
    private Set<String> properties;
    private BitSet items;

    Evaluated() {
    }

    private Evaluated(boolean all) {
        this.allProperties = all;
        this.allItems = all;
    }

    void property(String name) {
        if (!allProperties) {
            if (properties == null) {
                properties = new HashSet<>();
            }
            properties.add(name);
        }
    }

    void allProperties() {
        allProperties = true;
        properties = null;
    }

    /** Items {@code 0} to {@code end - 1}. */
    void items(int end) {
        if (!allItems && end > 0) {
            bits().set(0, end);
        }
    }

    void item(int index) {
        if (!allItems) {
            bits().set(index);
        }
    }

    void allItems() {
        allItems = true;
        items = null;
    }

    void add(Evaluated other) {
        if (other == null || other == NONE) {
            return;
        }
        if (other.allProperties) {
            allProperties();
        } else if (other.properties != null) {
            other.properties.forEach(this::property);
        }
        if (other.allItems) {
            allItems();
        } else if (other.items != null && !allItems) {
            bits().or(other.items);
        }
    }

    boolean hasProperty(String name) {
        return allProperties || (properties != null && properties.contains(name));
    }

    boolean hasItem(int index) {
        return allItems || (items != null && items.get(index));
    }

    private BitSet bits() {
        if (items == null) {
            items = new BitSet();
        }
        return items;
    }
}
