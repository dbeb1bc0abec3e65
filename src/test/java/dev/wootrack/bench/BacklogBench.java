package dev.wootrack.bench;

import static org.awaitility.Awaitility.await;

import dev.wootrack.TestApp;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A backlog through polling: the WooCommerce simulator holds N processing orders modified over the last hours;
 * WooTrack starts (a child JVM with -Xmx256m and a GC log, so its heap is measured alone) and polls them all
 * into TrackingTech's sandbox. Prints one Markdown row per N: orders/s from the first list request to the
 * last order stored, and the heap from the GC log (peak before a collection, peak live after one).
 * Bounded: 20 minutes per N. Usage: BacklogBench N...
 */
public final class BacklogBench {

    private static final Pattern GC = Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    public static void main(String[] args) throws Exception {
        System.out.println("| orders | seconds | orders/s | peak heap used MiB | peak heap after a young GC MiB"
                + " | live heap at the end (full GC) MiB | max heap MiB | GC pauses |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String a : args) {
            run(Integer.parseInt(a));
        }
        System.exit(0);
    }

    static void run(int n) throws Exception {
        Path dir = Scratch.dir("wootrack-backlog");
        Path gcLog = Path.of("bench", "out", "gc-backlog-" + n + ".log").toAbsolutePath();
        Files.createDirectories(gcLog.getParent());
        Files.deleteIfExists(gcLog);
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox(); WooCommerceSimulator store = new WooCommerceSimulator()) {
            store.addOrders(1_000_000, n, id -> "processing", store.now().minus(Duration.ofHours(20)),
                    Duration.ofMillis(Math.max(1, 20 * 3600 * 1000L / n)));
            Map<String, String> s = TestApp.settings(dir, sandbox, store);
            s.put("wootrack.woocommerce.poll.interval", "1000");
            s.put("wootrack.writeback.enabled", "false");
            s.put("wootrack.pipeline.workers", "8");
            s.put("wootrack.inbox.recovery-interval", "2000");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Xlog:gc:file=" + gcLog));
            if (Boolean.getBoolean("bench.jfr")) { // a profile of WooTrack's JVM for the whole run
                cmd.add("-XX:StartFlightRecording=settings=profile,filename="
                        + Path.of("bench", "out", "backlog-" + n + ".jfr").toAbsolutePath());
            }
            s.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.wootrack.WooTrack", "run"));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(Path.of("bench", "out", "backlog-" + n + ".log").toFile()).start();
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !store.listRequests().isEmpty());
                long start = System.nanoTime();
                try {
                    await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                            .until(() -> sandbox.created() >= n);
                } catch (ConditionTimeoutException incomplete) {
                    // reported below
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                // what WooTrack still holds after N orders: a full collection, then its "after" figure
                new ProcessBuilder("jcmd", Long.toString(child.pid()), "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(gcLog).contains("Pause Full"));
                new ProcessBuilder("jcmd", Long.toString(child.pid()), "GC.class_histogram").redirectErrorStream(true)
                        .redirectOutput(Path.of("bench", "out", "histogram-" + n + ".txt").toFile()).start().waitFor();
                long liveAfterFull = 0;
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher m = GC.matcher(line);
                    if (line.contains("Pause Full") && m.find()) {
                        liveAfterFull = Long.parseLong(m.group(2));
                    }
                }
                long peakBefore = 0;
                long peakAfter = 0;
                long max = 0;
                int pauses = 0;
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher m = GC.matcher(line);
                    if (m.find()) {
                        pauses++;
                        peakBefore = Math.max(peakBefore, Long.parseLong(m.group(1)));
                        peakAfter = Math.max(peakAfter, Long.parseLong(m.group(2)));
                        max = Math.max(max, Long.parseLong(m.group(3)));
                    }
                }
                System.out.printf("| %d | %.1f | %.0f | %d | %d | %d | %d | %d |%s%n", n, seconds,
                        sandbox.created() / seconds, peakBefore, peakAfter, liveAfterFull, max, pauses,
                        sandbox.created() != n ? " (" + sandbox.created() + " delivered)" : "");
            } finally {
                child.destroy();
                child.waitFor();
                if (!Boolean.getBoolean("bench.keep")) {
                    Scratch.delete(dir); // several GB after 100k orders: gone before the next N
                }
            }
        }
    }
}
