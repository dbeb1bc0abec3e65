package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.TrackingTechSandbox.Answer;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Inbox;
import dev.wootrack.store.IncomingOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 9: waiting for TrackingTech never depends on an in-memory queue of timers. Orders in back-off wait in
 * the database (their inbox row, with the next attempt's time), so an outage of any length and a backlog of any size
 * end with every order delivered soon after TrackingTech is back. Before, Camel's delayed-redelivery executor held at
 * most 1,000 waiting orders; the others failed with RejectedExecutionException and stayed claimed, idle, until the
 * lease ran out.
 */
class OutageTest {

    /** The back-off cap of this test: no order waits longer than this between two attempts. */
    static final long CAP_MILLIS = 3_000;

    @TempDir
    Path dataDir;
    TrackingTechSandbox sandbox;
    TestApp app;

    @BeforeEach
    void start() throws Exception {
        sandbox = new TrackingTechSandbox();
        Map<String, String> s = TestApp.settings(dataDir, sandbox);
        s.put("wootrack.trackingtech.redelivery.maximum-redeliveries", "2");
        s.put("wootrack.trackingtech.redelivery.initial-delay", "100");
        s.put("wootrack.trackingtech.redelivery.maximum-delay", Long.toString(CAP_MILLIS));
        s.put("wootrack.inbox.lease", "600000"); // an idle claim must not be rescued by its lease running out
        app = TestApp.start(s);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        sandbox.close();
    }

    @Test
    void fiveThousandOrdersWaitingThroughATwentySecondOutageAreAllDeliveredSoonAfterItEnds() throws Exception {
        Inbox inbox = app.bean("wootrackInbox", Inbox.class);
        sandbox.outage(true);
        long outageStarted = System.nanoTime();
        int orders = 5_000;
        for (int i = 1; i <= orders; i++) {
            long id = 100_000 + i;
            inbox.add(new IncomingOrder("replay", "order.updated", id, "processing", Fixtures.order(id, "processing")),
                    false);
        }
        // every order found TrackingTech down and waits in the database
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> inbox.waiting().orders() == orders);
        Inbox.Waiting waiting = inbox.waiting();
        assertThat(waiting.lastError()).as("the row says why it waits").isNotBlank();
        assertThat(sandbox.orderPosts().size())
                .as("calls pause while TrackingTech is down: the orders behind wait without a call").isLessThan(500);
        await().atLeast(Duration.ZERO).atMost(Duration.ofSeconds(25))
                .until(() -> System.nanoTime() - outageStarted >= Duration.ofSeconds(20).toNanos());

        sandbox.outage(false);
        long back = System.nanoTime();
        await().atMost(Duration.ofMillis(CAP_MILLIS).plusSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> sandbox.created() == orders);
        long deliveredAfterMillis = Duration.ofNanos(System.nanoTime() - back).toMillis();
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.count(Inbox.PENDING) == 0);

        System.out.printf("OutageTest: %d orders delivered %d ms after TrackingTech came back (cap %d ms)%n", orders,
                deliveredAfterMillis, CAP_MILLIS);
        assertThat(sandbox.acceptedPostsByKey()).hasSize(orders).allSatisfy((key, posts) -> assertThat(posts)
                .as("accepted once: " + key).isEqualTo(1));
        assertThat(app.bean("wootrackDeadLetters", DeadLetters.class).list(true)).isEmpty();
        assertThat(inbox.waiting().orders()).isZero();
    }

    @Test
    void anOrderThatOutlastsItsInMemoryRetriesWaitsInTheDatabaseAndIsSentWhenTrackingTechAnswers() throws Exception {
        long id = 7_001;
        for (int i = 0; i < 6; i++) {
            sandbox.answerNext(Answer.of(502, "<html>Bad Gateway</html>"));
        }
        app.webhook(Fixtures.order(id, "processing"), "order.updated");
        Inbox inbox = app.bean("wootrackInbox", Inbox.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.waiting().orders() == 1);
        assertThat(inbox.waiting().lastError()).isEqualTo("HTTP 502: <html>Bad Gateway</html>");

        await().atMost(Duration.ofSeconds(30)).until(() -> app.decisions(id), d -> d.equals(List.of("sent")));
        assertThat(sandbox.orderPostsFor(id)).hasSize(7);
        assertThat(app.bean("wootrackDeadLetters", DeadLetters.class).list(true)).isEmpty();
        assertThat(inbox.waiting().orders()).isZero();
    }
}
