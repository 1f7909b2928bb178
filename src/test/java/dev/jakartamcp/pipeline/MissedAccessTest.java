package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.Access;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a 403 names when both an item and its target's own access (a prompt and its argument's completer) may refuse:
 * never a step-up that cannot succeed.
 */
class MissedAccessTest {
    private static final Access PROMPTS = Access.rolesAllowed("prompts:use", "all:use");
    private static final Access COMPLETER = Access.rolesAllowed("complete:x", "all:use");

    @Test
    void onlyOneRefusedIsWhatIsMissed() {
        assertEquals(PROMPTS, FeaturePipeline.missed(PROMPTS, null));
        assertEquals(COMPLETER, FeaturePipeline.missed(null, COMPLETER));
        assertEquals(Access.denyAll(), FeaturePipeline.missed(null, Access.denyAll()));
    }

    @Test
    void aRefusalOfEveryoneIsNoStepUpWhicheverSideItIsOn() {
        assertEquals(Access.denyAll(), FeaturePipeline.missed(PROMPTS, Access.denyAll()),
                "a step-up for prompts:use would only meet the completer's @DenyAll");
        assertEquals(Access.denyAll(), FeaturePipeline.missed(Access.denyAll(), COMPLETER));
    }

    @Test
    void bothRefusingAsksForAPermissionBothAcceptWhereThereIsOne() {
        assertEquals(Access.rolesAllowed("all:use"), FeaturePipeline.missed(PROMPTS, COMPLETER));
        assertEquals(Access.rolesAllowed("prompts:use"),
                FeaturePipeline.missed(Access.rolesAllowed("prompts:use"), Access.rolesAllowed("complete:x")), "else the item's first");
    }
}
