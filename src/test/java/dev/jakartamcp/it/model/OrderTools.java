package dev.jakartamcp.it.model;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Icon;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tools whose contract is said by Java types: records, enums, collections, java.time, Bean Validation. */
@ApplicationScoped
public class OrderTools {

    public enum Priority { LOW, NORMAL, URGENT }

    public record Item(@NotBlank String sku, @Min(1) int quantity, BigDecimal unitPrice) {
    }

    public record Order(@Email String customerEmail, @Size(min = 1, max = 20) List<Item> items, Optional<String> note) {
    }

    public record Receipt(String orderId, int lines, BigDecimal total, Priority priority, LocalDate delivery) {
    }

    @Tool(name = "place_order", description = "Places an order and returns a receipt", destructive = false)
    public Receipt placeOrder(@Arg(description = "The order") Order order,
                              @Arg(description = "How urgent") Priority priority,
                              @Arg(description = "Wanted delivery date") Optional<LocalDate> delivery,
                              @Arg(description = "Free-form labels") Map<String, String> labels) {
        BigDecimal total = order.items().stream().map(i -> i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Receipt("order-" + Math.abs(order.customerEmail().hashCode()), order.items().size(), total, priority,
                delivery.orElse(LocalDate.of(2026, 12, 24)));
    }

    /** Not a record: a class JSON-B binds, with private fields behind public getters. */
    public static class Shipment {
        private final String orderId;
        private final int parcels;

        Shipment(String orderId, int parcels) {
            this.orderId = orderId;
            this.parcels = parcels;
        }

        public String getOrderId() {
            return orderId;
        }

        @Min(1)
        public int getParcels() {
            return parcels;
        }
    }

    @Tool(name = "track_order", description = "Where an order's parcels are", readOnly = true, destructive = false)
    public Shipment trackOrder(@Arg(description = "The order") String orderId, @Arg(description = "How many parcels") int parcels) {
        return new Shipment(orderId, parcels);
    }

    @Tool(name = "count_to", description = "Counts from 1 to n", readOnly = true, destructive = false,
            icons = @Icon(src = "https://example.com/count.png", mimeType = "image/png", sizes = "48x48"))
    public String countTo(@Arg(description = "Where to stop") @Min(1) @Max(10) int n,
                          @Arg(description = "Separator, one character") Optional<@Pattern(regexp = "[,;| ]") String> separator) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            b.append(i).append(i < n ? separator.orElse(",") : "");
        }
        return b.toString();
    }

    @Tool(name = "explode", description = "Fails with an internal error whose details must stay in the server log")
    public String explode(@Arg(description = "linkage: an Error of the tool's code, as from a JAR missing a class") Optional<String> kind) {
        if (kind.filter("linkage"::equals).isPresent()) {
            throw new NoClassDefFoundError("com/example/hunter2/MissingDependency");
        }
        throw new IllegalStateException("database password is hunter2");
    }

    @Tool(name = "refuse", description = "Fails with a message meant for the client")
    public String refuse() {
        throw new ToolException("No recordings left this month");
    }
}
