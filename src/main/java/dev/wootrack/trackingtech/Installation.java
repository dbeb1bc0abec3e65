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
        return new Installation(storeUrl, new java.util.function.Supplier<>() {
            private String value;

            @Override
            public synchronized String get() {
                if (value == null) {
                    value = DataDir.secret(dataDir, "installation-secret");
                }
                return value;
            }
        });
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
