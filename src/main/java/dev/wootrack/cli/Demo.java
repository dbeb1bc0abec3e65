package dev.wootrack.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code demo} runs: a WooCommerce store and TrackingTech, both simulated, around the real WooTrack. The
 * implementation lives beside the simulators in {@code src/demo/java}, which only the command-line jar carries; it
 * names itself in {@code META-INF/services/dev.wootrack.cli.Demo}, and {@link DemoCommand} finds it there.
 */
public interface Demo {

    /**
     * @param orders      how many orders the simulated store holds
     * @param keepRunning stay up after the summary, until Ctrl-C
     * @param dataDir     WooTrack's data dir; null: a new temporary one
     * @param settings    overrides of WooTrack's settings ({@code --set})
     */
    record Options(int orders, boolean keepRunning, Path dataDir, Map<String, String> settings) {
    }

    /** Runs the demo; returns the exit code: 0 only when the summary's numbers add up. */
    int run(Options options, PrintWriter out, PrintWriter err) throws Exception;
}
