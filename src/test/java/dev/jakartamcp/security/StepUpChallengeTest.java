package dev.jakartamcp.security;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.protocol.McpException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 403's step-up challenge for {@code @RolesAllowed} with several roles, any one of which allows the request: a client
 * asks for every scope the challenge names, so it names one, the first declared that is a valid scope.
 */
class StepUpChallengeTest {
    static final String METADATA = FakeResourceServer.METADATA;

    private static StepUpChallenge challenge() {
        StepUpChallenge challenge = new StepUpChallenge();
        challenge.server = new FakeResourceServer();
        return challenge;
    }

    /** The roles as the pipeline hands them on: from the item's Access through the 403's McpException. */
    private static Set<String> missed(String... roles) {
        return McpException.forbidden("no", Access.rolesAllowed(roles).roles(), null).requiredScopes();
    }

    @Test
    void alternativesNameOnlyTheFirstDeclaredScope() {
        for (List<String> roles : List.of(List.of("recordings:write", "recordings:admin"), List.of("recordings:admin", "recordings:write"))) {
            String header = challenge().insufficientScope(null, missed(roles.toArray(String[]::new)), "").orElseThrow();
            assertTrue(header.contains(", scope=\"" + roles.get(0) + "\""), header);
            assertTrue(header.contains("error_description=\"this request needs one of the permissions: " + String.join(" ", roles) + "\""), header);
        }
    }

    @Test
    void theFirstDeclaredThatIsAValidScopeIsNamed() {
        String header = challenge().insufficientScope(null, missed("Channel Reader", "channels:read", "channels:admin"), "").orElseThrow();
        assertTrue(header.endsWith(", scope=\"channels:read\""), header);
    }

    @Test
    void aSingleRoleIsNamedAsItIs() {
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"this request needs one of the permissions: "
                        + "channels:read\", resource_metadata=\"" + METADATA + "\", scope=\"channels:read\"",
                challenge().insufficientScope(null, missed("channels:read"), "").orElseThrow());
        assertTrue(challenge().insufficientScope(null, missed("Channel Reader"), "").isEmpty(), "no scope to step up to");
    }
}
