package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import dev.wootrack.config.Configuration;
import dev.wootrack.store.DataDir;
import java.util.HashMap;
import java.util.Map;

/**
 * A WooTrack for one command (backfill, connect, status, disconnect, webhooks) beside a running {@code run}: the same beans and
 * routes on the configured database, but no HTTP server (it never binds or probes the port), no schedules that
 * would compete with {@code run}, and a node id of its own.
 */
final class BatchRuntime {

    /**
     * The routes that need the HTTP server, by what they consume from (Camel's route filter matches a route's id or
     * its input endpoint URI): every {@code platform-http} (and REST DSL) route, and the webhook source's, whatever its file or id, so a route added later
     * cannot make a command fail for want of a server.
     */
    static final String HTTP_ROUTES = "platform-http:*,rest:*,rest-api:*,kamelet:wootrack-woocommerce-webhook-source*";
    /**
     * What a command does not run besides: the HTTP routes, the heartbeat (a command is not a node) and the webhooks
     * check (the running WooTrack's: a command has no webhook intake to be healthy with).
     */
    static final String EXCLUDED_ROUTES = HTTP_ROUTES + ",wootrack-node-heartbeat,wootrack-webhooks-check";

    private BatchRuntime() {
    }

    /**
     * @param pipeline     whether the command drives orders through the pipeline (backfill)
     * @param createsData  whether the command may begin an installation (connect): the others refuse a data dir that
     *                     does not exist instead of creating an empty database
     */
    static WooTrackRuntime start(SettingOverrides settings, String command, boolean pipeline, boolean createsData)
            throws Exception {
        Configuration config = settings.configuration();
        config.checked(); // a bad value is named first, before anything is looked for on disk
        String dataDir = config.get(DataDir.KEY).orElse("./data");
        // a command on another machine than the nodes (PostgreSQL) has no data dir: only the embedded H2 lives in one
        if (!createsData && dev.wootrack.store.Database.isEmbeddedH2(config.get("wootrack.db.url").orElse(""), null)) {
            DataDir.existing(dataDir);
        }
        Map<String, String> overrides = new HashMap<>();
        overrides.put("wootrack.node-id", config.get("wootrack.node-id").map(String::trim).filter(v -> !v.isEmpty()).orElse("cli") + "-" + command + "-"
                + ProcessHandle.current().pid());
        overrides.put("wootrack.node.role", "command"); // not a node: no heartbeat, no row in wootrack_node
        overrides.put("wootrack.cluster.enabled", "false"); // its own in-memory scheduler: it runs no cluster route
        overrides.put("camel.server.enabled", "false");
        overrides.put("camel.management.enabled", "false");
        overrides.put("camel.metrics.enabled", "false"); // no /observe/metrics to serve them (and no WARN about gauges)
        overrides.put("camel.main.route-filter-exclude-pattern", EXCLUDED_ROUTES);
        overrides.put("camel.main.name", "wootrack-" + command); // its own Quartz scheduler beside a running one
        overrides.put("wootrack.woocommerce.poll.enabled", "false");
        overrides.put("wootrack.writeback.enabled", "false");
        overrides.put("wootrack.retention.enabled", "false");
        overrides.put("wootrack.reconcile.enabled", "false"); // the `reconcile` command runs it itself
        overrides.put("wootrack.inbox.recovery-enabled", Boolean.toString(pipeline));
        return WooTrackRuntime.start(config.with(overrides), WooTrackRuntime.Role.COMMAND);
    }
}
