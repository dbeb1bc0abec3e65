package dev.wootrack.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Before each redelivery of a call to TrackingTech: one more call made for this order (exchange property
 * {@code attempts}, which the dead letter records). The delivery route sets it to 1 before the first call.
 */
public final class CountAttempt implements Processor {

    @Override
    public void process(Exchange exchange) {
        Integer attempts = exchange.getProperty("attempts", Integer.class);
        exchange.setProperty("attempts", attempts == null ? 1 : attempts + 1);
    }
}
