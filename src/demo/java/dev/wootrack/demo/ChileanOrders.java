package dev.wootrack.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Orders as a Chilean WooCommerce store's REST API shows them (wc/v3, prices in CLP with IVA included, regions
 * {@code CL-RM} etc.), made up from a seed: several line items, some products without SKU or weight, some
 * orders of virtual goods only, and one with a shipping address no courier can use.
 */
public final class ChileanOrders {

    /** What WooTrack should make of an order. */
    public enum Kind {
        /** processing, physical goods, a full address: sent to TrackingTech. */
        SHIPPABLE,
        /** processing, virtual or downloadable goods only: recorded as not shippable. */
        VIRTUAL,
        /** processing, but no street or commune: TrackingTech refuses it (422), a dead letter. */
        INVALID,
        /** pending, on-hold or completed: recorded as ignored by status. */
        OTHER_STATUS
    }

    /** One order of the plan. */
    public record Planned(long id, String status, Kind kind) {
    }

    private record Product(int id, String name, String sku, long price, String weight, boolean virtual) {
    }

    private record Place(String city, String state, String postcode) {
    }

    private static final DateTimeFormatter WC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final ZoneOffset STORE_OFFSET = ZoneOffset.ofHours(-3);

    private static final List<Product> PRODUCTS = List.of(
            new Product(101, "Polera algodón orgánico – Azul, M", "POL-AZ-M", 12990, "0.25", false),
            new Product(102, "Jeans slim fit – 32", "JEA-SL-32", 29990, "0.60", false),
            new Product(103, "Zapatillas urbanas – 40", "ZAP-UR-40", 49990, "1.10", false),
            new Product(104, "Chaleco de lana de oveja", "CHA-LA-L", 24990, "0.50", false),
            new Product(105, "Mochila 20 L", "MOC-20", 19990, null, false),
            new Product(106, "Botella térmica 750 ml", "BOT-TE-750", 14990, "0.40", false),
            new Product(107, "Taza de cerámica de Pomaire", "", 6990, "0.35", false),
            new Product(108, "Vino Carmenere Reserva 750 ml", "VIN-CAR-750", 8990, "1.30", false),
            new Product(109, "Manta de lana chilota", "", 39990, null, false),
            new Product(110, "Set de cuchillos de cocina", "SET-CU-5", 34990, "1.80", false),
            new Product(111, "Libro \"Cocina chilena\" (tapa dura)", "LIB-COC", 18990, "0.90", false),
            new Product(112, "Merkén ahumado 100 g", "MER-100", 3490, "0.10", false));

    private static final List<Product> VIRTUAL = List.of(
            new Product(201, "Tarjeta de regalo $20.000", "GIFT-20K", 20000, null, true),
            new Product(202, "E-book: Recetas del sur de Chile", "EBK-SUR", 5990, null, true),
            new Product(203, "Curso online de fotografía", "", 49990, null, true));

    /**
     * Puts the products into the shop's catalog, with their weights in grams (the shop's unit): WooCommerce's orders
     * carry no weight, WooTrack reads each product's.
     */
    public void stock(dev.wootrack.sandbox.WooCommerceSimulator shop) {
        shop.weightUnit("g");
        for (Product p : java.util.stream.Stream.concat(PRODUCTS.stream(), VIRTUAL.stream()).toList()) {
            shop.addProduct(p.id(), p.name(), p.weight() == null ? ""
                    : new java.math.BigDecimal(p.weight()).movePointRight(3).stripTrailingZeros().toPlainString());
        }
    }

    /** Each product's weight in kilograms, by the name the orders carry (absent: the product has none). */
    public static java.util.Map<String, String> kilogramsByName() {
        java.util.Map<String, String> kg = new java.util.HashMap<>();
        PRODUCTS.stream().filter(p -> p.weight() != null).forEach(p -> kg.put(p.name(),
                new java.math.BigDecimal(p.weight()).stripTrailingZeros().toPlainString()));
        return kg;
    }

    private static final List<Place> PLACES = List.of(
            new Place("Providencia", "CL-RM", "7500000"), new Place("Las Condes", "CL-RM", "7550000"),
            new Place("Ñuñoa", "CL-RM", "7750000"), new Place("Santiago", "CL-RM", "8320000"),
            new Place("Maipú", "CL-RM", "9250000"), new Place("Puente Alto", "CL-RM", "8150000"),
            new Place("Valparaíso", "CL-VS", "2340000"), new Place("Viña del Mar", "CL-VS", "2520000"),
            new Place("Concepción", "CL-BI", "4030000"), new Place("Temuco", "CL-AR", "4780000"),
            new Place("Antofagasta", "CL-AN", "1240000"), new Place("La Serena", "CL-CO", "1700000"),
            new Place("Puerto Montt", "CL-LL", "5480000"), new Place("Rancagua", "CL-LI", "2820000"),
            new Place("Talca", "CL-ML", "3460000"), new Place("Punta Arenas", "CL-MA", "6200000"),
            new Place("Iquique", "CL-TA", "1100000"), new Place("Arica", "CL-AP", "1000000"),
            new Place("Valdivia", "CL-LR", "5090000"), new Place("Coyhaique", "CL-AI", "5950000"),
            new Place("Chillán", "CL-NB", "3780000"), new Place("Copiapó", "CL-AT", "1530000"));

    private static final List<String> FIRST = List.of("Juana", "Pedro", "Camila", "Matías", "Valentina", "José",
            "Francisca", "Benjamín", "Catalina", "Vicente", "Sofía", "Tomás", "Isidora", "Martín", "Florencia",
            "Agustín", "Antonia", "Joaquín", "Fernanda", "Cristóbal");
    private static final List<String> LAST = List.of("González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto",
            "Contreras", "Silva", "Martínez", "Sepúlveda", "Morales", "Rodríguez", "López", "Fuentes", "Hernández",
            "Torres", "Araya", "Flores", "Espinoza", "Valenzuela");
    private static final List<String> STREETS = List.of("Av. Providencia", "Av. Apoquindo", "Calle Merced",
            "Av. Libertador Bernardo O'Higgins", "Av. Irarrázaval", "Av. Pedro de Valdivia", "Calle Arturo Prat",
            "Av. Brasil", "Av. Alemania", "Calle Caupolicán", "Pasaje Los Aromos", "Av. Los Carrera");
    private static final List<String> OTHER_STATUSES = List.of("pending", "pending", "on-hold", "completed");

    private final ObjectMapper json = new ObjectMapper();
    private final long seed;

    public ChileanOrders(long seed) {
        this.seed = seed;
    }

    /**
     * {@code count} orders from {@code firstId} on: about 7 % virtual, 20 % in other statuses, exactly one
     * invalid (in the middle), the rest shippable; at least one of each kind.
     */
    public List<Planned> plan(int count, long firstId) {
        Random random = new Random(seed);
        List<Planned> plan = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = firstId + i;
            double r = random.nextDouble();
            if (i == count / 2) {
                plan.add(new Planned(id, "processing", Kind.INVALID));
            } else if (i == 1 || r < 0.07) {
                plan.add(new Planned(id, "processing", Kind.VIRTUAL));
            } else if (i == 2 || r < 0.27) {
                plan.add(new Planned(id, OTHER_STATUSES.get(random.nextInt(OTHER_STATUSES.size())), Kind.OTHER_STATUS));
            } else {
                plan.add(new Planned(id, "processing", Kind.SHIPPABLE));
            }
        }
        return plan;
    }

    /** The order of a plan entry, created and last modified at {@code at}: always the same for the same id. */
    public ObjectNode order(Planned p, Instant at) {
        Random random = new Random(seed * 31 + p.id());
        String first = pick(random, FIRST);
        String last = pick(random, LAST);
        Place place = pick(random, PLACES);
        String street = pick(random, STREETS) + " " + (100 + random.nextInt(9000));
        String flat = random.nextInt(3) == 0 ? "Depto " + (11 + random.nextInt(190)) : "";
        String email = ascii(first + "." + last).toLowerCase(Locale.ROOT) + p.id() % 97 + "@example.cl";
        String phone = String.format("+56 9 %04d %04d", random.nextInt(10_000), random.nextInt(10_000));
        Instant created = at.minusSeconds(60L + random.nextInt(3600));

        ObjectNode o = json.createObjectNode();
        o.put("id", p.id()).put("parent_id", 0).put("number", Long.toString(p.id()))
                .put("order_key", String.format("wc_order_%013x", p.id() * 7919))
                .put("created_via", "checkout").put("version", "9.8.0").put("status", p.status())
                .put("currency", "CLP");
        stamp(o, "date_created", created);
        stamp(o, "date_modified", at);

        List<Product> cart = new ArrayList<>();
        List<Product> shelf = p.kind() == Kind.VIRTUAL ? VIRTUAL : PRODUCTS;
        int lines = p.kind() == Kind.VIRTUAL ? 1 : 1 + random.nextInt(4);
        while (cart.size() < lines) {
            Product product = pick(random, shelf);
            if (!cart.contains(product)) {
                cart.add(product);
            }
        }
        ArrayNode items = json.createArrayNode();
        long itemsTotal = 0;
        long lineId = p.id() * 10;
        for (Product product : cart) {
            int qty = product.virtual() ? 1 : 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            long total = product.price() * qty;
            itemsTotal += total;
            ObjectNode li = items.addObject();
            li.put("id", ++lineId).put("name", product.name()).put("product_id", product.id()).put("variation_id", 0)
                    .put("quantity", qty).put("tax_class", "")
                    .put("subtotal", money(net(total))).put("subtotal_tax", money(total - net(total)))
                    .put("total", money(net(total))).put("total_tax", money(total - net(total)));
            li.putArray("taxes").addObject().put("id", 1).put("total", money(total - net(total)))
                    .put("subtotal", money(total - net(total)));
            li.putArray("meta_data"); // no weight here, as in WooCommerce: it is in the catalog (see stock)
            li.put("sku", product.sku()).put("price", net(product.price()));
            li.putObject("image").put("id", "").put("src", "");
            li.putNull("parent_name");
        }
        long shipping = p.kind() == Kind.VIRTUAL ? 0 : itemsTotal >= 50_000 ? 0 : 3990;
        long total = itemsTotal + shipping;
        o.put("discount_total", "0").put("discount_tax", "0").put("shipping_total", money(shipping))
                .put("shipping_tax", "0").put("cart_tax", money(itemsTotal - net(itemsTotal)))
                .put("total", money(total)).put("total_tax", money(itemsTotal - net(itemsTotal)))
                .put("prices_include_tax", true).put("customer_id", random.nextInt(3) == 0 ? 0 : 1000 + random.nextInt(900))
                .put("customer_ip_address", "").put("customer_user_agent", "").put("customer_note", "");
        ObjectNode billing = o.putObject("billing");
        billing.put("first_name", first).put("last_name", last).put("company", "").put("address_1", street)
                .put("address_2", flat).put("city", place.city()).put("state", place.state())
                .put("postcode", place.postcode()).put("country", "CL").put("email", email).put("phone", phone);
        ObjectNode ship = o.putObject("shipping");
        if (p.kind() == Kind.VIRTUAL) {
            ship.put("first_name", "").put("last_name", "").put("company", "").put("address_1", "").put("address_2", "")
                    .put("city", "").put("state", "").put("postcode", "").put("country", "").put("phone", "");
        } else {
            boolean invalid = p.kind() == Kind.INVALID;
            ship.put("first_name", first).put("last_name", last).put("company", "")
                    .put("address_1", invalid ? "" : street).put("address_2", invalid ? "" : flat)
                    .put("city", invalid ? "" : place.city()).put("state", place.state())
                    .put("postcode", invalid ? "" : place.postcode()).put("country", "CL").put("phone", phone);
        }
        boolean paid = !p.status().equals("pending");
        o.put("payment_method", paid ? "transbank_webpay_plus_rest" : "bacs")
                .put("payment_method_title", paid ? "Webpay Plus" : "Transferencia bancaria")
                .put("transaction_id", paid ? Long.toString(100_000_000L + random.nextInt(900_000_000)) : "");
        if (paid && !p.status().equals("on-hold")) {
            stamp(o, "date_paid", created.plusSeconds(30));
        } else {
            o.putNull("date_paid").putNull("date_paid_gmt");
        }
        if (p.status().equals("completed")) {
            stamp(o, "date_completed", at);
        } else {
            o.putNull("date_completed").putNull("date_completed_gmt");
        }
        o.put("cart_hash", String.format("%032x", p.id() * 104729));
        o.putArray("meta_data").addObject().put("id", p.id() * 3 + 1).put("key", "_billing_rut")
                .put("value", (7_000_000 + random.nextInt(20_000_000)) + "-" + random.nextInt(10));
        o.set("line_items", items);
        o.putArray("tax_lines").addObject().put("id", p.id() * 10 + 8).put("rate_code", "CL-IVA-1").put("rate_id", 1)
                .put("label", "IVA").put("compound", false).put("tax_total", money(itemsTotal - net(itemsTotal)))
                .put("shipping_tax_total", "0").putArray("meta_data");
        ArrayNode shippingLines = o.putArray("shipping_lines");
        if (p.kind() != Kind.VIRTUAL) {
            ObjectNode sl = shippingLines.addObject().put("id", p.id() * 10 + 9)
                    .put("method_title", shipping == 0 ? "Envío gratis" : "Envío a domicilio")
                    .put("method_id", shipping == 0 ? "free_shipping" : "flat_rate")
                    .put("total", money(shipping)).put("total_tax", "0");
            sl.putArray("taxes");
            sl.putArray("meta_data");
        }
        o.putArray("fee_lines");
        o.putArray("coupon_lines");
        o.putArray("refunds");
        o.put("payment_url", "https://tienda.example.cl/finalizar-compra/order-pay/" + p.id() + "/")
                .put("is_editable", p.status().equals("pending") || p.status().equals("on-hold"))
                .put("needs_payment", !paid).put("needs_processing", p.kind() != Kind.VIRTUAL)
                .put("currency_symbol", "$");
        return o;
    }

    /** The price without the 19 % IVA it includes, rounded to the peso. */
    private static long net(long gross) {
        return Math.round(gross / 1.19);
    }

    private static String money(long pesos) {
        return Long.toString(pesos);
    }

    private static void stamp(ObjectNode o, String field, Instant gmt) {
        o.put(field, WC_DATE.format(LocalDateTime.ofInstant(gmt, STORE_OFFSET)));
        o.put(field + "_gmt", WC_DATE.format(LocalDateTime.ofInstant(gmt, ZoneOffset.UTC)));
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
