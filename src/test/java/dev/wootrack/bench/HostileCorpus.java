package dev.wootrack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.Fixtures;
import dev.wootrack.woocommerce.WebhookSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests no WooCommerce would send, each with the answer WooTrack owes it. Sent over a raw socket, byte for
 * byte, so that nothing (a client library's header rules, its encoding) tidies them up on the way.
 */
final class HostileCorpus {

    static final String PATH = "/webhooks/woocommerce";
    /** The order ids the injection cases use: they must arrive at TrackingTech with the names verbatim. */
    static final long INJECTION_FIRST_ID = 900_000;
    static final List<String> INJECTIONS = List.of("Robert'); DROP TABLE inbox;--", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1:1389/a}", "{{7*7}} ${7*7} #{7*7}", "%s%n%x \\\\ \\\" '", "Ñuñoa \u202e gnp.exe");

    /** One hostile request and the statuses that are right for it. */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body,
                Set<Integer> expected) {

        /** Sends it over a fresh connection; returns the answer's status, or -1 when there was none. */
        int send(int port) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nConnection: close\r\n");
                headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                if (!headers.containsKey("Content-Length")) {
                    head.append("Content-Length: ").append(body.length).append("\r\n");
                }
                head.append("\r\n");
                try {
                    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                } catch (IOException refusedMidway) {
                    // the server answered and closed before the whole body was sent (413, 431): read its answer
                }
                return status(socket.getInputStream());
            }
        }

        private static int status(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                    line.write(b);
                }
            } catch (SocketTimeoutException | java.net.SocketException noAnswer) {
                return line.size() == 0 ? -1 : parse(line);
            }
            return parse(line);
        }

        private static int parse(ByteArrayOutputStream line) {
            String[] parts = line.toString(StandardCharsets.ISO_8859_1).split(" ");
            return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
        }
    }

    private HostileCorpus() {
    }

    static List<Case> cases(String secret) {
        WebhookSignature signer = new WebhookSignature(secret);
        byte[] order = Fixtures.order(800_001, "processing").getBytes(StandardCharsets.UTF_8);
        List<Case> c = new ArrayList<>();
        // signatures
        c.add(post("no signature", order, null, Set.of(401)));
        c.add(post("empty signature", order, "", Set.of(401)));
        c.add(post("random signature", order, Base64.getEncoder().encodeToString(new byte[32]), Set.of(401)));
        c.add(post("signed with another secret", order, new WebhookSignature("not-the-secret").sign(order),
                Set.of(401)));
        c.add(post("signature over other bytes", order, signer.sign(Fixtures.order(800_002, "processing")
                .getBytes(StandardCharsets.UTF_8)), Set.of(401)));
        c.add(post("signature as hex", order, hex(signer.sign(order)), Set.of(401)));
        c.add(post("signature of the body plus a newline", order, signer.sign(concat(order, "\n".getBytes())),
                Set.of(401)));
        c.add(post("signature not base64", order, "!!!not*base64!!!", Set.of(401)));
        c.add(post("body changed after signing", replace(order, "processing", "completed!"), signer.sign(order),
                Set.of(401)));
        c.add(post("unsigned, truncated", java.util.Arrays.copyOf(order, order.length / 2), null, Set.of(401)));
        // bodies, signed correctly
        c.add(signed("truncated JSON", java.util.Arrays.copyOf(order, order.length / 2), signer, Set.of(400)));
        c.add(signed("empty body", new byte[0], signer, Set.of(400)));
        c.add(signed("whitespace only", "   \n ".getBytes(), signer, Set.of(400)));
        c.add(signed("arrays nested 10,000 deep", ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(), signer,
                Set.of(400)));
        c.add(signed("objects nested 10,000 deep", ("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(),
                signer, Set.of(400)));
        c.add(signed("2 MiB order (over the 1 MiB limit)", padded(order, 2 << 20), signer, Set.of(413)));
        c.add(signed("20 MiB JSON", padded(order, 20 << 20), signer, Set.of(413)));
        c.add(signed("a JSON array", "[{\"id\":1,\"status\":\"processing\"}]".getBytes(), signer, Set.of(400)));
        c.add(signed("a JSON string", "\"processing\"".getBytes(), signer, Set.of(400)));
        c.add(signed("JSON null", "null".getBytes(), signer, Set.of(400)));
        c.add(signed("id as text", "{\"id\":\"727\",\"status\":\"processing\"}".getBytes(), signer, Set.of(400)));
        c.add(signed("id negative", "{\"id\":-5,\"status\":\"processing\"}".getBytes(), signer, Set.of(400)));
        c.add(signed("id fractional", "{\"id\":7.5,\"status\":\"processing\"}".getBytes(), signer, Set.of(400)));
        c.add(signed("id beyond 64 bits", "{\"id\":1e30,\"status\":\"processing\"}".getBytes(), signer,
                Set.of(400)));
        c.add(signed("id missing", "{\"status\":\"processing\"}".getBytes(), signer, Set.of(400)));
        c.add(signed("status a number", "{\"id\":727,\"status\":5}".getBytes(), signer, Set.of(400)));
        c.add(signed("status missing", "{\"id\":727}".getBytes(), signer, Set.of(400)));
        c.add(signed("legacy {\"order\":…} body", ("{\"order\":" + new String(order, StandardCharsets.UTF_8) + "}")
                .getBytes(StandardCharsets.UTF_8), signer, Set.of(400)));
        c.add(signed("invalid UTF-8", replace(order, "John", "J\u00c3\u0028hn".getBytes(StandardCharsets.ISO_8859_1)),
                signer, Set.of(400)));
        c.add(signed("UTF-16 body", new String(order, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE),
                signer, Set.of(400)));
        c.add(signed("NUL bytes", concat(new byte[] {0, 0, 0}, order), signer, Set.of(400)));
        c.add(signed("trailing garbage", concat(order, "}}garbage".getBytes()), signer, Set.of(400)));
        // topics, methods, media types
        c.add(new Case("product topic", "POST", PATH, headers("application/json", signer.sign(order),
                "product.updated"), order, Set.of(400)));
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            c.add(new Case(method + " instead of POST", method, PATH, headers("application/json", signer.sign(order),
                    "order.updated"), method.equals("GET") || method.equals("DELETE") ? new byte[0] : order,
                    Set.of(405)));
        }
        c.add(new Case("text/plain", "POST", PATH, headers("text/plain", signer.sign(order), "order.updated"), order,
                Set.of(415)));
        c.add(new Case("application/xml", "POST", PATH, headers("application/xml", signer.sign("<order/>".getBytes()),
                "order.updated"), "<order/>".getBytes(), Set.of(415)));
        c.add(new Case("no Content-Type", "POST", PATH, headers(null, signer.sign(order), "order.updated"), order,
                Set.of(415)));
        c.add(new Case("form body with a signature", "POST", PATH, headers("application/x-www-form-urlencoded",
                signer.sign("webhook_id=1".getBytes()), "order.updated"), "webhook_id=1".getBytes(), Set.of(415)));
        // sizes of the request line and headers
        Map<String, String> big = headers("application/json", signer.sign(order), "order.updated");
        big.put("X-Padding", "a".repeat(64 * 1024));
        c.add(new Case("a 64 KiB header", "POST", PATH, big, order, Set.of(431, 400)));
        Map<String, String> many = headers("application/json", signer.sign(order), "order.updated");
        for (int i = 0; i < 2_000; i++) {
            many.put("X-H" + i, "v");
        }
        c.add(new Case("2,000 headers", "POST", PATH, many, order, Set.of(431, 400)));
        c.add(new Case("a 16 KiB URL", "POST", PATH + "?q=" + "a".repeat(16 * 1024), headers("application/json",
                signer.sign(order), "order.updated"), order, Set.of(414, 400)));
        c.add(new Case("a 100 KiB signature", "POST", PATH, headers("application/json", "A".repeat(100 * 1024),
                "order.updated"), order, Set.of(431, 400)));
        Map<String, String> lying = headers("application/json", signer.sign(order), "order.updated");
        lying.put("Content-Length", "-1");
        c.add(new Case("negative Content-Length", "POST", PATH, lying, order, Set.of(400)));
        // injection strings in names: accepted, and delivered verbatim (checked at TrackingTech)
        for (int i = 0; i < INJECTIONS.size(); i++) {
            byte[] body = injected(INJECTION_FIRST_ID + i, INJECTIONS.get(i));
            c.add(signed("name " + INJECTIONS.get(i), body, signer, Set.of(200)));
        }
        return c;
    }

    /** An order whose shipping first name (and so TrackingTech's shipping.name) and first item are the string. */
    static byte[] injected(long id, String name) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode o = (ObjectNode) json.readTree(Fixtures.order(id, "processing"));
            ((ObjectNode) o.get("shipping")).put("first_name", name).put("last_name", "");
            ((ObjectNode) o.get("line_items").get(0)).put("name", name);
            return json.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Case post(String name, byte[] body, String signature, Set<Integer> expected) {
        return new Case(name, "POST", PATH, headers("application/json", signature, "order.updated"), body, expected);
    }

    private static Case signed(String name, byte[] body, WebhookSignature signer, Set<Integer> expected) {
        return post(name, body, signer.sign(body), expected);
    }

    private static Map<String, String> headers(String contentType, String signature, String topic) {
        Map<String, String> h = new LinkedHashMap<>();
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        if (signature != null) {
            h.put("X-WC-Webhook-Signature", signature);
        }
        h.put("X-WC-Webhook-Topic", topic);
        h.put("X-WC-Webhook-Source", "https://shop.example/");
        return h;
    }

    /** The order with a long note: valid JSON of about {@code size} bytes. */
    private static byte[] padded(byte[] order, int size) {
        String o = new String(order, StandardCharsets.UTF_8);
        String pad = "x".repeat(Math.max(0, size - order.length));
        return (o.substring(0, o.length() - 1) + ",\"customer_note\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] body, String from, String to) {
        return replace(body, from, to.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] replace(byte[] body, String from, byte[] to) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(from);
        return concat(concat(java.util.Arrays.copyOf(body, at), to),
                java.util.Arrays.copyOfRange(body, at + from.length(), body.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String hex(String base64) {
        StringBuilder sb = new StringBuilder();
        for (byte b : Base64.getDecoder().decode(base64)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
