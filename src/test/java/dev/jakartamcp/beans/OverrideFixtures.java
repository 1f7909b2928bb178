package dev.jakartamcp.beans;

import jakarta.annotation.security.RolesAllowed;

/**
 * Classes whose methods share a signature with a superclass's annotated method without always overriding it (JVMS
 * 5.4.5); the subclasses in {@code dev.jakartamcp.beans.elsewhere} are in another package. Each method returns the
 * simple name of its class, so a test sees whose body ran.
 */
public final class OverrideFixtures {
    private OverrideFixtures() {
    }

    public abstract static class BaseTools {
        @RolesAllowed("admin")
        private String wipe() {
            return "BaseTools";
        }

        @RolesAllowed("admin")
        String purge() {
            return "BaseTools";
        }

        @RolesAllowed("admin")
        protected String archive() {
            return "BaseTools";
        }
    }

    /** Same package: {@code purge} and {@code archive} override, {@code wipe} does not (private). */
    public static class MoreTools extends BaseTools {
        public String wipe() {
            return "MoreTools";
        }

        @Override
        public String purge() {
            return "MoreTools";
        }

        @Override
        public String archive() {
            return "MoreTools";
        }
    }
}
