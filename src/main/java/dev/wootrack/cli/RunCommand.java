package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Starts the integration and runs until stopped (Ctrl-C or SIGTERM, which stop it gracefully). */
@Command(name = "run", description = "Start WooTrack: webhooks and polling in, orders out to TrackingTech, tracking back.")
public final class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        try {
            WooTrackRuntime.main(Map.of()).run();
            return 0;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && !(root instanceof IllegalStateException)) {
                root = root.getCause();
            }
            String why = root instanceof java.nio.file.NoSuchFileException missing
                    ? "'" + missing.getFile() + "' not found in " + java.nio.file.Path.of("").toAbsolutePath()
                    + ": run WooTrack from the folder that holds routes/ (or set camel.main.routes-include-pattern)"
                    : root.getMessage();
            System.err.println("WooTrack did not start: " + why);
            return 2;
        }
    }
}
