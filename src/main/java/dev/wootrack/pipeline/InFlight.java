package dev.wootrack.pipeline;

import dev.wootrack.store.Inbox;
import dev.wootrack.store.InboxItem;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Tells the inbox when the pipeline is done with a row, however it ended (decided, waiting, failed): a claim this
 * node still holds after that is idle, and inbox-recovery takes it back at once instead of after the lease.
 */
public final class InFlight {

    private final Inbox inbox;

    public InFlight(Inbox inbox) {
        this.inbox = inbox;
    }

    /** Called as the row enters the pipeline; the exchange property {@code inboxItem} is the row. */
    public void watch(Exchange exchange) {
        InboxItem item = exchange.getProperty("inboxItem", InboxItem.class);
        if (item == null) {
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inbox.done(item.id());
            }
        });
    }
}
