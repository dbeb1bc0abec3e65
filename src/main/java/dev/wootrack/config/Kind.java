package dev.wootrack.config;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of value a setting takes: how a value is read as people write it ({@code 5m}, {@code 1MB}), what is
 * expected when it cannot be, and the plain form handed to Camel (milliseconds, bytes).
 */
public enum Kind {
    TEXT("any text") {
        @Override
        String normalize(String v) {
            return v;
        }
    },
    /** Text that must not be empty once set. */
    NAME("a non-empty name") {
        @Override
        String normalize(String v) {
            if (v.isBlank()) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        }
    },
    BOOLEAN("true or false") {
        @Override
        String normalize(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw new IllegalArgumentException();
            }
            return s;
        }
    },
    PORT("a port number from 0 to 65535") {
        @Override
        String normalize(String v) {
            return Long.toString(range(v, 0, 65_535));
        }
    },
    COUNT("a whole number from 0") {
        @Override
        String normalize(String v) {
            return Long.toString(range(v, 0, Integer.MAX_VALUE));
        }
    },
    POSITIVE("a whole number from 1") {
        @Override
        String normalize(String v) {
            return Long.toString(range(v, 1, Integer.MAX_VALUE));
        }
    },
    MULTIPLIER("a number from 1, e.g. 2 or 1.5") {
        @Override
        String normalize(String v) {
            BigDecimal d = new BigDecimal(v.trim());
            if (d.compareTo(BigDecimal.ONE) < 0) {
                throw new IllegalArgumentException();
            }
            return d.toPlainString();
        }
    },
    /** Milliseconds, or a number with a unit: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}. */
    DURATION("a duration such as 250ms, 2s, 5m, 1h, 7d, or a number of milliseconds") {
        @Override
        String normalize(String v) {
            return Long.toString(millis(v));
        }
    },
    /** Bytes, or a number with a unit: {@code 512KiB}, {@code 1MB} (KB/MB/GB are 1000-based, KiB/MiB/GiB 1024-based). */
    SIZE("a size such as 512KiB, 4MiB, 1MB, or a number of bytes") {
        @Override
        String normalize(String v) {
            return Long.toString(bytes(v));
        }
    },
    /** An absolute http(s) URL with a host. */
    URL("an http:// or https:// URL with a host, e.g. https://shop.example") {
        @Override
        String normalize(String v) {
            URI uri = URI.create(v.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http")
                    || uri.getScheme().equalsIgnoreCase("https")) || uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        }
    },
    /** A path appended to a base URL. */
    URL_PATH("a path that starts with /") {
        @Override
        String normalize(String v) {
            if (!v.trim().startsWith("/") || v.trim().contains(" ")) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        }
    },
    JDBC_URL("a JDBC URL, e.g. jdbc:h2:file:./data/wootrack or jdbc:postgresql://host/db") {
        @Override
        String normalize(String v) {
            if (!v.trim().startsWith("jdbc:")) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        }
    },
    /** A comma list with at least one entry; each entry a WooCommerce status slug. */
    STATUS_LIST("a comma list of one or more WooCommerce statuses, e.g. processing,on-hold") {
        @Override
        String normalize(String v) {
            List<String> items = items(v);
            if (items.isEmpty() || !items.stream().allMatch(s -> SLUG.matcher(s).matches())) {
                throw new IllegalArgumentException();
            }
            return String.join(",", items);
        }
    },
    /** A comma list of WooCommerce status slugs; may be empty. */
    STATUS_LIST_OR_EMPTY("a comma list of WooCommerce statuses (or nothing)") {
        @Override
        String normalize(String v) {
            List<String> items = items(v);
            if (!items.stream().allMatch(s -> SLUG.matcher(s).matches())) {
                throw new IllegalArgumentException();
            }
            return String.join(",", items);
        }
    },
    /** {@code a:b,c:d}. */
    STATUS_MAP("a comma list of trackingtech-status:woocommerce-status pairs, e.g. delivered:completed") {
        @Override
        String normalize(String v) {
            for (String pair : items(v)) {
                String[] kv = pair.split("[:=]", 2);
                if (kv.length != 2 || kv[0].isBlank() || !SLUG.matcher(kv[1].trim()).matches()) {
                    throw new IllegalArgumentException();
                }
            }
            return v.trim();
        }
    },
    AUTH("one of auto, basic, oauth1, query") {
        @Override
        String normalize(String v) {
            return oneOf(v, "auto", "basic", "oauth1", "query");
        }
    },
    AUTO_POSITIVE("auto or a whole number from 1") {
        @Override
        String normalize(String v) {
            return v.trim().equalsIgnoreCase("auto") ? "auto" : Long.toString(range(v, 1, Integer.MAX_VALUE));
        }
    },
    /** The shop's weight unit, or auto: ask WooCommerce ({@code woocommerce_weight_unit}). */
    WEIGHT_UNIT("one of auto, kg, g, lbs, oz") {
        @Override
        String normalize(String v) {
            return oneOf(v, "auto", "kg", "g", "lbs", "oz");
        }
    },
    /** What an address check does with what it finds (dev.wootrack.address.Policy). */
    POLICY("one of off, warn, fix, hold") {
        @Override
        String normalize(String v) {
            return oneOf(v, "off", "warn", "fix", "hold");
        }
    },
    AUTO_BOOLEAN("one of auto, true, false") {
        @Override
        String normalize(String v) {
            return oneOf(v, "auto", "true", "false");
        }
    },
    /** A Quartz cron expression (six or seven fields). */
    CRON("a Quartz cron expression, e.g. 0 0/5 * * * ?") {
        @Override
        String normalize(String v) {
            int fields = v.trim().split("\\s+").length;
            if (fields < 6 || fields > 7) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        }
    };

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,59}");
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

    private final String expected;

    Kind(String expected) {
        this.expected = expected;
    }

    /** What a value of this kind looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /** The value in the plain form Camel and WooTrack read; throws IllegalArgumentException when it is not of this kind. */
    abstract String normalize(String value);

    static long range(String v, long min, long max) {
        long n = Long.parseLong(v.trim());
        if (n < min || n > max) {
            throw new IllegalArgumentException();
        }
        return n;
    }

    static String oneOf(String v, String... allowed) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(s)) {
            throw new IllegalArgumentException();
        }
        return s;
    }

    static List<String> items(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}, or plain milliseconds. */
    public static long millis(String v) {
        Matcher m = AMOUNT.matcher(v.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException();
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> throw new IllegalArgumentException();
        };
        return amount.multiply(BigDecimal.valueOf(unit)).longValueExact();
    }

    /** {@code 512KiB}, {@code 4MiB}, {@code 1MB}, {@code 2GB}, or plain bytes. */
    public static long bytes(String v) {
        Matcher m = AMOUNT.matcher(v.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException();
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "kb" -> 1_000;
            case "mb" -> 1_000_000;
            case "gb" -> 1_000_000_000;
            case "kib", "k" -> 1_024;
            case "mib", "m" -> 1_048_576;
            case "gib", "g" -> 1_073_741_824;
            default -> throw new IllegalArgumentException();
        };
        return amount.multiply(BigDecimal.valueOf(unit)).longValueExact();
    }
}
