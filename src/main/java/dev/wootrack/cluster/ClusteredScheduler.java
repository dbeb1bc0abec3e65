package dev.wootrack.cluster;

import dev.wootrack.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The Quartz component behind {@code wootrack-quartz:}, the scheme of the routes that must run once at a time in the
 * whole cluster (the poller, the status feed, retention, decision events). WooTrack's own instance, so a host's
 * {@code quartz:} component is never changed.
 * <ul>
 *   <li>one node: Quartz's in-memory job store, as before;</li>
 *   <li>several nodes ({@link Settings#clustered()}): Quartz's clustered JDBC job store ({@code JobStoreTX}, the
 *   {@code wootrack_qrtz_*} tables made by the migrations) in WooTrack's own database (Quartz's
 *   {@code PostgreSQLDelegate} on H2 too: see {@link #properties}). Every node schedules the same triggers; each firing is taken by one node, and a node that stops
 *   checking in has its triggers taken over by another.</li>
 * </ul>
 * The routes that every node runs for itself (inbox recovery, the connection watch, the heartbeat) use {@code timer:}.
 */
public final class ClusteredScheduler {

    /** Quartz's tables: WooTrack's prefix, so they live beside a host's own Quartz tables. */
    public static final String TABLE_PREFIX = "WOOTRACK_QRTZ_";
    /** The component's name in the Camel context: the scheme of the routes that run once per cluster. */
    public static final String COMPONENT = "wootrack-quartz";

    private ClusteredScheduler() {
    }

    /** WooTrack's Quartz component, clustered in {@code dataSource} when the settings say several nodes. */
    public static QuartzComponent component(Settings settings, DataSource dataSource) {
        QuartzComponent quartz = new QuartzComponent();
        if (!settings.clustered()) {
            return quartz; // camel-quartz's defaults: an in-memory store, this context's own scheduler
        }
        String name = settings.optional("wootrack.cluster.name").map(String::trim).filter(s -> !s.isEmpty())
                .orElse("wootrack");
        // Quartz takes its connections from a provider registered under a name; one per scheduler
        String provider = "wootrack-" + name + "-" + java.util.UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(provider, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool is WooTrack's (or the host's): closed by its owner
            }

            @Override
            public void initialize() {
                // nothing: the pool opens on first use
            }
        });
        quartz.setProperties(properties(name, provider,
                settings.number("wootrack.cluster.checkin-interval"),
                settings.number("wootrack.cluster.misfire-threshold")));
        // the same instance name on every node (camel-quartz would prefix it with the context's name)
        quartz.setPrefixInstanceName(false);
        // a node that stops lets the firing it runs finish (its stop waits for it) rather than cut it off
        quartz.setInterruptJobsOnShutdown(false);
        return quartz;
    }

    static Properties properties(String name, String provider, long checkinMillis,
                                 long misfireMillis) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        // unique per node and per start (host name + time): Quartz's own generator
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "wootrack-quartz");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // the tables' binary columns are BYTEA (the migrations make them so on H2 too), read with getBytes: PostgreSQL's
        // delegate reads them right on both databases (the standard one asks for a Blob, which PostgreSQL's bytea is not)
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", provider);
        p.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinMillis));
        // a firing later than this is a misfire: camel-quartz's instruction then runs it at its next time (an
        // interval trigger) or once now (a cron), instead of every missed firing in a burst after a takeover
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(Math.max(1, misfireMillis)));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** The Quartz instance id of this node's scheduler (Quartz's {@code AUTO}: host name + start time), or null. */
    public static String instanceId(QuartzComponent quartz) {
        try {
            org.quartz.Scheduler scheduler = quartz.getScheduler();
            return scheduler == null ? null : scheduler.getSchedulerInstanceId();
        } catch (org.quartz.SchedulerException | RuntimeException notYet) {
            return null;
        }
    }
}
