package dev.jakartamcp.it;

import dev.jakartamcp.it.AuthClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.jakartamcp.it.AuthClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @PermitAll}, {@code @DenyAll} and {@code @RolesAllowed} mean on tools, prompts, resources, templates and
 * completers exactly what they mean in Jakarta EE (method over class, the declaring class's annotation for inherited
 * methods, {@code @RolesAllowed({})} denies everyone), with authorization on; lists show exactly what a caller may
 * use; completions check the prompt's or template's access (and the completer's own); operator overrides apply to
 * every kind; per-tool rate limits. Fixture: {@code dev.jakartamcp.it.access}.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class AccessSemanticsIT extends AuthorizedIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.product(as.deploymentConfig(Map.of(
                        "mcp.examples.enabled", "false",
                        "mcp.prompts.switched_off_prompt.enabled", "false",
                        "mcp.resource-templates.docs-template.roles", "docs:read",
                        "mcp.prompts.open_prompt.title", "Overridden title",
                        "mcp.tools.limited_tool.rate-limit", "3/PT1M")))
                .addPackage("dev.jakartamcp.it.access");
    }

    /** The Authorization header of a fresh subject with these permissions. */
    static String holder(String... permissions) {
        return bearer(token("user-" + UUID.randomUUID(), permissions));
    }

    static JsonObject args() {
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    static List<String> names(Reply reply, String listKey, String field) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonObject("result").getJsonArray(listKey).stream()
                .map(v -> v.asJsonObject().getString(field)).sorted().toList();
    }

    static void assertForbiddenToEveryone(Reply reply, String what) {
        assertEquals(403, reply.status(), reply::toString);
        assertNull(reply.header("WWW-Authenticate"), "no step-up can help: " + reply);
        JsonObject error = reply.json().getJsonObject("error");
        assertEquals(-31403, error.getInt("code"), reply::toString);
        assertEquals("Forbidden: " + what + " is not available to any caller", error.getString("message"));
    }

    static void assertNeedsScope(Reply reply, String what, String scope) {
        assertEquals(403, reply.status(), reply::toString);
        String challenge = reply.header("WWW-Authenticate");
        assertNotNull(challenge, reply::toString);
        assertTrue(challenge.contains("error=\"insufficient_scope\"") && challenge.contains("scope=\"" + scope + "\""), challenge);
        assertEquals("Forbidden: " + what + " needs one of the permissions [" + scope + "]",
                reply.json().getJsonObject("error").getString("message"), reply::toString);
    }

    static String toolText(Reply reply) {
        return AuthAssertions.toolText(reply);
    }

    // ------------------------------------------------------------------------------------------------ tools

    @Test
    void listsShowExactlyWhatTheCallerMayCall() {
        AuthClient client = client();
        assertEquals(List.of("limited_tool", "permit_all"), names(client.modernToolsList(holder()), "tools", "name"));
        assertEquals(List.of("class_level", "limited_tool", "overridden", "permit_all"),
                names(client.modernToolsList(holder("class:role")), "tools", "name"));
        assertEquals(List.of("class_level", "inherited", "limited_tool", "method_over_class", "overridden", "permit_all", "spaced_role"),
                names(client.modernToolsList(holder("class:role", "base:role", "method:role", "Channel Reader")), "tools", "name"),
                "@DenyAll and @RolesAllowed({}) are listed to nobody");
    }

    @Test
    void classLevelRolesApplyToMethodsWithoutTheirOwn() {
        assertEquals("class_level", toolText(client().modernCall(holder("class:role"), "class_level", args())));
        assertNeedsScope(client().modernCall(holder("base:role"), "class_level", args()), "tool class_level", "class:role");
    }

    @Test
    void permitAllOnTheMethodAdmitsEveryAuthenticatedCaller() {
        assertEquals("permit_all", toolText(client().modernCall(holder(), "permit_all", args())));
    }

    @Test
    void denyAllAndEmptyRolesAllowedDenyEveryone() {
        String everything = holder("class:role", "base:role", "method:role");
        assertForbiddenToEveryone(client().modernCall(everything, "deny_all", args()), "tool deny_all");
        assertForbiddenToEveryone(client().modernCall(everything, "empty_roles", args()), "tool empty_roles");
    }

    @Test
    void methodLevelRolesReplaceTheClassRoles() {
        assertNeedsScope(client().modernCall(holder("class:role"), "method_over_class", args()), "tool method_over_class", "method:role");
        assertEquals("method_over_class", toolText(client().modernCall(holder("method:role"), "method_over_class", args())));
    }

    @Test
    void aSuperclassAnnotationCountsForTheMethodsItDeclares() {
        assertNeedsScope(client().modernCall(holder("class:role"), "inherited", args()), "tool inherited", "base:role");
        assertEquals("inherited", toolText(client().modernCall(holder("base:role"), "inherited", args())));
        // overridden in the subclass without annotations: the subclass's class-level role, not the superclass's
        assertNeedsScope(client().modernCall(holder("base:role"), "overridden", args()), "tool overridden", "class:role");
        assertEquals("overridden", toolText(client().modernCall(holder("class:role"), "overridden", args())));
    }

    @Test
    void roleNamesThatAreNoScopeTokensLeaveChallengesIntact() {
        Reply missing = client().modernToolsList(null);
        assertEquals(401, missing.status(), missing::toString);
        String challenge = missing.header("WWW-Authenticate");
        assertTrue(challenge.contains("scope=\"base:role class:role completer:role docs:read method:role prompt:role resource:role\""), challenge);
        Reply metadata = client().get("/.well-known/oauth-protected-resource/mcp", null);
        assertEquals(200, metadata.status(), metadata::toString);
        assertFalse(metadata.body().contains("Channel Reader"), metadata.body());
        // the holder of the role is admitted; anybody else gets a 403 without a scope to step up to
        assertEquals("spaced_role", toolText(client().modernCall(holder("Channel Reader"), "spaced_role", args())));
        Reply denied = client().modernCall(holder(), "spaced_role", args());
        assertEquals(403, denied.status(), denied::toString);
        assertFalse(String.valueOf(denied.header("WWW-Authenticate")).contains("Channel"), denied::toString);
    }

    @Test
    void perToolRateLimitCountsPerCaller() {
        String alice = holder();
        AuthClient client = client();
        for (int i = 0; i < 3; i++) {
            assertEquals("limited", toolText(client.modernCall(alice, "limited_tool", args())));
        }
        Reply limited = client.modernCall(alice, "limited_tool", args());
        assertEquals(429, limited.status(), limited::toString);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, limited::toString);
        JsonObject error = limited.json().getJsonObject("error");
        assertEquals(-31429, error.getInt("code"), limited::toString);
        assertTrue(error.getString("message").startsWith("Rate limit exceeded: tool limited_tool allows 3 calls per PT1M per caller"),
                error.getString("message"));
        // another caller is not affected, nor are the first caller's other tools
        assertEquals("limited", toolText(client.modernCall(holder(), "limited_tool", args())));
        assertEquals("permit_all", toolText(client.modernCall(alice, "permit_all", args())));
    }

    // ------------------------------------------------------------------------------------------------ prompts

    @Test
    void promptsFollowTheSameRules() {
        AuthClient client = client();
        assertEquals(List.of("open_prompt"), names(client.modern(holder(), "prompts/list", args()), "prompts", "name"),
                "denied_prompt (@DenyAll), guarded_prompt (prompt:role) and switched_off_prompt (enabled=false) are hidden");
        assertEquals(List.of("guarded_prompt", "open_prompt"), names(client.modern(holder("prompt:role"), "prompts/list", args()), "prompts", "name"));
        JsonObject getGuarded = Json.createObjectBuilder().add("name", "guarded_prompt")
                .add("arguments", Json.createObjectBuilder().add("topic", "x")).build();
        assertNeedsScope(client.modern(holder(), "prompts/get", getGuarded), "prompt guarded_prompt", "prompt:role");
        Reply got = client.modern(holder("prompt:role"), "prompts/get", getGuarded);
        assertEquals(200, got.status(), got::toString);
        assertForbiddenToEveryone(client.modern(holder("prompt:role"), "prompts/get", Json.createObjectBuilder()
                .add("name", "denied_prompt").add("arguments", Json.createObjectBuilder().add("topic", "x")).build()), "prompt denied_prompt");
    }

    @Test
    void operatorOverridesApplyToPrompts() {
        AuthClient client = client();
        Reply list = client.modern(holder(), "prompts/list", args());
        JsonObject open = list.json().getJsonObject("result").getJsonArray("prompts").getJsonObject(0);
        assertEquals("Overridden title", open.getString("title"), list::toString);
        Reply off = client.modern(holder(), "prompts/get", Json.createObjectBuilder().add("name", "switched_off_prompt").build());
        assertEquals("Unknown prompt: switched_off_prompt", off.json().getJsonObject("error").getString("message"), off::toString);
    }

    // ------------------------------------------------------------------------------------------------ completions

    static JsonObject completePrompt(String prompt) {
        return Json.createObjectBuilder()
                .add("ref", Json.createObjectBuilder().add("type", "ref/prompt").add("name", prompt))
                .add("argument", Json.createObjectBuilder().add("name", "topic").add("value", "")).build();
    }

    static List<String> values(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonObject("result").getJsonObject("completion").getJsonArray("values").stream()
                .map(v -> ((jakarta.json.JsonString) v).getString()).toList();
    }

    @Test
    void completionsDoNotDiscloseWhatTheCallerMayNotUse() {
        AuthClient client = client();
        String nobody = holder();
        String session = client.openSession(nobody);
        // before: these suggestions came back to anybody
        assertNeedsScope(client.legacy(nobody, session, "completion/complete", completePrompt("guarded_prompt")),
                "prompt guarded_prompt", "prompt:role");
        assertNeedsScope(client.modern(nobody, "completion/complete", completePrompt("guarded_prompt")),
                "prompt guarded_prompt", "prompt:role");
        assertEquals(List.of("secret-project-x", "secret-project-y"),
                values(client.modern(holder("prompt:role"), "completion/complete", completePrompt("guarded_prompt"))));
        assertForbiddenToEveryone(client.modern(holder("prompt:role"), "completion/complete", completePrompt("denied_prompt")),
                "prompt denied_prompt");
        // the completer's own @RolesAllowed comes on top of the prompt's access
        assertNeedsScope(client.modern(nobody, "completion/complete", completePrompt("open_prompt")), "prompt open_prompt", "completer:role");
        assertEquals(List.of("weather", "news"), values(client.modern(holder("completer:role"), "completion/complete", completePrompt("open_prompt"))));
        Reply unknown = client.modern(nobody, "completion/complete", completePrompt("switched_off_prompt"));
        assertEquals("Unknown prompt: switched_off_prompt", unknown.json().getJsonObject("error").getString("message"), unknown::toString);
    }

    // ------------------------------------------------------------------------------------------------ resources

    @Test
    void resourcesAndTemplatesFollowTheSameRules() {
        AuthClient client = client();
        String nobody = holder();
        String session = client.openSession(nobody);
        assertEquals(List.of(), names(client.legacy(nobody, session, "resources/list", args()), "resources", "uri"));
        assertEquals(List.of(), names(client.legacy(nobody, session, "resources/templates/list", args()), "resourceTemplates", "uriTemplate"),
                "denied-template is @DenyAll, docs-template needs docs:read by operator override");
        JsonObject readGuarded = Json.createObjectBuilder().add("uri", "test://guarded").build();
        assertNeedsScope(client.legacy(nobody, session, "resources/read", readGuarded), "resource guarded-resource", "resource:role");
        assertNeedsScope(client.legacy(nobody, session, "resources/subscribe", readGuarded), "resource guarded-resource", "resource:role");

        String reader = holder("resource:role", "docs:read");
        String readerSession = client.openSession(reader);
        assertEquals(List.of("test://guarded"), names(client.legacy(reader, readerSession, "resources/list", args()), "resources", "uri"));
        assertEquals(List.of("test://docs/{id}"), names(client.legacy(reader, readerSession, "resources/templates/list", args()),
                "resourceTemplates", "uriTemplate"));
        Reply read = client.legacy(reader, readerSession, "resources/read", readGuarded);
        assertEquals("guarded", read.json().getJsonObject("result").getJsonArray("contents").getJsonObject(0).getString("text"), read::toString);
        assertEquals(200, client.legacy(reader, readerSession, "resources/subscribe", readGuarded).status());
        assertForbiddenToEveryone(client.legacy(reader, readerSession, "resources/read",
                Json.createObjectBuilder().add("uri", "test://denied/7").build()), "resource template denied-template");
        assertNeedsScope(client.legacy(nobody, session, "resources/read", Json.createObjectBuilder().add("uri", "test://docs/1").build()),
                "resource template docs-template", "docs:read");
        JsonObject completeDoc = Json.createObjectBuilder()
                .add("ref", Json.createObjectBuilder().add("type", "ref/resource").add("uri", "test://docs/{id}"))
                .add("argument", Json.createObjectBuilder().add("name", "id").add("value", "")).build();
        assertNeedsScope(client.legacy(nobody, session, "completion/complete", completeDoc), "resource template docs-template", "docs:read");
        assertEquals(List.of("1", "2"), values(client.legacy(reader, readerSession, "completion/complete", completeDoc)));
    }
}
