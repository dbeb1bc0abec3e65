package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wootrack.sandbox.TrackingTechSandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 8: the data dir's disk fills up. Webhooks are refused (503) while the database cannot write, health
 * says DOWN with the reason, and once there is room again WooTrack recovers without a restart: webhooks are accepted,
 * health is UP, and every order acknowledged before is delivered. Before, H2 closed the database for good: every
 * webhook got 503 after the disk was freed, and health said UP throughout. The disk is a small tmpfs mounted by the
 * test (root only; skipped otherwise).
 */
class DiskFullTest {

    @TempDir
    Path dir;
    Path disk;
    TrackingTechSandbox sandbox;
    TestApp app;

    @BeforeEach
    void mount() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root: skipped");
        disk = Files.createDirectories(dir.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mount -t tmpfs failed: skipped");
        sandbox = new TrackingTechSandbox();
    }

    @AfterEach
    void unmount() throws Exception {
        if (app != null) {
            app.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (disk != null) {
            new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskIsVisibleAndWooTrackRecoversOnceThereIsRoomWithNothingAcknowledgedLost() throws Exception {
        Map<String, String> settings = TestApp.settings(disk.resolve("data"), sandbox);
        app = TestApp.start(settings);
        List<Long> acknowledged = new ArrayList<>();
        long id = 9_000;
        assertThat(app.webhook(Fixtures.order(++id, "processing"), "order.updated").statusCode()).isEqualTo(200);
        acknowledged.add(id);
        assertThat(health().statusCode()).isEqualTo(200);

        Path filler = disk.resolve("filler");
        fill(filler);
        int refused = 0;
        // the database first fills the free space inside its file (housekeeping keeps some), then needs the disk
        for (int i = 0; i < 5_000 && refused == 0; i++) {
            HttpResponse<String> answer = app.webhook(Fixtures.order(++id, "processing"), "order.updated");
            if (answer.statusCode() == 200) {
                acknowledged.add(id);
            } else {
                assertThat(answer.statusCode()).isEqualTo(503);
                refused++;
            }
        }
        assertThat(refused).as("a webhook is refused once the disk is full").isEqualTo(1);
        HttpResponse<String> down = health();
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("database");

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(30)).until(() -> health().statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> answer = app.webhook(Fixtures.order(9_999, "processing"), "order.updated");
            return answer.statusCode() == 200;
        });
        acknowledged.add(9_999L);
        for (long order : acknowledged) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !sandbox.orderPostsFor(order).isEmpty());
        }
        assertThat(sandbox.created()).as("every order acknowledged with 200 reached TrackingTech")
                .isGreaterThanOrEqualTo(acknowledged.size());
    }

    private HttpResponse<String> health() throws Exception {
        return app.send(HttpRequest.newBuilder(URI.create(app.url("/observe/health"))).GET().build());
    }

    /** Writes zeros until the disk has no room left. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full: that is the point
        }
    }
}
