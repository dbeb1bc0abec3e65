package dev.wootrack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.admin.AdminApi;
import dev.wootrack.admin.AdminAuthorization;
import dev.wootrack.admin.ConsoleFiles;
import dev.wootrack.admin.HttpFrontDoor;
import dev.wootrack.pipeline.OrderRules;
import dev.wootrack.store.Database;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Checkpoints;
import dev.wootrack.store.ConnectionStore;
import dev.wootrack.store.Inbox;
import dev.wootrack.trackingtech.ConnectFlow;
import dev.wootrack.trackingtech.Installation;
import dev.wootrack.trackingtech.OrderMapper;
import dev.wootrack.trackingtech.StatusFeed;
import dev.wootrack.trackingtech.TrackingTechCalls;
import dev.wootrack.trackingtech.TrackingTechHealthCheck;
import dev.wootrack.trackingtech.TrackingTechConnection;
import dev.wootrack.trackingtech.TrackingTechResponses;
import dev.wootrack.trackingtech.TrackingTechUrls;
import dev.wootrack.woocommerce.OrderPoller;
import dev.wootrack.woocommerce.TrackingWriteBack;
import dev.wootrack.woocommerce.WebhookIntake;
import dev.wootrack.woocommerce.WooCommerceAlarm;
import dev.wootrack.woocommerce.WooCommerceApi;
import dev.wootrack.woocommerce.WooCommerceAuth;
import dev.wootrack.woocommerce.WooCommerceHealthCheck;
import dev.wootrack.woocommerce.WooCommerceResponses;
import dev.wootrack.woocommerce.Webhooks;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the beans the routes call, from the {@code wootrack.*} properties. Any Camel runtime can use it
 * ({@code camel.main.configuration-classes=dev.wootrack.WooTrackBeans}, or {@code new WooTrackBeans().configure(ctx)}):
 * the routes need these beans and the properties, not WooTrack's own main class.
 */
public class WooTrackBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WooTrackBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        dev.wootrack.config.Configuration.fillInDefaults(props); // a host's own values stay; the rest from the jar
        Settings settings = Settings.from(props::resolveProperty);
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        // the host's DataSource when wootrack.db.datasource names one; else WooTrack's own pool, opened on first use
        String hostDataSource = props.resolveProperty("wootrack.db.datasource").map(String::trim)
                .filter(n -> !n.isEmpty()).orElse(null);
        javax.sql.DataSource dataSource;
        if (hostDataSource != null) {
            dataSource = org.apache.camel.support.CamelContextHelper.mandatoryLookup(context, hostDataSource,
                    javax.sql.DataSource.class);
        } else {
            dev.wootrack.store.LazyPool pool = new dev.wootrack.store.LazyPool(() -> Database.pool(props::resolveProperty));
            dataSource = pool;
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    pool.close();
                }
            });
        }
        String groupCommit = settings.optional("wootrack.db.group-commit-max").orElse("auto");
        Database db = new Database(dataSource).groupCommit(groupCommit.equals("auto") ? 0 : Integer.parseInt(groupCommit));

        Inbox inbox = new Inbox(db, settings.nodeId(), Duration.ofMillis(settings.inboxLeaseMillis()), clock);
        Decisions decisions = new Decisions(db, clock);
        TrackingTechConnection connection = new TrackingTechConnection(inbox, new ConnectionStore(db, clock),
                settings.trackingTechToken(),
                settings.storeId(), settings.customerId());

        Checkpoints checkpoints = new Checkpoints(db, clock);
        String storeUrl = settings.text("wootrack.woocommerce.url");
        WooCommerceAuth wooAuth = new WooCommerceAuth(settings.optional("wootrack.woocommerce.auth").orElse("auto"),
                storeUrl, settings.optional("wootrack.woocommerce.consumer-key").orElse(null),
                settings.optional("wootrack.woocommerce.consumer-secret").orElse(null));
        WooCommerceApi wooCommerce = new WooCommerceApi(storeUrl, wooAuth,
                settings.optional("wootrack.woocommerce.refetch-on-webhook").orElse("auto"));
        WooCommerceAlarm wooAlarm = new WooCommerceAlarm(clock);

        Registry r = context.getRegistry();
        r.bind("wootrackSettings", settings);
        r.bind("wootrackObjectMapper", json);
        r.bind("wootrackDataSource", dataSource);
        r.bind("wootrackDatabase", db);
        r.bind("wootrackInbox", inbox);
        r.bind("wootrackDecisions", decisions);
        DeadLetters deadLetters = new DeadLetters(db, inbox, clock);
        r.bind("wootrackDeadLetters", deadLetters);
        dev.wootrack.store.DeliveredKeys delivered = new dev.wootrack.store.DeliveredKeys(db);
        r.bind("wootrackDeliveredKeys", delivered);
        // the webhooks WooTrack installed (issue 16): their secrets, generated by WooTrack, and the configured one
        dev.wootrack.store.InstalledWebhooks installedWebhooks = new dev.wootrack.store.InstalledWebhooks(db, clock);
        r.bind("wootrackInstalledWebhooks", installedWebhooks);
        WebhookIntake webhookIntake = new WebhookIntake(dev.wootrack.woocommerce.WebhookSecrets.of(
                settings.webhookSecret().orElse(null), installedWebhooks), json, settings.maxBodyBytes());
        r.bind("wootrackWebhookIntake", webhookIntake);
        OrderRules orderRules = new OrderRules(settings.triggerStatuses(), settings.cancelStatuses());
        r.bind("wootrackOrderRules", orderRules);
        OrderMapper orderMapper = new OrderMapper();
        r.bind("wootrackOrderMapper", orderMapper);
        r.bind("wootrackCountAttempt", new dev.wootrack.pipeline.CountAttempt());
        r.bind("wootrackConnection", connection);
        TrackingTechCalls trackingTechCalls = new TrackingTechCalls(clock);
        r.bind("wootrackTrackingTechCalls", trackingTechCalls);
        TrackingTechResponses trackingTechResponses = new TrackingTechResponses(json, settings.retryAfterCapMillis(),
                trackingTechCalls);
        r.bind("wootrackTrackingTechResponses", trackingTechResponses);
        r.bind("wootrackInFlight", new dev.wootrack.pipeline.InFlight(inbox));
        r.bind("wootrackDeliveryRetry", new dev.wootrack.pipeline.DeliveryRetry(inbox, trackingTechCalls,
                settings.number("wootrack.trackingtech.redelivery.initial-delay"),
                Double.parseDouble(settings.text("wootrack.trackingtech.redelivery.multiplier")),
                settings.number("wootrack.trackingtech.redelivery.maximum-delay"),
                (int) settings.number("wootrack.trackingtech.redelivery.maximum-redeliveries")));
        TrackingTechUrls trackingTechUrls = new TrackingTechUrls(
                settings.text("wootrack.trackingtech.base-url"),
                settings.text("wootrack.trackingtech.path.orders"),
                settings.text("wootrack.trackingtech.path.cancel"),
                settings.text("wootrack.trackingtech.path.status"),
                settings.text("wootrack.trackingtech.path.updates"),
                java.util.Map.of("resolve", settings.text("wootrack.trackingtech.path.resolve"),
                        "login", settings.text("wootrack.trackingtech.path.login"),
                        "stores", settings.text("wootrack.trackingtech.path.stores"),
                        "link", settings.text("wootrack.trackingtech.path.link"),
                        "uninstall", settings.text("wootrack.trackingtech.path.uninstall")), connection);
        r.bind("wootrackTrackingTechUrls", trackingTechUrls);

        // the guided connection: its calls go through the trackingtech-account route
        java.util.concurrent.atomic.AtomicReference<org.apache.camel.ProducerTemplate> template =
                new java.util.concurrent.atomic.AtomicReference<>();
        ConnectFlow.Call call = (method, url, authorization, body) -> {
            org.apache.camel.ProducerTemplate t = template.updateAndGet(p -> p != null ? p : context.createProducerTemplate());
            org.apache.camel.Exchange answer = t.request("direct:wootrack-trackingtech-account", e -> {
                e.setProperty("accountMethod", method);
                e.setProperty("accountUrl", url);
                e.setProperty("accountAuthorization", authorization);
                e.getMessage().setBody(body);
            });
            if (answer.getException() != null) {
                return new ConnectFlow.Answer(-1, answer.getException().getMessage());
            }
            return new ConnectFlow.Answer(answer.getMessage().getHeader("CamelHttpResponseCode", -1, Integer.class),
                    answer.getMessage().getBody(String.class));
        };
        ConnectFlow connectFlow = new ConnectFlow(json, call, trackingTechUrls, trackingTechResponses,
                Installation.shared(checkpoints, settings.dataDir(), storeUrl), connection);
        r.bind("wootrackConnectFlow", connectFlow);

        StatusReport statusReport = new StatusReport(json, connection, decisions, deadLetters, inbox, installedWebhooks);
        r.bind("wootrackStatusReport", statusReport);

        // WooCommerce's REST API: polling, re-reading webhooks, backfill, write-back
        r.bind("wootrackCheckpoints", checkpoints);
        r.bind("wootrackWooAuth", wooAuth);
        r.bind("wootrackWooCommerce", wooCommerce);
        r.bind("wootrackWooResponses", new WooCommerceResponses(json));
        r.bind("wootrackWooAlarm", wooAlarm);
        // each line item's weight from the catalog (read through the WooCommerce Kamelet by wootrack-weigh-order)
        r.bind("wootrackCatalogWeights", new dev.wootrack.woocommerce.CatalogWeights(json,
                wooCommerce.isConfigured() && settings.flag("wootrack.catalog.weights-enabled"),
                settings.text("wootrack.catalog.weight-unit"), (int) settings.number("wootrack.catalog.cache-size"),
                settings.duration("wootrack.catalog.cache-expiry")));
        r.bind("wootrackWooAccessHealthCheck", new WooCommerceHealthCheck(wooAlarm));
        r.bind("wootrackTrackingTechHealthCheck", new TrackingTechHealthCheck(connection));
        r.bind("wootrackDatabaseHealthCheck", new dev.wootrack.store.DatabaseHealthCheck(db));
        r.bind("wootrackRetention", new dev.wootrack.store.Retention(db, clock,
                settings.duration("wootrack.retention.personal-data"), settings.duration("wootrack.retention.history"),
                settings.duration("wootrack.retention.keys"), settings.duration("wootrack.retention.versions")));
        JdbcMessageIdRepository polledOrders = new dev.wootrack.store.ProcessedKeys(db, "woocommerce-polled");
        OrderPoller orderPoller = new OrderPoller(json, checkpoints, clock,
                WooCommerceApi.statuses(settings.triggerStatuses(), settings.cancelStatuses()),
                settings.duration("wootrack.woocommerce.poll.overlap"),
                settings.duration("wootrack.woocommerce.poll.start-lookback"),
                polledOrders::contains, orderId -> delivered.isSent(connection.orderKey(orderId)));
        r.bind("wootrackOrderPoller", orderPoller);
        // the webhooks WooTrack installs and keeps alive: `webhooks install|status|remove` call WooCommerce through the
        // webhook-call route, the webhooks-check route calls it itself
        Webhooks.Call webhookCall = (method, path, body, what) -> {
            org.apache.camel.ProducerTemplate t = template.updateAndGet(p -> p != null ? p : context.createProducerTemplate());
            org.apache.camel.Exchange answer = t.request("direct:wootrack-woocommerce-webhook-call", e -> {
                e.setProperty("webhookMethod", method);
                e.setProperty("webhookPath", path);
                e.setProperty("webhookCall", what);
                e.getMessage().setBody(body);
            });
            Exception failed = answer.getException();
            if (failed instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failed != null) { // no answer at all (connection refused, a timeout)
                throw new dev.wootrack.woocommerce.WooCommerceException.Unavailable(0, null, "WooCommerce did not answer "
                        + what + ": " + failed.getClass().getSimpleName() + ": " + failed.getMessage());
            }
            return new Webhooks.Answer(answer.getMessage().getBody(String.class),
                    answer.getMessage().getHeader("X-WP-TotalPages", String.class));
        };
        // WooTrack can take a webhook's deliveries: its database works, its webhook route runs, its URL answers
        Webhooks.Readiness webhookReadiness = url -> {
            Database.Outcome outcome = db.probe();
            if (!outcome.ok()) {
                return "the database fails: " + outcome.problem();
            }
            org.apache.camel.ServiceStatus route = context.getRouteController()
                    .getRouteStatus(WooTrackRuntime.WEBHOOK_ROUTE);
            if (route == null || !route.isStarted()) {
                return "the route " + WooTrackRuntime.WEBHOOK_ROUTE + " is " + (route == null ? "not there"
                        : route.name().toLowerCase(java.util.Locale.ROOT));
            }
            return Webhooks.ping(url);
        };
        Webhooks webhooks = new Webhooks(json, installedWebhooks, wooCommerce, settings.publicUrl().orElse(null), clock,
                settings.flag("wootrack.webhooks.repair"), settings.duration("wootrack.webhooks.catch-up-lookback"),
                orderPoller, webhookReadiness, webhookCall);
        r.bind("wootrackWebhooks", webhooks);
        r.bind("wootrackWebhooksHealthCheck", new dev.wootrack.woocommerce.WebhooksHealthCheck(installedWebhooks));
        // several nodes (issue 14): who is alive, what each one saw; the scheduler of the routes that run once per cluster
        dev.wootrack.store.Nodes nodes = new dev.wootrack.store.Nodes(db, clock, settings.nodeId(),
                settings.duration("wootrack.cluster.node-timeout"));
        r.bind("wootrackNodes", nodes);
        org.apache.camel.component.quartz.QuartzComponent quartz =
                dev.wootrack.cluster.ClusteredScheduler.component(settings, dataSource);
        context.addComponent(dev.wootrack.cluster.ClusteredScheduler.COMPONENT, quartz);
        dev.wootrack.cluster.NodeHeartbeat heartbeat = new dev.wootrack.cluster.NodeHeartbeat(nodes, json,
                webhookIntake, trackingTechCalls, orderPoller, () -> dev.wootrack.cluster.ClusteredScheduler.instanceId(quartz));
        r.bind("wootrackNodeHeartbeat", heartbeat);
        AdminApi admin = new AdminApi(json, settings.optional("wootrack.admin.token").orElse(null),
                connectFlow, statusReport, deadLetters, decisions, new AdminApi.Health(webhookIntake, orderPoller,
                wooAlarm, trackingTechCalls, Boolean.parseBoolean(settings.optional("wootrack.woocommerce.poll.enabled").orElse("true")), clock,
                nodes, heartbeat), new dev.wootrack.store.PendingLogins(db, clock));
        r.bind("wootrackAdminApi", admin);
        // the address checks before mapping (issue 16) and the orders they hold for review
        dev.wootrack.store.Reviews reviews = new dev.wootrack.store.Reviews(db, decisions, clock);
        r.bind("wootrackReviews", reviews);
        r.bind("wootrackReviewsApi", new dev.wootrack.admin.ReviewsApi(admin, reviews));
        r.bind("wootrackAddressChecks", new dev.wootrack.address.AddressChecks(new dev.wootrack.address.AddressChecks.Policies(
                dev.wootrack.address.Policy.of(settings.text("wootrack.address.check.region")),
                dev.wootrack.address.Policy.of(settings.text("wootrack.address.check.commune")),
                dev.wootrack.address.Policy.of(settings.text("wootrack.address.check.rut")),
                dev.wootrack.address.Policy.of(settings.text("wootrack.address.check.phone"))),
                settings.list("wootrack.address.rut-meta-keys"), reviews));
        r.bind("wootrackAdminAuthorization", new AdminAuthorization(admin));
        r.bind("wootrackAdminOpenApi", new dev.wootrack.admin.AdminOpenApi(context, json));
        r.bind("wootrackConsoleFiles", new ConsoleFiles());
        context.addStartupListener(new HttpFrontDoor());
        if (!admin.isEnabled()) {
            LOG.info("Admin API off: set wootrack.admin.token (env WOOTRACK_ADMIN_TOKEN) to turn on /admin");
        }
        r.bind("wootrackPolledOrders", polledOrders);
        JdbcMessageIdRepository writtenVersions = new dev.wootrack.store.ProcessedKeys(db, "woocommerce-written");
        r.bind("wootrackWrittenVersions", writtenVersions);
        r.bind("wootrackOrderTriage", new dev.wootrack.pipeline.OrderTriage(orderRules, orderMapper, connection,
                delivered, writtenVersions::contains, decisions));
        r.bind("wootrackWriteBackSteps", new dev.wootrack.store.WriteBackSteps(db, clock, java.time.Duration.ofMinutes(5)));
        // the write-back's writers (one order each at a time); Camel's pool, shut down with the context
        r.bind("wootrackWriteBackThreads", context.getExecutorServiceManager().newFixedThreadPool(this,
                "wootrack-writeback", (int) settings.number("wootrack.writeback.parallelism")));
        r.bind("wootrackStatusFeed", new StatusFeed(checkpoints,
                (int) settings.number("wootrack.writeback.max-pages-per-run"),
                (int) settings.number("wootrack.writeback.pages-per-batch")));
        TrackingWriteBack writeBack = new TrackingWriteBack(json, checkpoints, clock,
                settings.text("wootrack.writeback.note"),
                settings.optional("wootrack.writeback.provider").orElse("TrackingTech"),
                settings.optional("wootrack.writeback.status-map").orElse(""));
        r.bind("wootrackWriteBack", writeBack);
        // the status map changes a status only from one WooTrack expects (a merchant's own change is not overwritten)
        r.bind("wootrackStatusGuard", new dev.wootrack.woocommerce.StatusGuard(json, writtenVersions::contains,
                decisions::sentStatus, orderRules::isTrigger, writeBack.mapTargets()));

        // the reconciliation ledger (wootrack.reconcile.*): the command and the scheduled route share one reconciler
        r.bind("wootrackContentDigest", new dev.wootrack.reconcile.ContentDigest(orderMapper));
        dev.wootrack.reconcile.Reconciler reconciler = new dev.wootrack.reconcile.Reconciler(json, orderRules,
                orderMapper, connection, new dev.wootrack.store.ReconcileLedger(db, clock), wooCommerce, clock,
                settings.duration("wootrack.reconcile.window"),
                Boolean.parseBoolean(settings.optional("wootrack.reconcile.fix").orElse("false")),
                Boolean.parseBoolean(settings.optional("wootrack.trackingtech.cancel-enabled").orElse("true")))
                .schedule(Duration.ofMillis(settings.number("wootrack.reconcile.interval")),
                        settings.optional("wootrack.reconcile.cron").filter(c -> !c.isBlank()).isPresent());
        r.bind("wootrackReconciler", reconciler);
        r.bind("wootrackReconcileHealthCheck", new dev.wootrack.reconcile.ReconcileHealthCheck(reconciler));
        statusReport.reconcileFrom(reconciler::lastSummary);
        admin.reconcileFrom(reconciler::last);

        // decision events (wootrack.events.*): every decision writes its event row in its own transaction
        dev.wootrack.store.DecisionEvents decisionEvents = new dev.wootrack.store.DecisionEvents(db, clock, settings.nodeId(),
                Boolean.parseBoolean(settings.optional("wootrack.events.enabled").orElse("false")));
        decisions.publishTo(decisionEvents);
        deadLetters.publishTo(decisionEvents);
        r.bind("wootrackDecisionEvents", decisionEvents);


        // nothing above touched the database, a file or a port: what must happen before the routes run happens when
        // the context starts (the schema, this node's leftovers, what start-up says)
        boolean migrate = !"false".equalsIgnoreCase(props.resolveProperty("wootrack.db.migrate").orElse("true").trim());
        WooTrackLifecycle lifecycle = new WooTrackLifecycle(db, migrate, settings, inbox, connection, wooCommerce,
                wooAuth, installedWebhooks, "command".equals(props.resolveProperty(WooTrackLifecycle.ROLE).orElse("node")) ? null : nodes);
        context.addStartupListener(lifecycle); // the schema and the rest before the routes start
        context.addService(lifecycle); // and what a node does when it stops
    }

    /** Looks up a bean by type; for the command line and tests. */
    public static <T> T bean(CamelContext context, String name, Class<T> type) {
        return Optional.ofNullable(context.getRegistry().lookupByNameAndType(name, type))
                .orElseThrow(() -> new IllegalStateException("no bean " + name));
    }
}
