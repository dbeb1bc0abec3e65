package dev.wootrack.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.pipeline.OrderRules;
import dev.wootrack.reconcile.Reconciliation.Fix;
import dev.wootrack.reconcile.Reconciliation.Line;
import dev.wootrack.store.InboxItem;
import dev.wootrack.store.IncomingOrder;
import dev.wootrack.store.ReconcileLedger;
import dev.wootrack.trackingtech.OrderMapper;
import dev.wootrack.trackingtech.TrackingTechConnection;
import dev.wootrack.trackingtech.TtOrderStatus;
import dev.wootrack.woocommerce.WooCommerceApi;
import dev.wootrack.woocommerce.WooOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation ledger's typed work, shared by the {@code reconcile} command and the scheduled route
 * {@code wootrack-reconcile}: the routes read WooCommerce's order list (orders modified in the window, any status) and
 * TrackingTech's record of each order through the Kamelets; this class says which page comes next, what WooTrack's
 * own record says ({@link ReconcileLedger}), which category each order is in ({@link #verdict}), which fixes go to
 * the inbox, and keeps the report. No Camel imports.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.reconcile");
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** The inbox source of the orders a {@code --fix} hands to the pipeline. */
    public static final String SOURCE = "reconcile";
    /** The topic of a fix that sends an order TrackingTech does not have (once more, with the same Idempotency-Key). */
    public static final String SEND = "reconcile.send";
    /** The topic of a fix that cancels an order TrackingTech has and WooCommerce cancelled. */
    public static final String CANCEL = "reconcile.cancel";
    /** TrackingTech statuses after which a cancellation is moot (or refused: 409 already_shipped). */
    static final Set<String> FINAL_AT_TRACKINGTECH = Set.of("cancelled", "delivered", "returned");
    /** The most order lines a stored report keeps (the command prints them all). */
    static final int MAX_STORED_LINES = 1000;

    private final ObjectMapper json;
    private final OrderRules rules;
    private final OrderMapper mapper;
    private final TrackingTechConnection connection;
    private final ReconcileLedger ledger;
    private final WooCommerceApi wooCommerce;
    private final Clock clock;
    private final Duration window;
    private final boolean fixWhenScheduled;
    private final boolean cancelEnabled;

    public Reconciler(ObjectMapper json, OrderRules rules, OrderMapper mapper, TrackingTechConnection connection,
                      ReconcileLedger ledger, WooCommerceApi wooCommerce, Clock clock, Duration window,
                      boolean fixWhenScheduled, boolean cancelEnabled) {
        this.json = json;
        this.rules = rules;
        this.mapper = mapper;
        this.connection = connection;
        this.ledger = ledger;
        this.wooCommerce = wooCommerce;
        this.clock = clock;
        this.window = window;
        this.fixWhenScheduled = fixWhenScheduled;
        this.cancelEnabled = cancelEnabled;
    }

    private Duration interval;
    private boolean cron;
    private Instant created;

    /**
     * The scheduled route's timing: {@code interval} between runs ({@code wootrack.reconcile.interval}); with a
     * {@code cron} ({@code wootrack.reconcile.cron}) every firing is due.
     */
    public Reconciler schedule(Duration interval, boolean cron) {
        this.interval = interval;
        this.cron = cron;
        this.created = clock.instant();
        return this;
    }

    /**
     * Whether a scheduled run is due: one interval after the last report kept (the scheduled route's or the command's,
     * on any node), or one interval after this node started when there is none; a tenth of the interval early is
     * close enough (the timer that asks is not exact). Always, with a cron.
     */
    public boolean isDue() {
        if (cron || interval == null) {
            return true;
        }
        Instant now = clock.instant();
        Duration slack = interval.dividedBy(10);
        Instant from = last().map(r -> r.path("finishedAt").asText(null)).map(Instant::parse).orElse(created);
        return !now.plus(slack).isBefore(from.plus(interval));
    }

    /** The scheduled run: the last {@code wootrack.reconcile.window}, fixing as {@code wootrack.reconcile.fix} says. */
    public Reconciliation scheduled() {
        Instant now = clock.instant();
        return run(now.minus(window), now, fixWhenScheduled, "schedule");
    }

    /** A run over orders modified from {@code since} (inclusive) to {@code until} (exclusive). */
    public Reconciliation of(Instant since, Instant until, boolean fix) {
        return run(since, until, fix, "command");
    }

    private Reconciliation run(Instant since, Instant until, boolean fix, String by) {
        if (!until.isAfter(since)) {
            throw new IllegalArgumentException("the window ends (" + until + ") before it begins (" + since + ")");
        }
        return new Reconciliation(since, until, fix, by, clock.instant(), format(since.minusSeconds(1)),
                format(until));
    }

    /** Refuses a run that cannot tell anything: no REST keys, or not connected to TrackingTech. */
    public void check(Reconciliation r) {
        if (!wooCommerce.isConfigured()) {
            throw new ReconcileImpossible("WooCommerce's REST keys are not set (wootrack.woocommerce.consumer-key,"
                    + " wootrack.woocommerce.consumer-secret): the order list cannot be read");
        }
        if (!connection.isReady()) {
            throw new ReconcileImpossible("not connected to TrackingTech (" + connection.getState().name()
                    .toLowerCase().replace('_', '-') + "): its record cannot be read; run `connect`");
        }
    }

    // ---------------------------------------------------------------------------------------------- the walk

    /** The list page to read next, under {@code /wp-json/wc/v3/}: orders modified in the window, any status. */
    public String pagePath(Reconciliation r) {
        return "orders?modified_after=" + encode(r.after) + "&modified_before=" + encode(r.before)
                + "&dates_are_gmt=true&orderby=modified&order=asc&per_page=" + WooCommerceApi.PER_PAGE
                + "&page=" + r.page;
    }

    /**
     * Takes one list page. As the poller does (its javadoc says why), after a full page the walk asks again from the
     * page's newest second, page 1, rather than reading page 2 of a list that moves while it is read; an order read
     * twice counts once, its newest version kept.
     */
    public void page(Reconciliation r, String body, String totalPages) {
        JsonNode array;
        try {
            array = json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("WooCommerce's order list (page " + r.page + ") is not JSON", e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalStateException("WooCommerce's order list (page " + r.page + ") is not a JSON array");
        }
        r.requests++;
        String newest = null;
        for (JsonNode o : array) {
            long id = o.path("id").asLong();
            if (id <= 0) {
                continue;
            }
            r.orders.put(id, o);
            String modified = o.path("date_modified_gmt").asText(null);
            if (modified != null && (newest == null || modified.compareTo(newest) > 0)) {
                newest = modified;
            }
        }
        int pages = intOr(totalPages, r.page);
        if (array.size() < WooCommerceApi.PER_PAGE || r.page >= pages || newest == null) {
            r.hasNextPage = false;
            return;
        }
        String next = format(LocalDateTime.parse(newest.replace(' ', 'T').replace("Z", "")).minusSeconds(1)
                .toInstant(ZoneOffset.UTC));
        if (next.compareTo(r.after) > 0) {
            r.after = next;
            r.page = 1;
        } else {
            r.page++; // a whole page in one second: page on through that second
        }
        if (r.requests > 10_000) {
            throw new IllegalStateException("the order list did not end after 10,000 pages: " + r);
        }
    }

    /**
     * WooTrack's side of every order read, and the orders whose record at TrackingTech must be read: those in a
     * trigger or cancel status now, and those WooTrack saw in a trigger status or sent.
     */
    public List<Long> toAsk(Reconciliation r) {
        List<Long> ask = new ArrayList<>();
        for (Map.Entry<Long, JsonNode> e : r.orders.entrySet()) {
            long id = e.getKey();
            ReconcileLedger.Side side = ledger.side(id, connection.orderKey(id));
            r.sides.put(id, side);
            String status = e.getValue().path("status").asText("");
            if (rules.isTrigger(status) || rules.isCancellation(status) || side.sent() || side.cancelled()
                    || sawTrigger(side)) {
                ask.add(id);
            }
        }
        return ask;
    }

    /** TrackingTech's record of an order (contract §6), or null: it does not have it (404). */
    public void atTrackingTech(Reconciliation r, long orderId, TtOrderStatus status) {
        r.asked.add(orderId);
        if (status != null) {
            r.atTrackingTech.put(orderId, status);
        }
    }

    /** TrackingTech refused to give an order's record: null (it does not have it) for a 404, else the refusal again. */
    public TtOrderStatus notAtTrackingTech(Exception refusal) throws Exception {
        if (refusal instanceof dev.wootrack.trackingtech.TrackingTechException t && t.httpStatus() == 404) {
            return null;
        }
        throw refusal;
    }

    // ---------------------------------------------------------------------------------------------- verdicts

    /** Every order read gets its verdict; orders out of the ledger's scope get none. */
    public void classify(Reconciliation r) {
        r.lines.clear();
        for (Map.Entry<Long, JsonNode> e : r.orders.entrySet()) {
            long id = e.getKey();
            if (!r.asked.contains(id)) {
                continue;
            }
            JsonNode node = e.getValue();
            String status = node.path("status").asText("");
            ReconcileLedger.Side side = r.sides.get(id);
            TtOrderStatus tt = r.atTrackingTech.get(id);
            String unshippable;
            List<String> differences = null;
            try {
                WooOrder order = json.treeToValue(node, WooOrder.class);
                unshippable = mapper.unshippableReason(order);
                if (unshippable == null && tt != null && side.digest() != null) {
                    differences = ContentDigest.differences(side.digest(), ContentDigest.digest(mapper.map(order,
                            connection.getStoreId(), connection.getCustomerId())));
                }
            } catch (IOException | RuntimeException unreadable) {
                unshippable = "WooTrack cannot read the order: " + unreadable.getClass().getSimpleName();
            }
            Line line = verdict(id, status, rules.isTrigger(status), rules.isCancellation(status), unshippable, side,
                    tt, differences, cancelEnabled, sawTrigger(side));
            if (line != null) {
                r.lines.add(line);
            }
        }
    }

    /**
     * One order's category, from what each side says: WooCommerce's status now ({@code trigger}/{@code cancellation}
     * by the configured statuses, {@code unshippable} by the mapper), WooTrack's record ({@code side}, and whether it
     * saw the order in a trigger status), TrackingTech's ({@code tt}, null when it does not have the order) and the
     * fields that changed since it was sent ({@code differences}, null when not compared). Null: out of scope (an
     * order never in a trigger status, as far as WooTrack knows, and not at TrackingTech).
     */
    static Line verdict(long id, String status, boolean trigger, boolean cancellation, String unshippable,
                        ReconcileLedger.Side side, TtOrderStatus tt, List<String> differences, boolean cancelEnabled,
                        boolean sawTrigger) {
        String wooTrack = side.state() != null ? side.state() : side.known() ? "seen" : "unknown";
        String atTt = tt == null ? "-" : tt.status();
        boolean was = side.sent() || sawTrigger;
        if (cancellation) {
            if (tt == null && !was) {
                return null;
            }
            if (tt == null || FINAL_AT_TRACKINGTECH.contains(tt.status())) {
                return new Line(id, Category.IN_STEP, status, wooTrack, atTt, tt == null ? "not at TrackingTech"
                        : "TrackingTech: " + tt.status(), Fix.NONE);
            }
            if (side.pending()) {
                return new Line(id, Category.IN_PROGRESS, status, wooTrack, atTt, "an event of it is in the pipeline",
                        Fix.NONE);
            }
            return new Line(id, Category.NOT_CANCELLED, status, wooTrack, atTt, cancelEnabled
                    ? "status '" + status + "' in WooCommerce, '" + tt.status() + "' at TrackingTech"
                    : "cancelling at TrackingTech is off (wootrack.trackingtech.cancel-enabled)",
                    cancelEnabled ? Fix.CANCEL : Fix.NONE);
        }
        if (!trigger && !was) {
            return null;
        }
        if (tt == null) {
            if (side.pending()) {
                return new Line(id, Category.IN_PROGRESS, status, wooTrack, atTt, "an event of it is in the pipeline",
                        Fix.NONE);
            }
            if (side.parked() || "parked".equals(side.state())) {
                return new Line(id, Category.PARKED, status, wooTrack, atTt, reason(side), Fix.NONE);
            }
            if ("dead-letter".equals(side.state())) {
                return new Line(id, Category.DEAD_LETTER, status, wooTrack, atTt, reason(side), Fix.NONE);
            }
            if (unshippable != null && (!side.known() || "not-shippable".equals(side.state()))) {
                return new Line(id, Category.IN_STEP, status, wooTrack, atTt, "not shippable: " + unshippable,
                        Fix.NONE);
            }
            if (!side.known()) {
                return new Line(id, Category.UNKNOWN, status, wooTrack, atTt,
                        "WooTrack has no record of it; TrackingTech does not have it", Fix.SEND);
            }
            return new Line(id, Category.MISSING, status, wooTrack, atTt, side.sent()
                    ? "WooTrack sent it, TrackingTech does not have it (404)"
                    : "WooTrack's latest decision: " + side.decision(), Fix.SEND);
        }
        if (trigger && "cancelled".equals(tt.status())) {
            return new Line(id, Category.CANCELLED_AT_TRACKINGTECH, status, wooTrack, atTt,
                    "cancelled at TrackingTech, '" + status + "' in WooCommerce (the contract cannot re-open it)",
                    Fix.NONE);
        }
        if (!side.known()) {
            return new Line(id, Category.UNKNOWN, status, wooTrack, atTt, "at TrackingTech, but WooTrack has no record"
                    + " of it", Fix.SEND);
        }
        if (differences != null && !differences.isEmpty()) {
            return new Line(id, Category.CONTENT_DIFFERS, status, wooTrack, atTt, "changed since it was sent: "
                    + String.join(", ", differences), Fix.NONE);
        }
        return new Line(id, Category.IN_STEP, status, wooTrack, atTt, differences == null
                ? "content not compared (no digest of what was sent)" : "", Fix.NONE);
    }

    private static String reason(ReconcileLedger.Side side) {
        String r = side.reason() == null ? "" : side.reason();
        return r.length() > 200 ? r.substring(0, 199) + "…" : r;
    }

    private boolean sawTrigger(ReconcileLedger.Side side) {
        return side.statusesSeen().stream().anyMatch(rules::isTrigger);
    }

    // ---------------------------------------------------------------------------------------------- fixes

    /** With {@code --fix}: the orders to hand to the inbox, as WooCommerce has them now, each with its fix. */
    public List<IncomingOrder> fixes(Reconciliation r) {
        List<IncomingOrder> out = new ArrayList<>();
        if (!r.isFix()) {
            return out;
        }
        for (Line line : r.lines) {
            if (line.fix() != Fix.NONE) {
                JsonNode node = r.orders.get(line.order());
                out.add(new IncomingOrder(SOURCE, line.fix() == Fix.SEND ? SEND : CANCEL, line.order(),
                        line.wooCommerce(), node.toString()));
            }
        }
        return out;
    }

    /** A fix is in the inbox (and handed to the pipeline). */
    public void submitted(Reconciliation r, InboxItem item) {
        r.fixRows.put(item.orderId(), item.id());
    }

    /** A fix the inbox refused. */
    public void notSubmitted(Reconciliation r, long orderId, String why) {
        r.fixOutcomes.put(orderId, "refused: " + why);
    }

    /** How many fixes are not decided yet (their inbox rows still pending). */
    public long pendingFixes(Reconciliation r) {
        return r.fixRows.values().stream().filter(id -> ledger.inboxState(id).map("pending"::equals).orElse(false))
                .count();
    }

    /** What the pipeline decided for each fix; a fix not decided yet stays "submitted". */
    public void readFixOutcomes(Reconciliation r) {
        r.fixRows.forEach((order, inboxId) -> ledger.decisionOf(inboxId).ifPresent(d -> r.fixOutcomes.put(order, d)));
    }

    private static boolean fixed(String outcome) {
        return "sent".equals(outcome) || "cancelled".equals(outcome);
    }

    // ---------------------------------------------------------------------------------------------- the report

    /** The report of a finished run, kept as the last one; a WARN in the log when not everything is in step. */
    public ObjectNode finish(Reconciliation r) {
        ObjectNode report = head(r);
        Map<String, Long> counts = new LinkedHashMap<>();
        Category.slugs().forEach(s -> counts.put(s, 0L));
        long differences = 0;
        long fixedCount = 0;
        ArrayNode lines = json.createArrayNode();
        for (Line line : r.lines) {
            counts.merge(line.category().slug(), 1L, Long::sum);
            String outcome = outcome(r, line);
            boolean fixed = fixed(outcome);
            if (line.category().isDifference()) {
                if (fixed) {
                    fixedCount++;
                } else {
                    differences++;
                }
            }
            if (r.isAll() || line.category() != Category.IN_STEP) {
                ObjectNode l = lines.addObject();
                l.put("order", line.order()).put("category", line.category().slug())
                        .put("woocommerce", line.wooCommerce()).put("wootrack", line.wooTrack())
                        .put("trackingtech", line.trackingTech()).put("detail", line.detail())
                        .put("fix", outcome);
            }
        }
        String outcome = differences == 0 ? "in-step" : "differences";
        report.put("outcome", outcome);
        report.put("read", r.getRead());
        report.put("checked", r.lines.size());
        report.put("differences", differences);
        report.put("fixed", fixedCount);
        ObjectNode c = report.putObject("counts");
        counts.forEach(c::put);
        report.set("orders", lines);
        keep(outcome, report);
        if (differences == 0) {
            LOG.info("reconciliation of orders modified {} to {}: {} order(s) checked, in step{}", r.getSince(),
                    r.getUntil(), r.lines.size(), fixedCount > 0 ? " after " + fixedCount + " fix(es)" : "");
        } else {
            StringBuilder which = new StringBuilder();
            counts.forEach((k, v) -> {
                if (v > 0 && !k.equals(Category.IN_STEP.slug())) {
                    which.append(which.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
                }
            });
            LOG.warn("reconciliation of orders modified {} to {}: {} difference(s) ({}); see `reconcile` or"
                    + " GET /admin/reconcile", r.getSince(), r.getUntil(), differences, which);
        }
        return report;
    }

    /** The report of a run that could not finish (WooCommerce or TrackingTech unreachable, ...), kept as the last one. */
    public ObjectNode failed(Reconciliation r, Throwable failure) {
        ObjectNode report = r == null ? json.createObjectNode() : head(r);
        String problem = problem(failure);
        report.put("outcome", "failed");
        report.put("problem", problem);
        keep("failed", report);
        LOG.warn("reconciliation could not be done: {}", problem);
        return report;
    }

    /** What a failure says, in one line. */
    public static String problem(Throwable failure) {
        Throwable t = failure;
        while (t != null && t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t == null ? "unknown" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private String outcome(Reconciliation r, Line line) {
        if (line.fix() == Fix.NONE || !r.isFix()) {
            return null;
        }
        String known = r.fixOutcomes.get(line.order());
        if (known != null) {
            return known;
        }
        Long row = r.fixRows.get(line.order());
        return row == null ? null : "submitted (inbox #" + row + ")";
    }

    private ObjectNode head(Reconciliation r) {
        ObjectNode report = json.createObjectNode();
        report.put("startedAt", r.getStartedAt().toString());
        report.put("finishedAt", clock.instant().toString());
        report.put("since", r.getSince().toString());
        report.put("until", r.getUntil().toString());
        report.put("by", r.getBy());
        report.put("fix", r.isFix());
        return report;
    }

    private void keep(String outcome, ObjectNode report) {
        ObjectNode stored = report.deepCopy();
        JsonNode orders = stored.path("orders");
        if (orders.isArray() && orders.size() > MAX_STORED_LINES) {
            ArrayNode kept = json.createArrayNode();
            for (int i = 0; i < MAX_STORED_LINES; i++) {
                kept.add(orders.get(i));
            }
            stored.set("orders", kept);
            stored.put("truncated", true);
        }
        try {
            ledger.saveReport(outcome, json.writeValueAsString(stored));
        } catch (IOException | RuntimeException e) {
            LOG.warn("the reconciliation's report could not be kept: {}", e.getMessage());
        }
    }

    /** The last report kept (by the command or the scheduled route), if any. */
    public Optional<ObjectNode> last() {
        return ledger.lastReport().map(text -> {
            try {
                return (ObjectNode) json.readTree(text);
            } catch (IOException | ClassCastException e) {
                return null;
            }
        });
    }

    /** The last report without its order lines: {@code status} and {@code GET /admin/status}. */
    public ObjectNode lastSummary() {
        return last().map(r -> {
            r.remove("orders");
            return r;
        }).orElse(null);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static String format(Instant t) {
        return LocalDateTime.ofInstant(t.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).format(GMT);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int intOr(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A reconciliation that cannot tell anything (no REST keys, not connected). */
    public static final class ReconcileImpossible extends RuntimeException {
        public ReconcileImpossible(String message) {
            super(message, null, false, false);
        }
    }
}
