package dev.jakartamcp.beans.elsewhere;

import dev.jakartamcp.beans.OverrideFixtures;

/** Another package: {@code purge} does not override the package-private method of its superclass. */
public class ElsewhereTools extends OverrideFixtures.BaseTools {
    public String purge() {
        return "ElsewhereTools";
    }

    @Override
    public String archive() {
        return "ElsewhereTools";
    }
}
