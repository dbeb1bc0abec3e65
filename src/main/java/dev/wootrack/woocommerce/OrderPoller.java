package dev.wootrack.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.store.Checkpoints;
import dev.wootrack.store.IncomingOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typed part of polling and backfill: where a walk starts, reading a list page, and when the cursor
 * moves.
 * <p>
 * The cursor is the last {@code date_modified_gmt} handled. A poll asks for {@code modified_after = cursor −
 * overlap} ({@code modified_after} is strict and to the second), oldest change first. Reading page 2, 3… of one
 * query is not safe while the store is busy: a change moves an order to the end of the list and pulls every
 * order behind it one place forward, so one slips past a page boundary unseen (measured: 8 of 327 orders lost
 * with ten changes during a walk). So a walk moves its lower bound instead: after a full page it asks again
 * from the page's newest date minus one second, page 1. Only when a whole page shares one second (more than
 * 100 orders changed in the same second) does it go on to page 2 of the same query, following
 * {@code X-WP-TotalPages}. The cursor is stored after each page's orders are in the inbox.
 * <p>
 * Every order on a page is accounted for ({@link OrderWalk}): read again by this walk (the newest second of the page
 * before: not counted twice), read before by an earlier walk at the same version (the overlap, a second backfill:
 * counted as unchanged, and for a backfill whether it was sent), or handed on to the inbox.
 * <p>
 * A backfill walks the same way over {@code date_created_gmt} ({@code after}/{@code before}).
 */
public final class OrderPoller {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.poll");
    /** The source of the orders a catch-up reads, in their inbox rows and decisions. */
    public static final String CATCH_UP_SOURCE = "catch-up";
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final ObjectMapper json;
    private final Checkpoints checkpoints;
    private final Clock clock;
    private final List<String> statuses;
    private final Duration overlap;
    private final Duration startLookback;
    private final Predicate<String> readBefore;
    private final LongPredicate sentBefore;

    public OrderPoller(ObjectMapper json, Checkpoints checkpoints, Clock clock, List<String> statuses,
                       Duration overlap, Duration startLookback) {
        this(json, checkpoints, clock, statuses, overlap, startLookback, version -> false, orderId -> false);
    }

    /**
     * @param readBefore whether a version ({@link PolledOrder#versionKey()}) was read by an earlier walk (the
     *                   {@code polledOrders} repository)
     * @param sentBefore whether an order was sent to TrackingTech (for a backfill's summary)
     */
    public OrderPoller(ObjectMapper json, Checkpoints checkpoints, Clock clock, List<String> statuses,
                       Duration overlap, Duration startLookback, Predicate<String> readBefore,
                       LongPredicate sentBefore) {
        this.json = json;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.statuses = List.copyOf(statuses);
        this.overlap = overlap;
        this.startLookback = startLookback;
        this.readBefore = readBefore;
        this.sentBefore = sentBefore;
    }

    /** A poll's walk: from the stored cursor minus the overlap (the first poll ever starts a look-back ago). */
    public OrderWalk start() {
        String cursor = checkpoints.get(Checkpoints.POLL_CURSOR).orElseGet(() -> {
            String first = format(LocalDateTime.now(clock).minus(startLookback));
            checkpoints.put(Checkpoints.POLL_CURSOR, first);
            LOG.info("first poll: starting from orders modified after {} (UTC); older orders come in with backfill",
                    first);
            return first;
        });
        return new OrderWalk(OrderWalk.Kind.POLL, format(parse(cursor).minus(overlap)), null, statuses);
    }

    /**
     * A catch-up's walk (issue 16): orders modified since {@code since} (minus the overlap, as a poll does: WooTrack's
     * clock and the store's may differ), oldest change first, up to now, through the same pipeline as a poll. The
     * poll's cursor stays where it is; orders read at the same version before are left out, as in a poll, and those
     * sent before are recognised by the pipeline: nothing is sent twice.
     */
    public OrderWalk catchUp(java.time.Instant since) {
        LocalDateTime from = LocalDateTime.ofInstant(since, ZoneOffset.UTC).minus(overlap);
        LOG.info("catch-up: reading the orders modified after {} (UTC) again", format(from));
        return new OrderWalk(OrderWalk.Kind.CATCH_UP, format(from), null, statuses);
    }

    /** A backfill's walk over orders created after {@code since} and before {@code until} (null: up to now). */
    public OrderWalk backfill(LocalDateTime since, LocalDateTime until, List<String> onlyStatuses) {
        return new OrderWalk(OrderWalk.Kind.BACKFILL, format(since.minusSeconds(1)),
                until == null ? null : format(until), onlyStatuses == null ? List.of() : onlyStatuses);
    }

    /**
     * Reads one list page into the orders for the inbox: those neither read again by this walk nor read before at
     * the same version (which the walk counts instead).
     *
     * @param totalPages the {@code X-WP-TotalPages} header, {@code total} the {@code X-WP-Total} header
     */
    public List<PolledOrder> page(OrderWalk walk, String body, String totalPages, String total) {
        JsonNode array;
        try {
            array = json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("WooCommerce's order list (page " + walk.getPage() + ") is not JSON", e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalStateException("WooCommerce's order list (page " + walk.getPage() + ") is not a JSON array");
        }
        boolean backfill = walk.getKind() == OrderWalk.Kind.BACKFILL;
        String source = switch (walk.getKind()) {
            case BACKFILL -> "backfill";
            case CATCH_UP -> CATCH_UP_SOURCE;
            case POLL -> "poll";
        };
        List<PolledOrder> orders = new ArrayList<>(array.size());
        Set<String> versions = new HashSet<>();
        String max = null;
        for (JsonNode o : array) {
            long id = o.path("id").asLong();
            if (id <= 0) {
                LOG.warn("skipped an entry without a positive id on page {} of the order list", walk.getPage());
                walk.withoutId();
                continue;
            }
            String modified = o.path("date_modified_gmt").asText(null);
            String created = o.path("date_created_gmt").asText(null);
            max = OrderWalk.max(max, backfill ? created : modified);
            String status = o.path("status").isTextual() ? o.path("status").asText() : null;
            PolledOrder order = new PolledOrder(new IncomingOrder(source, "order.updated", id, status, o.toString()),
                    modified);
            String version = order.versionKey();
            if (!versions.add(version) || walk.onPreviousPage(version)) {
                continue; // this walk read it already: the page before's newest second, or twice on one page
            }
            if (readBefore.test(version)) {
                walk.readBefore(backfill && sentBefore.test(id));
                continue;
            }
            orders.add(order);
        }
        walk.pageRead(intOr(totalPages, walk.getPage()), longOr(total, array.size()), array.size(), orders.size(),
                max, versions);
        return orders;
    }

    /** After a page's orders are in the inbox: the next lower bound or page, and for a poll the cursor. */
    public void pageDone(OrderWalk walk) {
        String newest = walk.pageMax();
        if (walk.lastPage(WooCommerceApi.PER_PAGE)) {
            walk.finish();
            if (walk.getKind() == OrderWalk.Kind.POLL) {
                advance(newest);
            }
            return;
        }
        String next = format(parse(newest).minusSeconds(1));
        if (parse(next).isAfter(parse(walk.getAfter()))) {
            walk.restartAfter(next);
            if (walk.getKind() == OrderWalk.Kind.POLL) {
                advance(next);
            }
        } else {
            walk.nextPage(); // a whole page in one second: page on through that second
        }
    }

    /** An order of the walk the inbox refused: counted for a backfill's summary. */
    public void refused(OrderWalk walk) {
        if (walk != null) {
            walk.refused();
        }
    }

    /** A backfill remembers the inbox rows it committed, for its summary. */
    public void added(OrderWalk walk, dev.wootrack.store.InboxItem item) {
        if (walk != null && walk.getKind() == OrderWalk.Kind.BACKFILL) {
            walk.added(item);
        }
    }

    /** When the last poll ended, and how many orders it read (null before the first): the console's poller health. */
    public record LastPoll(java.time.Instant at, long fetched) {
    }

    private volatile LastPoll lastPoll;

    public LastPoll lastPoll() {
        return lastPoll;
    }

    /** Logs how the walk ended. */
    public void done(OrderWalk walk) {
        if (walk.getKind() == OrderWalk.Kind.POLL) {
            lastPoll = new LastPoll(clock.instant(), walk.getFetched());
        }
        if (walk.getKind() == OrderWalk.Kind.BACKFILL) {
            LOG.info("backfill read {} order(s) in {} request(s), {} unchanged since an earlier read",
                    walk.getFetched(), walk.getPagesRead(), walk.getReadBefore());
        } else if (walk.getKind() == OrderWalk.Kind.CATCH_UP) {
            LOG.info("catch-up read {} order(s) modified after {} in {} request(s), {} unchanged since an earlier read",
                    walk.getFetched(), walk.getFirstAfter(), walk.getPagesRead(), walk.getReadBefore());
        } else if (walk.getFetched() > walk.getReadBefore()) {
            LOG.info("poll read {} order(s) in {} request(s), {} unchanged since an earlier read; cursor {}",
                    walk.getFetched(), walk.getPagesRead(), walk.getReadBefore(),
                    checkpoints.get(Checkpoints.POLL_CURSOR).orElse("-"));
        }
    }

    /** The stored cursor, for status and tests. */
    public String cursor() {
        return checkpoints.get(Checkpoints.POLL_CURSOR).orElse(null);
    }

    private void advance(String candidate) {
        if (candidate == null) {
            return;
        }
        String current = checkpoints.get(Checkpoints.POLL_CURSOR).orElse(null);
        if (current == null || parse(candidate).isAfter(parse(current))) {
            checkpoints.put(Checkpoints.POLL_CURSOR, format(parse(candidate)));
        }
    }

    /** WooCommerce's GMT dates: {@code 2026-11-27T10:00:00}, no zone (a trailing Z or offset is tolerated). */
    static LocalDateTime parse(String gmt) {
        String s = gmt.trim();
        if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return java.time.OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return LocalDateTime.parse(s.replace(' ', 'T'));
    }

    static String format(LocalDateTime t) {
        return t.truncatedTo(ChronoUnit.SECONDS).format(GMT);
    }

    private static int intOr(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long longOr(String s, long fallback) {
        try {
            return s == null ? fallback : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
