package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code backfill}'s summary adds up (issue 12, item 6): every order fetched lands in exactly one line, a second
 * backfill of the same window included, and a backfill while disconnected says that nothing can be sent.
 */
class BackfillTest {

    private static final Pattern ROW = Pattern.compile("^\\s{2,}(\\S.*?)\\s+([\\d,]+)$");
    private static final Instant JANUARY = Instant.parse("2026-01-10T12:00:00Z");

    @TempDir
    Path dataDir;
    private TrackingTechSandbox trackingTech;
    private WooCommerceSimulator store;

    @BeforeEach
    void servers() throws Exception {
        trackingTech = new TrackingTechSandbox();
        store = new WooCommerceSimulator();
    }

    @AfterEach
    void stop() {
        store.close();
        trackingTech.close();
    }

    /** 150 orders, two created in each second: page 2 starts again from page 1's newest second and re-reads it. */
    private long addOrders() {
        store.addOrders(5001, 150, id -> switch ((int) (id % 4)) {
            case 0 -> "completed";
            case 1 -> "on-hold";
            default -> "processing";
        }, JANUARY, Duration.ofMillis(500));
        return java.util.stream.LongStream.range(5001, 5151).filter(id -> id % 4 >= 2).count();
    }

    @Test
    void aSecondBackfillOfTheSameWindowAccountsForEveryOrder() throws Exception {
        long processing = addOrders();
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.woocommerce.poll.enabled", "false");

        Summary first = backfill(s);
        assertThat(first.code).as(first.out).isZero();
        assertThat(first.rows).as(first.out).containsEntry("fetched", 150L).containsEntry("sent", processing)
                .containsEntry("ignored", 150 - processing);
        first.assertAddsUp();
        assertThat(trackingTech.created()).isEqualTo((int) processing);

        Summary second = backfill(s);
        assertThat(second.code).as(second.out).isZero();
        assertThat(second.rows).as(second.out).containsEntry("fetched", 150L).containsEntry("sent", 0L)
                .containsEntry("already sent", processing)
                .containsEntry("unchanged since the last read", 150 - processing);
        second.assertAddsUp();
        assertThat(trackingTech.created()).as("nothing sent twice").isEqualTo((int) processing);
    }

    @Test
    void aBackfillWhileDisconnectedSaysNothingCanBeSentUntilConnect() throws Exception {
        long processing = addOrders();
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.woocommerce.poll.enabled", "false");
        s.remove("wootrack.trackingtech.token");
        s.remove("wootrack.trackingtech.store-id");
        s.remove("wootrack.trackingtech.customer-id");

        Summary summary = backfill(s);
        assertThat(summary.code).as(summary.out).isZero();
        assertThat(summary.out).contains("Not connected to TrackingTech: nothing can be sent until `connect`.");
        assertThat(summary.err).contains("nothing can be sent until `connect`");
        assertThat(summary.rows).as(summary.out).containsEntry("fetched", 150L)
                .containsEntry("parked (until connect)", processing).containsEntry("sent", 0L);
        summary.assertAddsUp();
        assertThat(trackingTech.created()).isZero();
    }

    private Summary backfill(Map<String, String> settings) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("backfill", "--since", "2026-01-01", "--until", "2026-01-31"));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        int code = WooTrack.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Summary(code, out.toString(), err.toString());
    }

    /** The printed summary: its rows by label ("  status x" rows are a breakdown of "ignored"). */
    private static final class Summary {
        final int code;
        final String out;
        final String err;
        final Map<String, Long> rows = new LinkedHashMap<>();

        Summary(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
            for (String line : out.split("\\R")) {
                Matcher m = ROW.matcher(line);
                if (m.matches()) {
                    rows.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
                }
            }
        }

        /** Every line but fetched and the status breakdown adds up to fetched. */
        void assertAddsUp() {
            long sum = rows.entrySet().stream().filter(e -> !e.getKey().equals("fetched")
                    && !e.getKey().startsWith("status ")).mapToLong(Map.Entry::getValue).sum();
            assertThat(sum).as("the lines of\n" + out + " add up to fetched").isEqualTo(rows.get("fetched"));
            long statuses = rows.entrySet().stream().filter(e -> e.getKey().startsWith("status "))
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(statuses).as("the status lines add up to ignored").isEqualTo(rows.getOrDefault("ignored", 0L));
        }
    }
}
