package dev.wootrack.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One running WooTrack per data dir: {@code run} holds an operating-system lock on {@code <data-dir>/run.lock}
 * while it runs (released by the OS when the process ends, even after kill -9). A second {@code run} on the same
 * data dir is refused with what holds it. The operator commands ({@code status}, {@code connect}, …) take no lock:
 * they work beside the running instance.
 */
public final class InstanceLock implements AutoCloseable {

    public static final String FILE = "run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The data dir is held by another WooTrack. */
    public static final class Held extends IllegalStateException {
        Held(String message) {
            super(message);
        }
    }

    /** Takes the data dir's lock, or throws {@link Held} naming the holder. {@code port} is written for the record. */
    public static InstanceLock acquire(Path dataDir, int port) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = DataDir.openOwnerOnly(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
                channel.close();
                throw new Held("the data dir " + dataDir.toAbsolutePath().normalize() + " is in use by another"
                        + " WooTrack (" + (holder.isEmpty() ? "no details" : holder) + "): stop it first, or give"
                        + " this one its own wootrack.data-dir");
            }
            String me = "pid " + ProcessHandle.current().pid() + " on " + Nodes.thisHost() + ", running since "
                    + Instant.now() + ", port " + port;
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new InstanceLock(channel, lock);
        } catch (IOException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }


    @Override
    public void close() {
        try {
            lock.release();
            channel.truncate(0);
            channel.close();
        } catch (IOException ignored) {
            // the OS releases it with the process anyway
        }
    }
}
