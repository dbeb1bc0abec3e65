package dev.wootrack.woocommerce;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * A WooCommerce order as the REST API (wc/v3) and its webhooks carry it: only the fields WooTrack reads.
 * Money is BigDecimal: WooCommerce sends it as strings, except line-item {@code price}, a number.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WooOrder(
        long id,
        String number,
        String status,
        String currency,
        @JsonProperty("date_created_gmt") String dateCreatedGmt,
        @JsonProperty("date_modified_gmt") String dateModifiedGmt,
        BigDecimal total,
        Address billing,
        Address shipping,
        @JsonProperty("line_items") List<LineItem> lineItems,
        @JsonProperty("meta_data") List<Meta> metaData) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Address(
            @JsonProperty("first_name") String firstName,
            @JsonProperty("last_name") String lastName,
            String company,
            @JsonProperty("address_1") String address1,
            @JsonProperty("address_2") String address2,
            String city,
            String state,
            String postcode,
            String country,
            String email,
            String phone) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LineItem(
            long id,
            String name,
            @JsonProperty("product_id") long productId,
            @JsonProperty("variation_id") long variationId,
            int quantity,
            String sku,
            BigDecimal price,
            BigDecimal total,
            @JsonProperty("meta_data") List<Meta> metaData) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Meta(Long id, String key, JsonNode value) {
    }
}
