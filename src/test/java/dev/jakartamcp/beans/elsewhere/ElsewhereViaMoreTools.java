package dev.jakartamcp.beans.elsewhere;

import dev.jakartamcp.beans.OverrideFixtures;

/**
 * Another package, but {@code purge} overrides the package-private {@code BaseTools.purge} through
 * {@code MoreTools.purge}, which is public and overrides it (JVMS 5.4.5).
 */
public class ElsewhereViaMoreTools extends OverrideFixtures.MoreTools {
    @Override
    public String purge() {
        return "ElsewhereViaMoreTools";
    }
}
