package dev.wootrack.demo;

import dev.wootrack.cli.Demo;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/** {@code demo}: plays {@link DemoSession}, prints the summary, and with {@code --keep-running} stays up. */
public final class ShopDemo implements Demo {

    @Override
    public int run(Options options, PrintWriter out, PrintWriter err) throws Exception {
        DemoSession session = new DemoSession(options, out);
        boolean closeHere = true;
        try {
            if (!session.start()) {
                return 1;
            }
            DemoSummary summary = session.play();
            summary.print(out);
            if (options.keepRunning()) {
                closeHere = false;
                stayUp(session, out);
            }
            return summary.addsUp() ? 0 : 1;
        } finally {
            if (closeHere) {
                session.close();
            }
        }
    }

    /** Prints where everything listens and blocks until Ctrl-C, which stops WooTrack and the simulators. */
    private static void stayUp(DemoSession s, PrintWriter out) throws InterruptedException {
        String jar = "java -jar target/wootrack.jar";
        out.printf("%nStill running; Ctrl-C stops everything.%n");
        out.printf("  WooTrack          http://127.0.0.1:%d  (POST /webhooks/woocommerce, GET /observe/health,"
                + " /observe/metrics, /admin/status)%n", s.port());
        out.printf("  admin console     %s  (sign in with the admin token)%n", s.consoleUrl());
        out.printf("  webhook secret    %s%n", DemoSession.WEBHOOK_SECRET);
        out.printf("  admin token       %s%n", DemoSession.ADMIN_TOKEN);
        out.printf("  WooCommerce       %s/wp-json/wc/v3/orders (simulated; orders %d to %d)%n", s.shop().url(),
                DemoSession.FIRST_ID, DemoSession.FIRST_ID + s.plan().size() - 1);
        out.printf("  TrackingTech      %s (sandbox)%n", s.trackingTech().baseUrl());
        out.printf("Try:%n  %s status --set wootrack.data-dir=%s%n", jar, s.dataDir());
        out.printf("  %s dead-letters --set wootrack.data-dir=%s%n", jar, s.dataDir());
        out.printf("  curl -s -H 'Authorization: Bearer %s' http://127.0.0.1:%d/admin/status%n",
                DemoSession.ADMIN_TOKEN, s.port());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s.close();
            } catch (Exception e) {
                System.err.println("demo did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "wootrack-demo-stop"));
        stopped.await();
    }
}
