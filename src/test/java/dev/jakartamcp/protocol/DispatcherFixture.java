package dev.jakartamcp.protocol;

import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.ops.Observations;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A dispatcher of one method, with a request-state key, whose ended observations go to {@code ended}. */
final class DispatcherFixture {

    private DispatcherFixture() {
    }

    static McpDispatcher dispatcher(McpMethod method, Consumer<Observation> ended) {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(
                Map.of("mcp.request-state.secret", "a secret of the test, long enough to seal with").get(key)));
        McpDispatcher dispatcher = new McpDispatcher();
        dispatcher.features = TestBeans.just(new McpFeature() {
            @Override
            public List<McpMethod> methods() {
                return List.of(method);
            }

            @Override
            public void declareCapabilities(ProtocolRevision revision, JsonObjectBuilder capabilities) {
            }
        });
        dispatcher.extensions = TestBeans.none();
        dispatcher.settings = settings;
        dispatcher.requestStates = new RequestStates();
        dispatcher.requestStates.settings = settings;
        dispatcher.observations = new Observations() {
            @Override
            public Observation begin(Exchange exchange) {
                Observation observation = Observation.detached(exchange);
                exchange.observe(observation);
                return observation;
            }

            @Override
            public void end(Observation observation) {
                ended.accept(observation);
            }
        };
        dispatcher.init();
        return dispatcher;
    }
}
