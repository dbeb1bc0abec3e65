package dev.wootrack.store;

import dev.wootrack.config.InvalidSetting;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * WooTrack's data dir ({@code wootrack.data-dir}): the embedded database, the installation secret, the database
 * password. It is WooTrack's user's alone: created {@code 0700}, its files {@code 0600}.
 */
public final class DataDir {

    public static final String KEY = "wootrack.data-dir";
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private DataDir() {
    }

    /** The data dir, created (0700) when missing; an {@link InvalidSetting} when it is a file or cannot be made. */
    public static Path prepare(String value) {
        Path dir = Path.of(value);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw InvalidSetting.of(KEY, value, "is a file: expected a folder (WooTrack creates it when missing)");
        }
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            restrict(dir);
        } catch (IOException | SecurityException e) {
            throw InvalidSetting.of(KEY, value, "cannot be created or used (" + reason(e)
                    + "): expected a folder this user can create, or owns and can write to");
        }
        if (!Files.isWritable(dir)) {
            throw InvalidSetting.of(KEY, value, "is not writable by this user: expected a folder it can write to");
        }
        return dir;
    }

    /** What went wrong, in words: Java's exceptions name only the path for some problems. */
    private static String reason(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() != null ? ": " + f.getFile() : "");
        }
        if (e instanceof java.nio.file.AccessDeniedException || e instanceof SecurityException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT) + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** For the commands that read an installation: the data dir must exist already. */
    public static Path existing(String value) {
        Path dir = Path.of(value);
        if (!Files.isDirectory(dir)) {
            throw InvalidSetting.of(KEY, value, "no WooTrack data there (" + dir.toAbsolutePath().normalize()
                    + " does not exist): point wootrack.data-dir at the folder `run` uses, or run `connect` or `run`"
                    + " first");
        }
        return prepare(value);
    }

    /** Owner-only permissions for the folder and every file in it (no-op where POSIX permissions do not exist). */
    public static void restrict(Path dir) throws IOException {
        if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            return;
        }
        Files.setPosixFilePermissions(dir, OWNER_DIR);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    Files.setPosixFilePermissions(f, OWNER_FILE);
                }
            }
        }
    }

    /**
     * Opens (creating when missing) a file of the data dir for reading and writing, owner-only ({@code 0600}) from
     * the moment it exists, whatever the process's umask; an existing file is made owner-only too.
     */
    public static FileChannel openOwnerOnly(Path file) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (!Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            return FileChannel.open(file, options);
        }
        FileChannel channel = FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        Files.setPosixFilePermissions(file, OWNER_FILE);
        return channel;
    }

    /**
     * A random secret kept in a file of the data dir (0600), made on first use: 32 random bytes, hex. The same file
     * gives the same secret to every process that runs as WooTrack's user.
     */
    public static String secret(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Path tmp = Files.createTempFile(dir, name, ".tmp");
                Files.setPosixFilePermissions(tmp, OWNER_FILE);
                Files.writeString(tmp, HexFormat.of().formatHex(bytes), StandardCharsets.US_ASCII);
                try {
                    Files.move(tmp, file); // not atomic-replace: the first process to make it wins
                } catch (FileAlreadyExistsException another) {
                    Files.deleteIfExists(tmp);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
