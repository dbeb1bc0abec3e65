package dev.wootrack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A data directory for one benchmark run, deleted when the JVM exits: a backlog run leaves gigabytes of H2 behind,
 * and a benchmark must not fill the machine it measures. {@code -Dbench.keep=true} keeps them to look inside.
 */
final class Scratch {

    private Scratch() {
    }

    static Path dir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        if (!Boolean.getBoolean("bench.keep")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete " + dir.getFileName()));
        }
        return dir;
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
