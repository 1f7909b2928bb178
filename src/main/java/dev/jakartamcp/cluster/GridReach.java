package dev.jakartamcp.cluster;

/**
 * What one probe of the data grid found: of the {@code members} whose partitions it read a key of, how many
 * {@code answered} within the probe's timeout.
 */
public record GridReach(int members, int answered) {
    /** With the cluster off: nothing to ask, nothing unanswered. */
    public static final GridReach ALONE = new GridReach(1, 1);

    public GridReach {
        if (members < 0 || answered < 0 || answered > members) {
            throw new IllegalArgumentException(answered + " of " + members);
        }
    }

    public boolean all() {
        return answered == members;
    }

    /**
     * Whether more than half of the members answered: a node that reaches only half or fewer is likely the one cut off
     * (or in a cluster of two, cannot tell), while a node that reaches most of them can serve every request that does
     * not need the others.
     */
    public boolean majority() {
        return answered * 2 > members;
    }
}
