package dev.jakartamcp.beans;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.beans.elsewhere.ElsewhereTools;
import dev.jakartamcp.beans.elsewhere.ElsewhereViaMoreTools;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.spi.DefinitionException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessAnnotationsTest {

    @RolesAllowed("base")
    static class Base {
        public void inherited() {
        }

        public void overridden() {
        }

        @PermitAll
        public void basePermit() {
        }
    }

    @RolesAllowed("sub")
    static class Sub extends Base {
        @Override
        public void overridden() {
        }

        public void plain() {
        }

        @DenyAll
        public void denied() {
        }

        @RolesAllowed({})
        public void emptyRoles() {
        }

        @RolesAllowed({"x", "y"})
        public void methodRoles() {
        }

        @RolesAllowed("**")
        public void anyAuthenticated() {
        }
    }

    static class Unannotated {
        public void any() {
        }
    }

    @DenyAll
    static class DeniedClass {
        public void any() {
        }

        @RolesAllowed("r")
        public void allowed() {
        }
    }

    static class Contradictions {
        @PermitAll
        @RolesAllowed("a")
        public void permitAndRoles() {
        }
    }

    static class SpacedRoles {
        @RolesAllowed({"reader", "admin "})
        public void spaced() {
        }

        @RolesAllowed({"reader", ""})
        public void blank() {
        }
    }

    @PermitAll
    @DenyAll
    static class ContradictoryClass {
        public void any() {
        }
    }

    @PermitAll
    @DenyAll
    static class ContradictoryClassOfAnnotatedMethods {
        @RolesAllowed("admin")
        public void annotated() {
        }
    }

    @RolesAllowed(" admin")
    static class SpacedClassOfAnnotatedMethods {
        @PermitAll
        public void annotated() {
        }
    }

    private static Access of(Class<?> bean, String name) throws NoSuchMethodException {
        Method method = bean.getMethod(name);
        return AccessAnnotations.of(method);
    }

    @Test
    void methodAnnotationsWinOverClassAnnotations() throws Exception {
        assertEquals(Access.rolesAllowed("x", "y"), of(Sub.class, "methodRoles"));
        assertEquals(Access.denyAll(), of(Sub.class, "denied"));
        assertEquals(Access.permitAll(), of(Sub.class, "basePermit"));
        assertEquals(Access.rolesAllowed("r"), of(DeniedClass.class, "allowed"));
    }

    @Test
    void theDeclaringClassDecidesForMethodsWithoutAnnotations() throws Exception {
        assertEquals(Access.rolesAllowed("sub"), of(Sub.class, "plain"));
        assertEquals(Access.rolesAllowed("sub"), of(Sub.class, "overridden"), "an override belongs to the subclass");
        assertEquals(Access.rolesAllowed("base"), of(Sub.class, "inherited"), "an inherited method keeps its class's roles");
        assertEquals(Access.denyAll(), of(DeniedClass.class, "any"));
    }

    @Test
    void anOverrideDecidesEvenWhenTheMarkerSitsOnTheSuperclassMethod() throws Exception {
        Method marked = Base.class.getMethod("overridden");
        assertEquals(Sub.class, AccessAnnotations.implementation(Sub.class, marked).getDeclaringClass());
        assertEquals(Access.rolesAllowed("sub"), AccessAnnotations.of(AccessAnnotations.implementation(Sub.class, marked)));
        Method inherited = Base.class.getMethod("inherited");
        assertEquals(Base.class, AccessAnnotations.implementation(Sub.class, inherited).getDeclaringClass());
    }

    /** The declaring class of the method whose annotations decide, after checking that its body is the one that runs. */
    private static String decidingClass(Class<?> bean, String name) throws Exception {
        Method marked = OverrideFixtures.BaseTools.class.getDeclaredMethod(name);
        marked.setAccessible(true);
        Method deciding = AccessAnnotations.implementation(bean, marked);
        Object ran = marked.invoke(bean.getDeclaredConstructor().newInstance());
        assertEquals(deciding.getDeclaringClass().getSimpleName(), ran, "the annotations of the body that runs decide");
        return deciding.getDeclaringClass().getSimpleName();
    }

    @Test
    void aSameSignatureMethodThatDoesNotOverrideLeavesTheSuperclassRulesInForce() throws Exception {
        Method wipe = OverrideFixtures.BaseTools.class.getDeclaredMethod("wipe");
        assertEquals("BaseTools", decidingClass(OverrideFixtures.MoreTools.class, "wipe"), "a private method is never overridden");
        assertEquals(Access.rolesAllowed("admin"), AccessAnnotations.of(AccessAnnotations.implementation(OverrideFixtures.MoreTools.class, wipe)));
        Method purge = OverrideFixtures.BaseTools.class.getDeclaredMethod("purge");
        assertEquals("BaseTools", decidingClass(ElsewhereTools.class, "purge"), "package-private, subclass in another package");
        assertEquals(Access.rolesAllowed("admin"), AccessAnnotations.of(AccessAnnotations.implementation(ElsewhereTools.class, purge)));
        assertEquals("BaseTools", decidingClass(ElsewhereViaMoreTools.class, "wipe"));
    }

    @Test
    void anOverrideByTheJvmRulesDecides() throws Exception {
        assertEquals("MoreTools", decidingClass(OverrideFixtures.MoreTools.class, "purge"), "package-private, same package");
        assertEquals("MoreTools", decidingClass(OverrideFixtures.MoreTools.class, "archive"));
        assertEquals("ElsewhereTools", decidingClass(ElsewhereTools.class, "archive"), "protected, another package");
        assertEquals("ElsewhereViaMoreTools", decidingClass(ElsewhereViaMoreTools.class, "purge"),
                "another package, overriding through a public override in the superclass's package");
    }

    @Test
    void doubleStarMeansEveryAuthenticatedCallerAsInJakartaEe() throws Exception {
        assertEquals(Access.permitAll(), of(Sub.class, "anyAuthenticated"));
    }

    @Test
    void emptyRolesAllowedDeniesEveryone() throws Exception {
        assertEquals(Access.denyAll(), of(Sub.class, "emptyRoles"));
    }

    @Test
    void noAnnotationAnywhereAdmitsEveryAuthenticatedCaller() throws Exception {
        assertEquals(Access.permitAll(), of(Unannotated.class, "any"));
    }

    @Test
    void contradictionsStopTheDeploymentNamingTheCulprit() {
        DefinitionException onMethod = assertThrows(DefinitionException.class, () -> of(Contradictions.class, "permitAndRoles"));
        assertTrue(onMethod.getMessage().contains("@PermitAll and @RolesAllowed on method " + Contradictions.class.getName() + "#permitAndRoles"),
                onMethod.getMessage());
        DefinitionException onClass = assertThrows(DefinitionException.class, () -> of(ContradictoryClass.class, "any"));
        assertTrue(onClass.getMessage().contains("@PermitAll and @DenyAll on class " + ContradictoryClass.class.getName()), onClass.getMessage());
    }

    @Test
    void aClassAnnotationNoMethodNeedsIsCheckedAllTheSame() {
        // README: two of them on one method or class stop the deployment, also where each method says for itself
        DefinitionException contradictory = assertThrows(DefinitionException.class,
                () -> of(ContradictoryClassOfAnnotatedMethods.class, "annotated"));
        assertTrue(contradictory.getMessage().contains("@PermitAll and @DenyAll on class " + ContradictoryClassOfAnnotatedMethods.class.getName()),
                contradictory.getMessage());
        DefinitionException spaced = assertThrows(DefinitionException.class, () -> of(SpacedClassOfAnnotatedMethods.class, "annotated"));
        assertTrue(spaced.getMessage().contains("\" admin\"") && spaced.getMessage().contains("class " + SpacedClassOfAnnotatedMethods.class.getName()),
                spaced.getMessage());
    }

    @Test
    void aRoleNameNoCallerCouldHoldAsWrittenStopsTheDeployment() {
        // Jakarta EE compares role names exactly: "admin " is not "admin", and no token's permission is meant to be it
        DefinitionException spaced = assertThrows(DefinitionException.class, () -> of(SpacedRoles.class, "spaced"));
        assertTrue(spaced.getMessage().contains("\"admin \"") && spaced.getMessage().contains(SpacedRoles.class.getName() + "#spaced"),
                spaced.getMessage());
        DefinitionException blank = assertThrows(DefinitionException.class, () -> of(SpacedRoles.class, "blank"));
        assertTrue(blank.getMessage().contains("\"\""), blank.getMessage());
    }

    abstract static class CrudTools<T> {
        public String delete(T item) {
            return "CrudTools";
        }

        public String deleteAll(T[] items) {
            return "CrudTools";
        }

        public String keep(T item) {
            return "CrudTools";
        }
    }

    @RolesAllowed("admin")
    static class OrderTools extends CrudTools<String> {
        @Override
        public String delete(String item) {
            return "OrderTools";
        }

        @Override
        public String deleteAll(String[] items) {
            return "OrderTools";
        }
    }

    static class StillGeneric<T extends Number> extends CrudTools<T> {
        @Override
        @DenyAll
        public String delete(T item) {
            return "StillGeneric";
        }
    }

    abstract static class NumberTools<T extends Number> {
        public String delete(T item) {
            return "NumberTools";
        }
    }

    @SuppressWarnings("rawtypes")
    @RolesAllowed("raw")
    static class RawNumberTools extends NumberTools {
        @DenyAll
        public String delete(Object item) {
            return "an overload, no override";
        }
    }

    /**
     * The override of a generic superclass's method has other parameter types than it (the compiler bridges the two),
     * yet it is what runs, so it and its class decide: else a subclass's {@code @RolesAllowed} was not applied.
     */
    @Test
    void anOverrideOfAGenericSuperclassMethodDecides() throws Exception {
        Method delete = CrudTools.class.getMethod("delete", Object.class);
        Method deleteAll = CrudTools.class.getMethod("deleteAll", Object[].class);
        Method keep = CrudTools.class.getMethod("keep", Object.class);
        OrderTools orders = new OrderTools();
        assertEquals("OrderTools", delete.invoke(orders, "o-1"), "the override runs");
        assertEquals(OrderTools.class, AccessAnnotations.implementation(OrderTools.class, delete).getDeclaringClass());
        assertEquals(Access.rolesAllowed("admin"), AccessAnnotations.of(AccessAnnotations.implementation(OrderTools.class, delete)));
        assertEquals("OrderTools", deleteAll.invoke(orders, (Object) new String[] {"o-1"}));
        assertEquals(Access.rolesAllowed("admin"), AccessAnnotations.of(AccessAnnotations.implementation(OrderTools.class, deleteAll)));
        assertEquals(CrudTools.class, AccessAnnotations.implementation(OrderTools.class, keep).getDeclaringClass(), "not overridden");
        assertEquals(Access.permitAll(), AccessAnnotations.of(AccessAnnotations.implementation(OrderTools.class, keep)));

        assertEquals("StillGeneric", delete.invoke(new StillGeneric<Integer>(), 1));
        assertEquals(Access.denyAll(), AccessAnnotations.of(AccessAnnotations.implementation(StillGeneric.class, delete)));

        // a raw subclass sees Object for T: its delete(Object) is an overload, which never runs for delete(Number)
        Method deleteNumber = NumberTools.class.getMethod("delete", Number.class);
        assertEquals("NumberTools", deleteNumber.invoke(new RawNumberTools(), 1));
        assertEquals(NumberTools.class, AccessAnnotations.implementation(RawNumberTools.class, deleteNumber).getDeclaringClass());
        assertEquals(Access.permitAll(), AccessAnnotations.of(AccessAnnotations.implementation(RawNumberTools.class, deleteNumber)));
    }

    interface Plain {
        default String purge() {
            return "Plain";
        }

        default String keep() {
            return "Plain";
        }
    }

    @RolesAllowed("admin")
    interface AdminPlain extends Plain {
        @Override
        default String purge() {
            return "AdminPlain";
        }
    }

    /** Extends AdminPlain and Plain again: AdminPlain's purge is still the most specific. */
    interface AlsoPlain extends AdminPlain, Plain {
    }

    static class PurgeTools implements AdminPlain {
    }

    static class AlsoPurgeTools extends PurgeTools implements AlsoPlain, Plain {
    }

    interface Crud<T> {
        default String delete(T item) {
            return "Crud";
        }
    }

    interface SecuredCrud<T> extends Crud<T> {
        @Override
        @RolesAllowed("admin")
        default String delete(T item) {
            return "SecuredCrud";
        }
    }

    interface StringCrud extends Crud<String> {
        @Override
        @DenyAll
        default String delete(String item) {
            return "StringCrud";
        }
    }

    static class SecuredCrudTools implements SecuredCrud<String> {
    }

    static class StringCrudTools implements StringCrud {
    }

    /**
     * The container lists the default methods of every interface of a bean, the overridden ones too, so the marked one
     * may be a superinterface's while a subinterface's override runs: that override and its interface decide. Before,
     * only superclasses were looked at, and the overridden method's (no) annotations admitted every caller.
     */
    @Test
    void aSubinterfaceOverrideOfADefaultMethodDecides() throws Exception {
        Method purge = Plain.class.getMethod("purge");
        for (Class<?> bean : List.of(PurgeTools.class, AlsoPurgeTools.class)) {
            Object instance = bean.getDeclaredConstructor().newInstance();
            assertEquals("AdminPlain", purge.invoke(instance), "the override runs");
            assertEquals(AdminPlain.class, AccessAnnotations.implementation(bean, purge).getDeclaringClass(), bean.getName());
            assertEquals(Access.rolesAllowed("admin"), AccessAnnotations.of(AccessAnnotations.implementation(bean, purge)));
            assertTrue(AccessAnnotations.overriddenBy(bean, purge, m -> m.getDeclaringClass() == AdminPlain.class));
        }
        Method keep = Plain.class.getMethod("keep");
        assertEquals(Plain.class, AccessAnnotations.implementation(PurgeTools.class, keep).getDeclaringClass(), "not overridden");
        assertEquals(Access.permitAll(), AccessAnnotations.of(AccessAnnotations.implementation(PurgeTools.class, keep)));
        Method overriding = AdminPlain.class.getMethod("purge");
        assertEquals(overriding, AccessAnnotations.implementation(PurgeTools.class, overriding));
        assertFalse(AccessAnnotations.overriddenBy(PurgeTools.class, overriding, m -> true), "nothing overrides the override");
    }

    @Test
    void aSubinterfaceOverrideOfAGenericDefaultMethodDecides() throws Exception {
        Method delete = Crud.class.getMethod("delete", Object.class);
        assertEquals("SecuredCrud", delete.invoke(new SecuredCrudTools(), "o-1"));
        assertEquals(Access.rolesAllowed("admin"), AccessAnnotations.of(AccessAnnotations.implementation(SecuredCrudTools.class, delete)));
        // the override takes the type argument: delete(Object) there is the compiler's bridge to delete(String)
        assertEquals("StringCrud", delete.invoke(new StringCrudTools(), "o-1"));
        assertEquals(StringCrud.class.getMethod("delete", String.class), AccessAnnotations.implementation(StringCrudTools.class, delete));
        assertEquals(Access.denyAll(), AccessAnnotations.of(AccessAnnotations.implementation(StringCrudTools.class, delete)));
    }
}
