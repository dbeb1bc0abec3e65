package dev.wootrack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.cli.Demo;
import dev.wootrack.demo.ChileanOrders.Kind;
import dev.wootrack.demo.ChileanOrders.Planned;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo, small, with its summary checked once more from the outside: what the store and TrackingTech saw. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void theSummaryMatchesWhatTheStoreAndTrackingTechSaw() throws Exception {
        StringWriter printed = new StringWriter();
        try (DemoSession demo = new DemoSession(new Demo.Options(60, false, dir.resolve("data"), Map.of()),
                new PrintWriter(printed, true))) {
            assertThat(demo.start()).as(printed.toString()).isTrue();
            DemoSummary summary = demo.play();
            System.out.println(printed);
            TrackingTechSandbox tt = demo.trackingTech();
            WooCommerceSimulator shop = demo.shop();
            List<Planned> plan = demo.plan();

            assertThat(summary.addsUp()).as(summary.rows().toString()).isTrue();
            assertThat(summary.ordersReceived()).isEqualTo(60);
            assertThat(summary.webhookDeliveries()).isEqualTo(shop.webhooksSent());
            assertThat(summary.pollOrders()).as("the poller found the orders no webhook announced").isPositive();
            // every shippable order reached TrackingTech exactly once; nothing else was sent
            for (Planned p : plan) {
                int expected = p.kind() == Kind.SHIPPABLE || p.kind() == Kind.INVALID ? 1 : 0;
                assertThat(tt.orderPostsFor(p.id())).as("posts of order %d (%s)", p.id(), p.kind()).hasSize(expected);
            }
            assertThat(summary.sent()).isEqualTo(tt.created())
                    .isEqualTo(plan.stream().filter(p -> p.kind() == Kind.SHIPPABLE).count());
            assertThat(summary.notShippable()).isEqualTo(plan.stream().filter(p -> p.kind() == Kind.VIRTUAL).count());
            assertThat(summary.ignored()).isEqualTo(plan.stream().filter(p -> p.kind() == Kind.OTHER_STATUS).count());
            assertThat(summary.deadLetters()).singleElement().satisfies(d -> {
                assertThat(d.httpStatus()).isEqualTo(422);
                assertThat(plan.stream().filter(p -> p.kind() == Kind.INVALID).findFirst().orElseThrow().id())
                        .isEqualTo(d.orderId());
                assertThat(d.reason()).contains("shipping.address1");
            });
            assertThat(summary.cancelled()).isEqualTo(tt.cancels().size()).isEqualTo(1);
            assertThat(summary.duplicatesSuppressed()).isPositive();
            // the webhooks WooTrack installed (its own secret: the configured one is only for hand-made webhooks):
            // order.created was disabled by the store while it could not reach WooTrack, and repaired
            assertThat(shop.webhooks()).extracting(w -> w.path("topic").asText())
                    .containsExactlyInAnyOrder("order.created", "order.updated", "order.deleted");
            assertThat(shop.webhooks()).allSatisfy(w -> {
                assertThat(w.path("status").asText()).isEqualTo("active");
                assertThat(shop.webhookSecret(w.path("id").asLong())).isNotEqualTo(DemoSession.WEBHOOK_SECRET);
            });
            assertThat(summary.webhooksRepaired()).isPositive();
            assertThat(shop.webhooksDropped()).isGreaterThan(WooCommerceSimulator.MAX_DELIVERY_FAILURES);
            // the tracking numbers are in the store: a Shipment Tracking entry and a customer note each
            long withNote = plan.stream().filter(p -> shop.notes(p.id()).stream().map(ObjectNode.class::cast)
                    .anyMatch(n -> n.path("note").asText().contains(DemoSession.trackingNumber(p.id())))).count();
            assertThat(summary.trackingWrittenBack()).isPositive().isEqualTo(withNote);
            summary.print(new PrintWriter(printed, true));
            assertThat(printed.toString()).contains("The numbers add up.", "Connected: store", "webhook repaired",
                    "$ wootrack webhooks install")
                    .doesNotContain(TrackingTechSandbox.PASSWORD, TrackingTechSandbox.TOKEN);
        }
    }
}
