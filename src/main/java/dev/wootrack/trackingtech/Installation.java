package dev.wootrack.trackingtech;

import dev.wootrack.store.DataDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * This installation's identity towards TrackingTech: {@code deviceId} = SHA-256 (hex) of the store URL followed by
 * an installation secret, generated once with SecureRandom and kept in the data dir (as the plugin uses
 * WordPress's auth salt). It identifies the installation, not a person.
 */
public final class Installation {

    private final String storeUrl;
    private final java.util.function.Supplier<String> secret;

    private Installation(String storeUrl, java.util.function.Supplier<String> secret) {
        this.storeUrl = storeUrl;
        this.secret = secret;
    }

    /**
     * The secret in {@code <dataDir>/installation-secret}, read (or created, owner-only) the first time the device id
     * is needed, not when WooTrack's beans are bound.
     */
    public static Installation in(Path dataDir, String storeUrl) {
        return new Installation(storeUrl, once(() -> DataDir.secret(dataDir, "installation-secret")));
    }

    /**
     * The secret kept in the database (checkpoint {@value #SECRET}), so every node that shares it is one
     * installation towards TrackingTech: the node that links and the one that disconnects send the same device id.
     * A data dir of an earlier version that has an {@code installation-secret} file gives its secret to the database
     * the first time, so the device id stays what it was.
     */
    public static Installation shared(dev.wootrack.store.Checkpoints checkpoints, Path dataDir, String storeUrl) {
        return new Installation(storeUrl, once(() -> checkpoints.getOrPut(SECRET, () ->
                java.nio.file.Files.exists(dataDir.resolve("installation-secret"))
                        ? DataDir.secret(dataDir, "installation-secret") : random())));
    }

    /** The checkpoint that keeps the installation secret. */
    public static final String SECRET = "trackingtech.installation-secret";

    private static String random() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static java.util.function.Supplier<String> once(java.util.function.Supplier<String> read) {
        return new java.util.function.Supplier<>() {
            private String value;

            @Override
            public synchronized String get() {
                if (value == null) {
                    value = read.get();
                }
                return value;
            }
        };
    }

    public String storeUrl() {
        return storeUrl;
    }

    /** SHA-256 (hex) of the store URL + the installation secret. */
    public String deviceId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((storeUrl + secret.get()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
