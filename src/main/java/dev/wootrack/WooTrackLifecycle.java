package dev.wootrack;

import dev.wootrack.store.Database;
import dev.wootrack.store.Inbox;
import dev.wootrack.trackingtech.TrackingTechConnection;
import dev.wootrack.woocommerce.WooCommerceApi;
import dev.wootrack.woocommerce.WooCommerceAuth;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What WooTrack does when the Camel context that holds its beans starts, before its routes do: the schema (Flyway,
 * unless {@code wootrack.db.migrate=false} for a host that manages its own), this node's leftovers put back in line
 * (claims of a previous life, orders parked while ready), and what start-up says. Binding the beans does none of it.
 */
final class WooTrackLifecycle extends ServiceSupport implements org.apache.camel.StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(WooTrackBeans.class);

    private final Database db;
    private final boolean migrate;
    private final Settings settings;
    private final Inbox inbox;
    private final TrackingTechConnection connection;
    private final WooCommerceApi wooCommerce;
    private final WooCommerceAuth wooAuth;
    /** This node among the others; null in a command ({@code status}, {@code connect}, …), which is not a node. */
    private final dev.wootrack.store.Nodes nodes;

    /** Set to {@code command} by the command line's short-lived runtimes: they register no node. */
    static final String ROLE = "wootrack.node.role";

    private final dev.wootrack.store.InstalledWebhooks installedWebhooks;

    WooTrackLifecycle(Database db, boolean migrate, Settings settings, Inbox inbox, TrackingTechConnection connection,
                      WooCommerceApi wooCommerce, WooCommerceAuth wooAuth,
                      dev.wootrack.store.InstalledWebhooks installedWebhooks, dev.wootrack.store.Nodes nodes) {
        this.nodes = nodes;
        this.installedWebhooks = installedWebhooks;
        this.db = db;
        this.migrate = migrate;
        this.settings = settings;
        this.inbox = inbox;
        this.connection = connection;
        this.wooCommerce = wooCommerce;
        this.wooAuth = wooAuth;
    }

    private final java.util.concurrent.atomic.AtomicBoolean begun = new java.util.concurrent.atomic.AtomicBoolean();
    /** This node's row was written: what it claims is its own, and its stop is recorded. */
    private volatile boolean registered;

    /**
     * Before any route starts (a context service starts only after the routes have: Quartz's clustered store reads
     * its tables when a {@code wootrack-quartz:} route starts, so the migrations must have run by then).
     */
    @Override
    public void onCamelContextStarting(org.apache.camel.CamelContext context, boolean alreadyStarted) {
        begin();
    }

    /**
     * Camel starts the endpoint of a route that does not start (switched off: {@code wootrack.events.enabled=false}),
     * so camel-quartz schedules its job anyway, and it would fire for nothing, once per interval, on some node of the
     * cluster. Its trigger is taken out instead. (Every node of a cluster runs with the same settings.)
     */
    @Override
    public void onCamelContextStarted(org.apache.camel.CamelContext context, boolean alreadyStarted) {
        for (org.apache.camel.Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof org.apache.camel.component.quartz.QuartzEndpoint quartz
                    && quartz.getComponent() == context.getComponent(dev.wootrack.cluster.ClusteredScheduler.COMPONENT)
                    && !route.isAutoStartup()) { // (its status: a supervising route controller may start it later)
                try {
                    quartz.getComponent().getScheduler().unscheduleJob(quartz.getTriggerKey());
                    LOG.debug("route {} is off: its Quartz trigger {} is unscheduled", route.getRouteId(),
                            quartz.getTriggerKey());
                } catch (org.quartz.SchedulerException e) {
                    LOG.warn("could not unschedule the trigger of route {}, which is off: {}", route.getRouteId(),
                            e.getMessage());
                }
            }
        }
    }

    @Override
    protected void doStart() {
        begin(); // a context that was started already when WooTrack's beans were added to it
    }

    private void begin() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        if (migrate) {
            db.applySchema();
        }
        if (nodes != null) {
            // refused when a running node has this id (then nothing below happens: the start fails with why)
            String host = dev.wootrack.store.Nodes.thisHost();
            nodes.register(host, ProcessHandle.current().pid(), (int) settings.number("wootrack.http.port"), "0.1.0");
            registered = true;
            nodes.takeOverFromGoneNodesOnThisHost(host); // the node this one replaces, after a kill -9 or a crash
            LOG.info("Node {}: {}", nodes.nodeId(), settings.clustered()
                    ? "one of a cluster (scheduled routes through Quartz's clustered job store in the database)"
                    : "on its own (for several nodes, see README: Running several nodes)");
        }
        connection.load();
        // a previous life of this node may have left claimed rows and parked orders: put them back in line
        int reclaimed = inbox.releaseOwnClaims();
        int released = connection.isReady() ? connection.releaseParked() : 0;
        LOG.info("WooTrack data in {}; TrackingTech: {}; inbox: {} pending row(s) re-queued, {} parked released",
                settings.dataDir().toAbsolutePath().normalize(), connection, reclaimed, released);
        if (wooCommerce.isConfigured()) {
            LOG.info("WooCommerce REST API at {} ({}); polling {}, re-reading webhooks {}",
                    WooCommerceAuth.redact(wooCommerce.getStoreUrl()), wooAuth.mode(),
                    settings.optional("wootrack.woocommerce.poll.enabled").orElse("true"),
                    wooCommerce.isRefetchOnWebhook() ? "on" : "off");
        } else {
            LOG.warn("No WooCommerce REST credentials (wootrack.woocommerce.consumer-key/-secret): webhooks only;"
                    + " no polling, backfill or write-back.");
        }
        if (!connection.isReady()) {
            LOG.warn("Nothing will be sent to TrackingTech: {}. Orders are accepted and wait as '{}'.",
                    connection.getProblem(), connection.parkReason());
        }
        if (nodes != null) { // a node takes webhooks; a command beside it does not
            java.util.List<dev.wootrack.store.InstalledWebhooks.Installed> installed = installedWebhooks.list();
            if (installed.isEmpty() && settings.webhookSecret().isEmpty()) {
                LOG.warn("No webhook secret: no webhooks installed by WooTrack (`wootrack webhooks install`) and no"
                        + " wootrack.woocommerce.webhook-secret. Every webhook delivery is refused (401); orders come in"
                        + " by polling only.");
            } else if (!installed.isEmpty()) {
                LOG.info("Webhooks installed by WooTrack: {}; checked every {} ms", installed.stream()
                        .map(w -> w.topic() + " (webhook " + w.webhookId() + ")").toList(),
                        settings.number("wootrack.webhooks.check-interval"));
            }
        }
    }

    /**
     * After the routes stopped (their work finished or cut off by the shutdown timeout): what this node still claims
     * goes back in line for the others at once, and its row says it stopped.
     */
    @Override
    protected void doStop() {
        if (nodes == null || !registered) {
            return; // a start refused (this node's id is another running node's): its claims are not this one's
        }
        String grouped = db.groupCommitSummary();
        if (grouped != null) {
            LOG.info("Group commit since the start: {}", grouped);
        }
        try {
            int released = inbox.releaseOwnClaims();
            nodes.stopped();
            LOG.info("Node {} stopped: {} inbox row(s) it had claimed are back in line for the other nodes",
                    nodes.nodeId(), released);
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not record its stop ({}): the others take its rows once it is not seen for {} s",
                    nodes.nodeId(), e.getMessage(), nodes.timeout().toSeconds());
        }
    }

}
