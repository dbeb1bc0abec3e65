package dev.wootrack.trackingtech;

import dev.wootrack.store.Inbox;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether WooTrack may send to TrackingTech, and with which token, store and customer. Until the guided
 * connection exists these come from configuration; a 401 flips the state to login-required, which parks
 * orders until a new token arrives.
 */
public final class TrackingTechConnection {

    public enum State { CONNECTED, DISCONNECTED, LOGIN_REQUIRED }

    public static final String AWAITING_CONNECTION = "awaiting-connection";
    public static final String AWAITING_LOGIN = "awaiting-login";

    private static final Logger LOG = LoggerFactory.getLogger(TrackingTechConnection.class);

    private final Inbox inbox;
    private volatile State state;
    private volatile String token;
    private volatile String storeId;
    private volatile String customerId;
    private volatile String problem;

    public TrackingTechConnection(Inbox inbox, Optional<String> token, Optional<String> storeId,
                                  Optional<String> customerId) {
        this.inbox = inbox;
        this.token = token.orElse(null);
        this.storeId = storeId.orElse(null);
        this.customerId = customerId.orElse(null);
        this.state = token.isPresent() && storeId.isPresent() && customerId.isPresent()
                ? State.CONNECTED : State.DISCONNECTED;
        this.problem = state == State.CONNECTED ? null
                : "not connected: wootrack.trackingtech.token, .store-id and .customer-id are not all set";
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
        return problem;
    }

    public String getStoreId() {
        return storeId;
    }

    public String getCustomerId() {
        return customerId;
    }

    /** The {@code Authorization} header value. */
    public String authorization() {
        return "Bearer " + token;
    }

    /** The idempotency key of an order: {@code <storeId>:<orderId>}, used at TrackingTech and in our repository. */
    public String orderKey(long orderId) {
        return storeId + ":" + orderId;
    }

    /** TrackingTech answered 401: stop sending until a new token arrives. */
    public void loginRequired(String why) {
        if (state != State.LOGIN_REQUIRED) {
            LOG.warn("TrackingTech refused the token ({}): sending paused, orders are parked as {} until a new login",
                    why, AWAITING_LOGIN);
        }
        problem = "login required: " + why;
        state = State.LOGIN_REQUIRED;
    }

    /** A new token: sending resumes and parked orders go back in line, oldest first. Returns how many. */
    public int useToken(String newToken) {
        token = newToken;
        problem = null;
        state = storeId != null && customerId != null ? State.CONNECTED : State.DISCONNECTED;
        return isReady() ? releaseParked() : 0;
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
        return "TrackingTechConnection[" + state + ", store=" + storeId + ", token=" + mask(token) + "]";
    }

    static String mask(String secret) {
        return secret == null ? "none" : secret.length() <= 8 ? "****" : secret.substring(0, 4) + "…(" + secret.length() + ")";
    }
}
