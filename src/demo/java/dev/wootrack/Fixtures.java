package dev.wootrack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * WooCommerce's own sample payloads, read as they are, from the project's copy on the class path
 * ({@code src/demo/resources/fixtures/woocommerce}, provenance in its SOURCE.md): shared by the tests and the demo.
 */
public final class Fixtures {

    /** Where the fixtures are on the class path. */
    public static final String DIR = "/fixtures/woocommerce/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("no fixture " + DIR + name + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single-order fixture (727, processing) with another id and status: the body of an order webhook. */
    public static String order(long id, String status) {
        try {
            ObjectNode order = (ObjectNode) JSON.readTree(read("order-single.wc-v3.json"));
            order.put("id", id).put("number", Long.toString(id)).put("status", status);
            return order.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single-order fixture, changed just now ({@code date_modified_gmt} = the current second, UTC). */
    public static String recentOrder(long id, String status) {
        return recentOrder(id, status, 0);
    }

    /** The single-order fixture, changed {@code secondsAgo} seconds ago (UTC, to the second). */
    public static String recentOrder(long id, String status, long secondsAgo) {
        try {
            ObjectNode order = (ObjectNode) JSON.readTree(order(id, status));
            order.put("date_modified_gmt", java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(secondsAgo)
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            return order.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An order of virtual goods: no shipping address. */
    public static String virtualOrder(long id) {
        try {
            ObjectNode order = (ObjectNode) JSON.readTree(order(id, "processing"));
            order.putObject("shipping").put("first_name", "").put("last_name", "").put("company", "")
                    .put("address_1", "").put("address_2", "").put("city", "").put("state", "")
                    .put("postcode", "").put("country", "");
            return order.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
