package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import java.util.HashMap;
import java.util.Map;

/**
 * A WooTrack for one command (backfill, connect, status, disconnect): the same beans and routes on the configured
 * database, but no port and no schedules that would compete with a running {@code run}, and a node id of its own.
 */
final class BatchRuntime {

    private BatchRuntime() {
    }

    static WooTrackRuntime start(Map<String, String> settings, String command, boolean pipeline) throws Exception {
        Map<String, String> overrides = new HashMap<>(settings);
        overrides.put("wootrack.node-id", settings.getOrDefault("wootrack.node-id", "local") + "-" + command + "-"
                + ProcessHandle.current().pid());
        overrides.put("wootrack.http.port", "0");
        overrides.put("camel.main.name", "wootrack-" + command); // its own Quartz scheduler beside a running one
        overrides.put("wootrack.woocommerce.poll.enabled", "false");
        overrides.put("wootrack.writeback.enabled", "false");
        overrides.put("wootrack.inbox.recovery-enabled", Boolean.toString(pipeline));
        // the webhook secret is not needed to connect or read the status
        overrides.putIfAbsent("wootrack.woocommerce.webhook-secret", System.getenv().getOrDefault(
                "WOOTRACK_WOOCOMMERCE_WEBHOOK_SECRET", "-"));
        return WooTrackRuntime.start(overrides);
    }
}
