package dev.jakartamcp.protocol;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.api.InputRequest;
import dev.jakartamcp.ops.Observation;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A request is audited as what its client got when the dispatcher answers otherwise than its handler did: a question
 * the handler swallowed (or wrapped into its own error result) is still asked, input_required; a question asked where
 * none can be is an internal error.
 */
class InputRequiredAuditTest {
    private final List<Observation> ended = new CopyOnWriteArrayList<>();

    @Test
    void aQuestionTheHandlerSwallowedIsAuditedAsAsked() {
        McpDispatcher dispatcher = dispatcher(new McpMethod("tools/call", false, true, false, true, exchange -> {
            try {
                exchange.ask(Map.of("roots", InputRequest.roots()));
            } catch (InputRequiredSignal swallowed) {
                exchange.observation().outcome(Outcome.TOOL_ERROR); // as the pipeline records the tool's error result
            }
            return Json.createObjectBuilder().add("isError", true).build();
        }));
        JsonObject answer = dispatcher.dispatch(exchange("tools/call"));
        assertEquals("input_required", answer.getString("resultType"), answer.toString());
        assertEquals(Outcome.INPUT_REQUIRED, ended.get(0).outcome());
    }

    @Test
    void aQuestionWhereNoneCanBeAskedIsAuditedAsTheFailureTheClientGets() {
        McpDispatcher dispatcher = dispatcher(new McpMethod("completion/complete", false, true, false, false, exchange -> {
            exchange.observation().outcome(Outcome.INPUT_REQUIRED); // as the pipeline records the signal
            exchange.ask(Map.of("roots", InputRequest.roots()));
            return Json.createObjectBuilder().build();
        }));
        McpException e = assertThrows(McpException.class, () -> dispatcher.dispatch(exchange("completion/complete")));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertEquals(Outcome.FAILED, ended.get(0).outcome());
    }

    private static Exchange exchange(String method) {
        return Exchange.builder(ProtocolRevision.LATEST, method)
                .clientCapabilities(Json.createObjectBuilder().add("roots", Json.createObjectBuilder()).build()).build();
    }

    private McpDispatcher dispatcher(McpMethod method) {
        return DispatcherFixture.dispatcher(method, ended::add);
    }
}
