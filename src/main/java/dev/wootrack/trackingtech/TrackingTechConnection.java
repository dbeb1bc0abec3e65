package dev.wootrack.trackingtech;

import dev.wootrack.store.ConnectionStore;
import dev.wootrack.store.ConnectionStore.Stored;
import dev.wootrack.store.Inbox;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether WooTrack may send to TrackingTech, and with which token, store and customer. The link made by
 * {@code connect} is kept in the database ({@link ConnectionStore}), so every instance and every command sees
 * it; {@link #refresh()} picks up a change made by another process. A 401 flips it to login-required, which
 * parks orders until the next {@code connect}. Without a stored link, {@code wootrack.trackingtech.token},
 * {@code .store-id} and {@code .customer-id} may pre-set one (tests, scripted set-ups).
 */
public final class TrackingTechConnection {

    public enum State { CONNECTED, DISCONNECTED, LOGIN_REQUIRED }

    public static final String AWAITING_CONNECTION = "awaiting-connection";
    public static final String AWAITING_LOGIN = "awaiting-login";

    private static final Logger LOG = LoggerFactory.getLogger(TrackingTechConnection.class);

    private final Inbox inbox;
    private final ConnectionStore store;
    private volatile Stored link;
    private volatile State state;
    private final Stored preset;

    public TrackingTechConnection(Inbox inbox, ConnectionStore store, Optional<String> token,
                                  Optional<String> storeId, Optional<String> customerId) {
        this.inbox = inbox;
        this.store = store;
        this.preset = token.isPresent() && storeId.isPresent() && customerId.isPresent()
                // a pre-set connection counts as connected from the start: it holds nothing back
                ? new Stored(State.CONNECTED.name(), null, null, null, storeId.get(), null, customerId.get(),
                        token.get(), null, Instant.EPOCH, null, null)
                : null;
        apply(preset);
    }

    /** Reads the stored connection (once the schema is there: WooTrack's start does it). */
    public void load() {
        apply(store.load().orElse(preset));
    }

    private void apply(Stored stored) {
        link = stored;
        state = stored == null ? State.DISCONNECTED : State.valueOf(stored.state());
        if (state == State.CONNECTED && (stored.token() == null || stored.storeId() == null)) {
            state = State.DISCONNECTED;
        }
    }

    public State getState() {
        return state;
    }

    public boolean isReady() {
        return state == State.CONNECTED;
    }

    /** Why orders wait while not ready: {@code awaiting-connection} or {@code awaiting-login}. */
    public String parkReason() {
        return state == State.LOGIN_REQUIRED ? AWAITING_LOGIN : AWAITING_CONNECTION;
    }

    public String getProblem() {
        return switch (state) {
            case CONNECTED -> null;
            case LOGIN_REQUIRED -> "login required: " + (link == null || link.problem() == null ? "TrackingTech refused the token" : link.problem())
                    + "; run `connect` again";
            case DISCONNECTED -> "not connected to TrackingTech: run `connect`";
        };
    }

    /** The stored link (never print its token). */
    public Optional<Stored> getLink() {
        return Optional.ofNullable(link);
    }

    public String getStoreId() {
        return link == null ? null : link.storeId();
    }

    public String getCustomerId() {
        return link == null ? null : link.customerId();
    }

    /** The {@code Authorization} header value. */
    public String authorization() {
        return "Bearer " + (link == null ? "" : link.token());
    }

    /** The idempotency key of an order: {@code <storeId>:<orderId>}, used at TrackingTech and in our repository. */
    public String orderKey(long orderId) {
        return getStoreId() + ":" + orderId;
    }

    /** {@code connect} succeeded: keep the link, resume sending, release parked orders oldest first. */
    public int connected(String tenantId, String tenantCode, String tenantName, String storeId, String storeName,
                         String customerId, String token, Instant linkedAt) {
        Instant since = store.load().map(Stored::connectedSince)
                .orElse(link == null ? null : link.connectedSince());
        store.save(new Stored(State.CONNECTED.name(), tenantId, tenantCode, tenantName, storeId, storeName,
                customerId, token, linkedAt, since != null ? since : Instant.now(), null, null));
        apply(store.load().orElseThrow());
        LOG.info("connected to TrackingTech: tenant {}, store {}", tenantCode, storeId);
        return releaseParked();
    }

    /**
     * True when an order changed (reached its status) before WooTrack was first connected: like the plugin, WooTrack
     * sends only what happens after connecting; older orders go through {@code backfill}. Orders received while
     * disconnected later on are sent once connected again.
     */
    public boolean isBeforeFirstConnection(String dateModifiedGmt) {
        Instant since = link == null ? null : link.connectedSince();
        if (since == null || since.equals(Instant.EPOCH) || dateModifiedGmt == null || dateModifiedGmt.isBlank()) {
            return false; // nothing held back: no parsing on the hot path
        }
        try {
            return java.time.LocalDateTime.parse(dateModifiedGmt.trim().replace(' ', 'T'))
                    .toInstant(java.time.ZoneOffset.UTC).isBefore(since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        } catch (java.time.format.DateTimeParseException unreadable) {
            return false;
        }
    }

    /** TrackingTech answered 401: stop sending until the next {@code connect}. */
    public void loginRequired(String why) {
        if (state != State.LOGIN_REQUIRED) {
            LOG.warn("TrackingTech refused the token ({}): sending paused, orders are parked as {} until `connect`"
                    + " is run again", why, AWAITING_LOGIN);
        }
        if (store.load().isPresent()) {
            store.setState(State.LOGIN_REQUIRED.name(), why, false);
            apply(store.load().orElseThrow());
        } else {
            state = State.LOGIN_REQUIRED;
        }
    }

    /** {@code disconnect}: the token is dropped and nothing more is sent. */
    public void disconnected(String why) {
        if (store.load().isEmpty() && link != null) {
            store.save(link);
        }
        store.setState(State.DISCONNECTED.name(), why, true);
        apply(store.load().orElse(null));
        LOG.info("disconnected from TrackingTech: {}", why);
    }

    /**
     * Re-reads the stored link (another process may have run {@code connect} or {@code disconnect}); while it is
     * ready, parked orders are released — not only when it became ready: a pipeline that read the connection just
     * before this node saw it change parks its order after the release that {@code connect} made. Returns true
     * when the link changed.
     */
    public boolean refresh() {
        Stored stored = store.load().orElse(null);
        boolean changed = stored != null && (link == null || !Objects.equals(stored.updatedAt(), link.updatedAt())
                || !stored.state().equals(link.state()));
        boolean wasReady = isReady();
        if (changed) {
            apply(stored);
        }
        if (isReady()) {
            if (!wasReady) {
                LOG.info("TrackingTech connection is ready (store {}): releasing parked orders", getStoreId());
            }
            releaseParked();
        }
        return changed;
    }

    /** Puts parked orders back in line when sending is possible. */
    public int releaseParked() {
        int released = inbox.releaseParked(null);
        if (released > 0) {
            LOG.info("released {} parked order(s) for delivery", released);
        }
        return released;
    }

    /** For logs: never the token itself. */
    @Override
    public String toString() {
        return "TrackingTechConnection[" + state + ", store=" + getStoreId() + ", token="
                + mask(link == null ? null : link.token()) + "]";
    }

    static String mask(String secret) {
        return secret == null ? "none" : secret.length() <= 8 ? "****" : secret.substring(0, 4) + "…(" + secret.length() + ")";
    }
}
