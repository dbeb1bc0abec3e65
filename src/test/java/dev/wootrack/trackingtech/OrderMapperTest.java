package dev.wootrack.trackingtech;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.Fixtures;
import dev.wootrack.woocommerce.WooOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping, on WooCommerce's own published payloads exactly as they are. */
class OrderMapperTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final OrderMapper MAPPER = new OrderMapper();

    static final String ORDER_727 = """
            {"storeId":"s_1","customerId":"c_42","platform":"woocommerce","externalOrderId":"727","orderNumber":"727",\
            "createdAt":"2017-03-22T19:28:02Z","currency":"USD","items":[\
            {"name":"Woo Single #1","sku":null,"quantity":2,"price":"3","weight":null},\
            {"name":"Ship Your Idea &ndash; Color: Black, Size: M Test","sku":"Bar3","quantity":1,"price":"12","weight":null}],\
            "shipping":{"name":"John Doe","company":"","address1":"969 Market","address2":"","city":"San Francisco",\
            "state":"CA","postcode":"94103","country":"US","email":"john.doe@example.com","phone":"(555) 555-5555"}}""";

    static final String ORDER_723 = """
            {"storeId":"s_1","customerId":"c_42","platform":"woocommerce","externalOrderId":"723","orderNumber":"723",\
            "createdAt":"2017-03-21T19:16:00Z","currency":"USD","items":[\
            {"name":"Woo Album #2","sku":null,"quantity":1,"price":"9","weight":null},\
            {"name":"Woo Ninja","sku":null,"quantity":1,"price":"20","weight":null}],\
            "shipping":{"name":"João Silva","company":"","address1":"Av. Brasil, 432","address2":"","city":"Rio de Janeiro",\
            "state":"RJ","postcode":"12345-000","country":"BR","email":"joao.silva@example.com","phone":"(11) 1111-1111"}}""";

    static String mapped(WooOrder order) throws Exception {
        return JSON.writeValueAsString(MAPPER.map(order, "s_1", "c_42"));
    }

    @Test
    void singleOrderFixture() throws Exception {
        WooOrder order = JSON.readValue(Fixtures.read("order-single.wc-v3.json"), WooOrder.class);
        assertThat(MAPPER.unshippableReason(order)).isNull();
        assertThat(mapped(order)).isEqualTo(ORDER_727);
    }

    @Test
    void everyOrderOfTheListFixture() throws Exception {
        List<WooOrder> orders = JSON.readValue(Fixtures.read("orders-list.wc-v3.json"), new TypeReference<>() { });
        assertThat(orders).hasSize(2);
        assertThat(mapped(orders.get(0))).isEqualTo(ORDER_727);
        assertThat(mapped(orders.get(1))).isEqualTo(ORDER_723);
    }

    @Test
    void updatedOrderFixtureMapsLikeTheOriginal() throws Exception {
        WooOrder order = JSON.readValue(Fixtures.read("order-update-status-completed.response.wc-v3.json"),
                WooOrder.class);
        assertThat(order.status()).isEqualTo("completed");
        assertThat(mapped(order)).isEqualTo(ORDER_727);
    }

    @Test
    void moneyIsBigDecimalWhateverWooCommerceSends() throws Exception {
        WooOrder order = JSON.readValue(Fixtures.read("order-single.wc-v3.json"), WooOrder.class);
        assertThat(order.total()).isEqualByComparingTo("29.35");
        assertThat(order.lineItems().get(0).price()).isEqualByComparingTo("3");
    }

    @Test
    void virtualGoodsAreNotShippable() throws Exception {
        WooOrder order = JSON.readValue(Fixtures.virtualOrder(801), WooOrder.class);
        assertThat(MAPPER.unshippableReason(order)).contains("no shipping address");
    }

    @Test
    void chileanRegionCodesLoseTheirCountryPrefixAndWeightComesFromMeta() throws Exception {
        String json = """
                {"id":5,"number":"5","status":"processing","currency":"CLP","date_created_gmt":"2026-05-19T16:28:02",
                 "billing":{"email":"juana@example.cl","phone":"+56 9 1234 5678"},
                 "shipping":{"first_name":"Juana","last_name":"Pérez","company":"","address_1":"Av. Providencia 1234",
                   "address_2":"Depto 56","city":"Providencia","state":"CL-RM","postcode":"7500000","country":"CL"},
                 "line_items":[{"name":"Polera azul","sku":"POL-AZ-M","quantity":2,"price":12990,
                   "meta_data":[{"id":1,"key":"_weight","value":"0.25"}]}]}""";
        String expected = """
                {"storeId":"s_1","customerId":"c_42","platform":"woocommerce","externalOrderId":"5","orderNumber":"5",\
                "createdAt":"2026-05-19T16:28:02Z","currency":"CLP","items":[\
                {"name":"Polera azul","sku":"POL-AZ-M","quantity":2,"price":"12990","weight":"0.25"}],\
                "shipping":{"name":"Juana Pérez","company":"","address1":"Av. Providencia 1234","address2":"Depto 56",\
                "city":"Providencia","state":"RM","postcode":"7500000","country":"CL","email":"juana@example.cl",\
                "phone":"+56 9 1234 5678"}}""";
        assertThat(mapped(JSON.readValue(json, WooOrder.class))).isEqualTo(expected);
    }
}
