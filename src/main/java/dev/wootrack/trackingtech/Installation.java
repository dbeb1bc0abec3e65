package dev.wootrack.trackingtech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This installation's identity towards TrackingTech: {@code deviceId} = SHA-256 (hex) of the store URL followed by
 * an installation secret, generated once with SecureRandom and kept in the data dir (as the plugin uses
 * WordPress's auth salt). It identifies the installation, not a person.
 */
public final class Installation {

    private final String storeUrl;
    private final String secret;

    private Installation(String storeUrl, String secret) {
        this.storeUrl = storeUrl;
        this.secret = secret;
    }

    /** Reads the secret from {@code <dataDir>/installation-secret}, creating it (owner-only) the first time. */
    public static Installation in(Path dataDir, String storeUrl) {
        Path file = dataDir.resolve("installation-secret");
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                try {
                    Files.writeString(Files.createFile(file), HexFormat.of().formatHex(bytes), StandardCharsets.US_ASCII);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // Windows: the data dir's own permissions apply
                    }
                } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                    // use theirs
                }
            }
            return new Installation(storeUrl, Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the installation secret " + file, e);
        }
    }

    public String storeUrl() {
        return storeUrl;
    }

    /** SHA-256 (hex) of the store URL + the installation secret. */
    public String deviceId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((storeUrl + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
