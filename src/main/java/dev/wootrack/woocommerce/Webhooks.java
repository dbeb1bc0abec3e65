package dev.wootrack.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.store.InstalledWebhooks;
import dev.wootrack.store.InstalledWebhooks.Installed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks WooTrack installs in the store and keeps alive (issue 16): {@code order.created},
 * {@code order.updated} and {@code order.deleted}, delivered to {@code wootrack.public-url} +
 * {@value #PATH}, signed with a secret WooTrack generates and keeps in its database (the merchant never copies one).
 *
 * <p>The commands ({@code webhooks install}, {@code status}, {@code remove}) call WooCommerce's webhooks API through
 * {@link Call} (the {@code wootrack-woocommerce-webhook-call} route, the REST Kamelet). The
 * {@code wootrack-webhooks-check} route calls it itself and asks this class at each step: {@link #startCheck()},
 * {@link #listed}, {@link #compare} (what changed, the alarms, which disabled webhooks to re-activate now),
 * {@link #reactivated}, {@link #catchUp} (the poll's walk from where the webhook stopped delivering) and
 * {@link #caughtUp}.
 *
 * <p>What WooCommerce does, from its code ({@code class-wc-webhook.php}, {@code class-wc-webhook-data-store.php},
 * {@code class-wc-rest-webhooks-v1/v2-controller.php}): a delivery answered with anything but 2xx, 301 or 302 (or none)
 * is a failure; when a webhook's count of failures in a row is over {@code woocommerce_max_webhook_delivery_failures}
 * (5), the next failure sets it {@code disabled} (the 7th in a row). Every delivery saves the webhook, so its
 * {@code date_modified_gmt} is the time of its last delivery: for a disabled webhook, when it was disabled. Setting it
 * {@code active} again (PUT) keeps the count, so one more failure disables it again; a success resets it. The REST API
 * never shows the secret or the failure count.
 */
public final class Webhooks {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.webhooks");

    /** The topics WooTrack installs: every order event the pipeline routes. */
    public static final List<String> TOPICS = List.of("order.created", "order.updated", "order.deleted");
    /** Where WooTrack takes webhooks, under {@code wootrack.public-url} (the webhook source Kamelet's default path). */
    public static final String PATH = "/webhooks/woocommerce";
    /** WooCommerce's largest page. */
    static final int PER_PAGE = 100;
    /** How long the self-check of the webhook URL waits for its answer. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    /** One webhook as WooCommerce's REST API shows it (never with its secret). */
    public record WooWebhook(long id, String name, String status, String topic, String deliveryUrl,
                             String dateCreatedGmt, String dateModifiedGmt) {
    }

    /** One answer of WooCommerce's REST API: the body and {@code X-WP-TotalPages}. */
    public record Answer(String body, String totalPages) {
    }

    /**
     * One call to WooCommerce's REST API: method, path under {@code /wp-json/wc/v3/} (query included), JSON body or
     * null, what it is (for messages). Anything but 2xx is thrown as a {@link WooCommerceException}.
     */
    @FunctionalInterface
    public interface Call {
        Answer call(String method, String path, String body, String what);
    }

    /** Whether WooTrack can take the deliveries of a webhook to this URL now: null when it can, otherwise why not. */
    @FunctionalInterface
    public interface Readiness {
        String problem(String deliveryUrl);
    }

    /** A command that cannot do its work: a setting missing, and what to do. */
    public static final class Refused extends RuntimeException {
        private final int exitCode;

        Refused(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final ObjectMapper json;
    private final InstalledWebhooks store;
    private final WooCommerceApi api;
    private final String publicUrl;
    private final Clock clock;
    private final boolean repair;
    private final Duration lookback;
    private final OrderPoller poller;
    private final Readiness readiness;
    private final Call call;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param publicUrl WooTrack's address as WooCommerce reaches it ({@code wootrack.public-url}); null when not set
     * @param repair    {@code wootrack.webhooks.repair}: re-activate a webhook WooCommerce disabled
     * @param lookback  {@code wootrack.webhooks.catch-up-lookback}: the catch-up starts no earlier than this before the
     *                  webhook was disabled
     */
    public Webhooks(ObjectMapper json, InstalledWebhooks store, WooCommerceApi api, String publicUrl, Clock clock,
                    boolean repair, Duration lookback, OrderPoller poller, Readiness readiness, Call call) {
        this.json = json;
        this.store = store;
        this.api = api;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.trim().replaceAll("/+$", "");
        this.clock = clock;
        this.repair = repair;
        this.lookback = lookback;
        this.poller = poller;
        this.readiness = readiness;
        this.call = call;
    }

    /** Where the webhooks deliver: {@code wootrack.public-url} + {@value #PATH}; empty when it is not set. */
    public Optional<String> deliveryUrl() {
        return Optional.ofNullable(publicUrl).map(u -> u + PATH);
    }

    // ---------------------------------------------------------------- webhooks install

    /** What {@code install} did for one topic: {@code created}, {@code adopted}, {@code kept}, {@code updated}, {@code failed}. */
    public record Outcome(String topic, Long id, String action, String status, String note) {
        public boolean failed() {
            return "failed".equals(action);
        }
    }

    /**
     * What {@code install} did: per topic, the other webhooks of a topic that deliver to WooTrack too (left alone),
     * and whether WooTrack answered at the delivery URL (null: it did).
     */
    public record InstallReport(String deliveryUrl, List<Outcome> outcomes, List<WooWebhook> duplicates,
                                String unreachable) {
        public boolean ok() {
            return outcomes.stream().noneMatch(Outcome::failed);
        }
    }

    /**
     * Creates or adopts the three webhooks, idempotently. The secret is WooTrack's: generated once (32 random bytes),
     * stored before any webhook is signed with it, and set on each webhook with every install (so a secret changed by
     * hand in WooCommerce is mended). A webhook WooTrack installed before is kept (its delivery URL and status set
     * again); otherwise one of the store's own with the same topic and delivery URL is adopted (its secret becomes
     * WooTrack's), not duplicated; otherwise one is created.
     *
     * @throws Refused                          no REST keys or no {@code wootrack.public-url}
     * @throws WooCommerceException.AccessDenied WooCommerce refused the keys
     */
    public InstallReport install() {
        requireKeys();
        String url = deliveryUrl().orElseThrow(() -> new Refused(2, "webhooks install needs wootrack.public-url:"
                + " WooTrack's address as WooCommerce reaches it, e.g. https://wootrack.example.cl (webhooks are"
                + " delivered to it + " + PATH + ")"));
        String unreachable = ping(url);
        List<WooWebhook> existing = listAll();
        List<Installed> rows = store.list();
        String secret = rows.stream().map(Installed::secret).filter(s -> s != null && !s.isBlank()).findFirst()
                .orElseGet(this::newSecret);
        List<Outcome> outcomes = new ArrayList<>();
        List<WooWebhook> duplicates = new ArrayList<>();
        for (String topic : TOPICS) {
            Installed row = rows.stream().filter(r -> r.topic().equals(topic)).findFirst().orElse(null);
            WooWebhook mine = row == null || row.webhookId() == null ? null : existing.stream()
                    .filter(w -> w.id() == row.webhookId() && topic.equals(w.topic())).findFirst().orElse(null);
            List<WooWebhook> same = existing.stream().filter(w -> topic.equals(w.topic())
                    && sameUrl(url, w.deliveryUrl()) && (mine == null || w.id() != mine.id()))
                    .sorted(Comparator.comparingLong(WooWebhook::id)).toList();
            try {
                if (mine != null) {
                    boolean right = "active".equals(mine.status()) && url.equals(mine.deliveryUrl());
                    store.save(fresh(topic, mine.id(), url, secret, row.origin(), row));
                    WooWebhook after = put(mine.id(), url, secret, topic);
                    outcomes.add(new Outcome(topic, mine.id(), right ? "kept" : "updated", after.status(), right ? ""
                            : "was " + mine.status() + (url.equals(mine.deliveryUrl()) ? "" : ", delivering to "
                            + mine.deliveryUrl())));
                    duplicates.addAll(same);
                } else if (!same.isEmpty()) {
                    WooWebhook adopted = same.get(0);
                    store.save(fresh(topic, adopted.id(), url, secret, "adopted", null));
                    WooWebhook after = put(adopted.id(), url, secret, topic);
                    outcomes.add(new Outcome(topic, adopted.id(), "adopted", after.status(), "the store's own"
                            + " (\"" + adopted.name() + "\", was " + adopted.status() + "): its secret is WooTrack's now"));
                    duplicates.addAll(same.subList(1, same.size()));
                } else {
                    // stored first: WooCommerce pings right away, and signs its first delivery with this secret
                    store.save(fresh(topic, null, url, secret, "created", null));
                    ObjectNode body = json.createObjectNode().put("name", "WooTrack " + topic).put("topic", topic)
                            .put("delivery_url", url).put("secret", secret).put("status", "active");
                    WooWebhook made = webhook(call.call("POST", "webhooks", body.toString(), "POST webhook "
                            + topic).body());
                    store.save(fresh(topic, made.id(), url, secret, "created", null));
                    outcomes.add(new Outcome(topic, made.id(), "created", made.status(), ""));
                }
            } catch (WooCommerceException.AccessDenied e) {
                throw e;
            } catch (WooCommerceException | IllegalStateException e) {
                outcomes.add(new Outcome(topic, mine != null ? mine.id() : null, "failed", null, e.getMessage()));
            }
        }
        LOG.info("webhooks installed for {}: {}", url, outcomes.stream().map(o -> o.topic() + " " + o.action()
                + (o.id() == null ? "" : " (webhook " + o.id() + ")")).toList());
        return new InstallReport(url, List.copyOf(outcomes), List.copyOf(duplicates), unreachable);
    }

    private Installed fresh(String topic, Long id, String url, String secret, String origin, Installed before) {
        Instant now = clock.instant();
        return new Installed(topic, id, url, secret, origin, before == null ? now : before.installedAt(),
                before == null ? null : before.status(), before == null ? null : before.checkedAt(),
                before == null ? null : before.disabledAt(), before == null ? null : before.catchUpFrom(),
                before == null ? null : before.alarm(), before == null ? 0 : before.repairs(),
                before == null ? null : before.repairedAt(), before == null ? null : before.lastRepair());
    }

    private WooWebhook put(long id, String url, String secret, String topic) {
        ObjectNode body = json.createObjectNode().put("delivery_url", url).put("secret", secret).put("status", "active");
        return webhook(call.call("PUT", "webhooks/" + id, body.toString(), "PUT webhook " + id + " (" + topic + ")")
                .body());
    }

    /** 32 bytes from SecureRandom, base64url: 43 characters, none that WordPress would escape. */
    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---------------------------------------------------------------- webhooks status

    /** One line of {@code webhooks status}. {@code delivering}: active, WooTrack's, to the expected URL. */
    public record View(String topic, Long id, String status, String deliveryUrl, String origin, boolean delivering,
                       String note) {
    }

    /**
     * WooTrack's webhooks as WooCommerce has them now, one line per topic (with what WooTrack knows: who made it, its
     * alarm, its repairs), then the store's other webhooks that deliver to WooTrack's URL.
     */
    public List<View> status() {
        requireKeys();
        List<WooWebhook> existing = listAll();
        List<Installed> rows = store.list();
        List<View> views = new ArrayList<>();
        Set<Long> shown = new LinkedHashSet<>();
        for (String topic : TOPICS) {
            Installed row = rows.stream().filter(r -> r.topic().equals(topic)).findFirst().orElse(null);
            if (row == null) {
                views.add(new View(topic, null, "not installed", null, null, false,
                        "run `wootrack webhooks install`"));
                continue;
            }
            if (row.webhookId() == null) {
                views.add(new View(topic, null, "not installed", row.deliveryUrl(), row.origin(), false,
                        "an install did not finish: run `wootrack webhooks install` again"));
                continue;
            }
            WooWebhook w = existing.stream().filter(x -> x.id() == row.webhookId() && topic.equals(x.topic()))
                    .findFirst().orElse(null);
            shown.add(row.webhookId());
            if (w == null) {
                views.add(new View(topic, row.webhookId(), "missing", row.deliveryUrl(), row.origin(), false,
                        "gone from WooCommerce: run `wootrack webhooks install` to make it again"));
                continue;
            }
            List<String> notes = new ArrayList<>();
            String expected = deliveryUrl().orElse(row.deliveryUrl());
            boolean urlRight = expected.equals(w.deliveryUrl());
            if (!urlRight) {
                notes.add("delivers to another URL than " + expected + ": run `wootrack webhooks install`");
            }
            if ("paused".equals(w.status())) {
                notes.add("paused in WooCommerce (WooTrack leaves a paused webhook alone)");
            }
            if (row.alarm() != null) {
                notes.add(row.alarm());
            } else if ("disabled".equals(w.status())) {
                notes.add("disabled by WooCommerce after failed deliveries" + (repair
                        ? ": the webhooks check re-activates it once WooTrack is healthy"
                        : ": set it Active in WooCommerce (wootrack.webhooks.repair is false)"));
            }
            if (row.repairs() > 0) {
                notes.add("repaired " + row.repairs() + "×, last at " + row.repairedAt());
            }
            views.add(new View(topic, w.id(), w.status(), w.deliveryUrl(), row.origin(),
                    "active".equals(w.status()) && urlRight, String.join("; ", notes)));
        }
        String url = deliveryUrl().orElse(null);
        for (WooWebhook w : existing) {
            boolean ours = rows.stream().anyMatch(r -> r.webhookId() != null && r.webhookId() == w.id());
            if (!ours && !shown.contains(w.id()) && url != null && sameUrl(url, w.deliveryUrl())) {
                views.add(new View(w.topic(), w.id(), w.status(), w.deliveryUrl(), "the store's", false,
                        "not WooTrack's: signed with a secret WooTrack may not know"));
            }
        }
        return views;
    }

    // ---------------------------------------------------------------- webhooks remove

    /**
     * Deletes the webhooks WooTrack installed or adopted ({@code DELETE webhooks/{id}?force=true}) and forgets them
     * (their secret too). A webhook already gone is forgotten as well; one that could not be deleted is kept.
     */
    public List<Outcome> remove() {
        requireKeys();
        List<Outcome> outcomes = new ArrayList<>();
        for (Installed row : store.list()) {
            if (row.webhookId() == null) {
                store.delete(row.topic());
                outcomes.add(new Outcome(row.topic(), null, "forgotten", null, "never made in WooCommerce"));
                continue;
            }
            try {
                call.call("DELETE", "webhooks/" + row.webhookId() + "?force=true", null, "DELETE webhook "
                        + row.webhookId() + " (" + row.topic() + ")");
                store.delete(row.topic());
                outcomes.add(new Outcome(row.topic(), row.webhookId(), "removed", null, ""));
            } catch (WooCommerceException.NotFound | WooCommerceException.Rejected gone) {
                // 404 invalid id (deleted by hand), 400 for a webhook that is no longer there: nothing to delete
                store.delete(row.topic());
                outcomes.add(new Outcome(row.topic(), row.webhookId(), "removed", null, "was gone already"));
            } catch (WooCommerceException.AccessDenied e) {
                throw e;
            } catch (WooCommerceException | IllegalStateException e) {
                outcomes.add(new Outcome(row.topic(), row.webhookId(), "failed", null, e.getMessage()));
            }
        }
        LOG.info("webhooks removed: {}", outcomes.stream().map(o -> o.topic() + " " + o.action()).toList());
        return outcomes;
    }

    // ---------------------------------------------------------------- the webhooks-check route

    /** One run of the check: the webhooks WooCommerce listed, and what this run re-activated and catches up. */
    public static final class Check {
        private final List<Installed> rows;
        private final Map<Long, WooWebhook> seen = new LinkedHashMap<>();
        private int page = 1;
        private boolean more = true;
        private final List<String> catchingUp = new ArrayList<>();
        private Instant catchUpFrom;

        Check(List<Installed> rows) {
            this.rows = List.copyOf(rows);
        }

        /** True while a page of the webhook list is to be read. */
        public boolean isHasNextPage() {
            return more;
        }

        public int getPage() {
            return page;
        }

        /** The next page of WooCommerce's webhook list (every status), oldest first. */
        public String getPagePath() {
            return "webhooks?per_page=" + PER_PAGE + "&page=" + page + "&orderby=id&order=asc";
        }

        @Override
        public String toString() {
            return "webhooks check of " + rows.stream().map(Installed::topic).toList() + (catchUpFrom == null ? ""
                    : ", catching up orders modified since " + catchUpFrom);
        }
    }

    /** A disabled webhook to re-activate now. */
    public record Repair(String topic, long id) {
    }

    /** A check, when there is something to check: webhooks installed, and REST keys to read them with. */
    public Check startCheck() {
        if (!api.isConfigured()) {
            return null;
        }
        List<Installed> rows = store.list().stream().filter(r -> r.webhookId() != null).toList();
        return rows.isEmpty() ? null : new Check(rows);
    }

    /** One page of the list read. */
    public void listed(Check check, String body, String totalPages) {
        List<WooWebhook> page = webhooks(body);
        page.forEach(w -> check.seen.put(w.id(), w));
        int pages = intOr(totalPages, check.page);
        check.more = page.size() >= PER_PAGE && check.page < pages;
        check.page++;
    }

    /**
     * Compares the installed webhooks with what WooCommerce listed: records what it shows, raises the alarm of a
     * webhook WooCommerce disabled (or that is gone), logs each change of an alarm once (WARN), and returns the
     * disabled webhooks to re-activate now: with {@code wootrack.webhooks.repair} on, and only while WooTrack can take
     * their deliveries ({@link Readiness}: its webhook route runs, its database works, its webhook URL answers).
     */
    public List<Repair> compare(Check check) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<Repair> repairs = new ArrayList<>();
        String notReady = null;
        boolean readinessAsked = false;
        for (Installed row : check.rows) {
            WooWebhook w = check.seen.get(row.webhookId());
            if (w != null && !row.topic().equals(w.topic())) {
                w = null; // its topic was changed by hand: it is not WooTrack's webhook for this topic any more
            }
            String status = w == null ? "missing" : w.status();
            Instant disabledAt = row.disabledAt();
            Instant catchUpFrom = row.catchUpFrom();
            String alarm;
            String name = row.topic() + " (webhook " + row.webhookId() + ")";
            switch (status) {
                case "missing" -> alarm = name + " is gone from WooCommerce: run `wootrack webhooks install` to make"
                        + " it again (or `wootrack webhooks remove`)";
                case "disabled" -> {
                    if (disabledAt == null) {
                        disabledAt = gmt(w.dateModifiedGmt()).orElse(now);
                    }
                    catchUpFrom = null;
                    String base = name + " was disabled by WooCommerce at " + disabledAt
                            + " (after failed deliveries in a row) and delivers nothing";
                    if (!repair) {
                        alarm = base + "; wootrack.webhooks.repair is false: set it Active in WooCommerce";
                    } else {
                        if (!readinessAsked) {
                            notReady = readiness.problem(w.deliveryUrl());
                            readinessAsked = true;
                        }
                        if (notReady == null) {
                            repairs.add(new Repair(row.topic(), w.id()));
                            alarm = base + "; re-activating it";
                        } else {
                            alarm = base + "; re-activated once WooTrack can take its deliveries: " + notReady;
                        }
                    }
                }
                case "active" -> {
                    if (disabledAt != null) {
                        // active again: by WooTrack (a run that did not finish the catch-up) or by hand in WooCommerce
                        if (catchUpFrom == null) {
                            catchUpFrom = gapStart(row.topic(), disabledAt);
                        }
                        alarm = name + " is active again; the orders changed since " + catchUpFrom
                                + " (while it was off) are read again";
                    } else {
                        alarm = null;
                    }
                }
                default -> alarm = null; // paused: the merchant's choice, left alone
            }
            Installed seen = row.seen(status, now, disabledAt, catchUpFrom, alarm);
            if (!seen.equals(row.seen(row.status(), now, row.disabledAt(), row.catchUpFrom(), row.alarm()))) {
                store.save(seen);
            }
            if (alarm != null && !alarm.equals(row.alarm())) {
                LOG.warn("ALARM: webhook {}", alarm);
            } else if (alarm == null && row.alarm() != null) {
                LOG.warn("webhook {}: the alarm is over ({})", name, status);
            }
        }
        store.checked(now);
        return repairs;
    }

    /** The body of the PUT that re-activates a webhook. */
    public String activation() {
        return "{\"status\":\"active\"}";
    }

    /** WooCommerce answered the re-activation: the webhook is active again, the gap from where it stopped to catch up. */
    public void reactivated(Check check, Repair repair, String answer) {
        WooWebhook w = webhook(answer);
        Installed row = store.find(repair.topic()).orElse(null);
        if (row == null) {
            return; // removed meanwhile
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant disabledAt = row.disabledAt() == null ? now : row.disabledAt();
        Instant from = gapStart(row.topic(), disabledAt);
        String alarm = row.topic() + " (webhook " + repair.id() + ") was re-activated by WooTrack at " + now
                + "; the orders changed since " + from + " (while it was off) are read again";
        store.save(new Installed(row.topic(), row.webhookId(), row.deliveryUrl(), row.secret(), row.origin(),
                row.installedAt(), w.status(), now, disabledAt, from, alarm, row.repairs() + 1, now,
                row.lastRepair()));
        LOG.warn("ALARM: webhook {}", alarm);
    }

    /**
     * The walk that catches up the gap of the webhooks active again since they were disabled: a poll's walk from the
     * earliest of their gaps' starts, through the same pipeline (orders sent before are recognised, nothing is sent
     * twice). Null when there is none to catch up.
     */
    public OrderWalk catchUp(Check check) {
        List<Installed> due = store.list().stream().filter(r -> r.catchUpFrom() != null && "active".equals(r.status()))
                .toList();
        if (due.isEmpty()) {
            return null;
        }
        check.catchingUp.clear();
        due.forEach(r -> check.catchingUp.add(r.topic()));
        check.catchUpFrom = due.stream().map(Installed::catchUpFrom).min(Comparator.naturalOrder()).orElseThrow();
        return poller.catchUp(check.catchUpFrom);
    }

    /** The catch-up walk ended: the webhooks it was for are repaired, their alarm over. */
    public void caughtUp(Check check, OrderWalk walk) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (String topic : check.catchingUp) {
            Installed row = store.find(topic).orElse(null);
            if (row == null || row.catchUpFrom() == null) {
                continue;
            }
            boolean byWooTrack = row.repairedAt() != null && row.disabledAt() != null
                    && !row.repairedAt().isBefore(row.disabledAt());
            String what = "disabled by WooCommerce at " + row.disabledAt() + ", "
                    + (byWooTrack ? "re-activated by WooTrack at " + row.repairedAt() : "set active in WooCommerce")
                    + "; the orders modified since " + check.catchUpFrom + " read again by a poll: "
                    + walk.getFetched() + " read, " + walk.getReadBefore() + " unchanged since an earlier read";
            store.save(new Installed(row.topic(), row.webhookId(), row.deliveryUrl(), row.secret(), row.origin(),
                    row.installedAt(), "active", now, null, null, null, row.repairs(),
                    byWooTrack ? row.repairedAt() : now, what));
            LOG.warn("webhook {} (webhook {}) repaired: {}", topic, row.webhookId(), what);
        }
        check.catchingUp.clear();
    }

    /**
     * Where the gap of a webhook disabled at {@code disabledAt} starts: the last delivery WooTrack took on its topic
     * before (every delivery after it failed: WooCommerce counts failures in a row), but no earlier than the
     * look-back before it was disabled.
     */
    Instant gapStart(String topic, Instant disabledAt) {
        Instant floor = disabledAt.minus(lookback);
        return store.lastDelivery(topic, disabledAt).filter(t -> t.isAfter(floor)).orElse(floor)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    // ---------------------------------------------------------------- health, the console

    /** The alarms of the installed webhooks, at most a few seconds old (health, the console): empty when all is well. */
    public List<String> alarms() {
        return store.cached().alarms().stream().map(Installed::alarm).toList();
    }

    // ---------------------------------------------------------------- helpers

    private void requireKeys() {
        if (!api.isConfigured()) {
            throw new Refused(2, "webhooks need WooCommerce REST keys with Read/Write permission: set"
                    + " wootrack.woocommerce.consumer-key and wootrack.woocommerce.consumer-secret");
        }
    }

    /** Every webhook of the store, page by page. */
    List<WooWebhook> listAll() {
        Check pages = new Check(List.of());
        while (pages.more) {
            Answer a = call.call("GET", pages.getPagePath(), null, "GET webhooks page " + pages.page);
            listed(pages, a.body(), a.totalPages());
        }
        return List.copyOf(pages.seen.values());
    }

    private List<WooWebhook> webhooks(String body) {
        JsonNode root = tree(body);
        if (root == null || !root.isArray()) {
            throw new IllegalStateException("WooCommerce's webhook list is not a JSON array");
        }
        List<WooWebhook> out = new ArrayList<>();
        root.forEach(n -> out.add(webhook(n)));
        return out;
    }

    private WooWebhook webhook(String body) {
        JsonNode n = tree(body);
        if (n == null || !n.isObject() || !n.path("id").canConvertToLong()) {
            throw new IllegalStateException("WooCommerce answered with something that is not a webhook");
        }
        return webhook(n);
    }

    private static WooWebhook webhook(JsonNode n) {
        return new WooWebhook(n.path("id").asLong(), n.path("name").asText(""), n.path("status").asText(""),
                n.path("topic").asText(""), n.path("delivery_url").asText(""), n.path("date_created_gmt").asText(null),
                n.path("date_modified_gmt").asText(null));
    }

    private JsonNode tree(String body) {
        try {
            return body == null ? null : json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("WooCommerce answered with something that is not JSON", e);
        }
    }

    /** The same URL, but for a trailing slash (WooCommerce keeps what it was given, through esc_url_raw). */
    static boolean sameUrl(String a, String b) {
        return a != null && b != null && a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
    }

    /** A WooCommerce GMT date ({@code 2026-11-27T10:00:00}, no zone) as an instant. */
    static Optional<Instant> gmt(String date) {
        if (date == null || date.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OrderPoller.parse(date).toInstant(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int intOr(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static final HttpClient PING = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PING_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * Whether WooTrack answers at a webhook URL the way WooCommerce needs (its ping, {@code webhook_id=0}, form-encoded:
     * 200): null when it does, otherwise what happened. Through whatever is between (a proxy, TLS), as WooCommerce
     * would reach it.
     */
    public static String ping(String deliveryUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(deliveryUrl)).timeout(PING_TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", "WooTrack webhook check")
                    .POST(HttpRequest.BodyPublishers.ofString("webhook_id=0")).build();
            int status = PING.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : deliveryUrl + " answered HTTP " + status + " to a webhook ping";
        } catch (IOException | IllegalArgumentException e) {
            return deliveryUrl + " does not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
