package dev.wootrack.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole integration on one machine: a simulated WooCommerce store with a few hundred Chilean orders, the
 * TrackingTech sandbox, and the real WooTrack (routes from {@code routes/}) connected through {@code connect}.
 *
 * <p>The simulators and the demo are a source set of their own ({@code src/demo/java}), compiled once, shared by the
 * tests and this command, and packed into the command-line jar ({@code target/wootrack.jar}) only, never into the
 * library jar. No main code names them: this command finds the {@link Demo} through {@link ServiceLoader}, and no
 * other command asks for one, so {@code run} never loads a simulator class (DemoJarIT checks it).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run WooTrack against a simulated store and TrackingTech, then print what happened.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--orders", defaultValue = "300", paramLabel = "N",
            description = "Orders in the simulated store (default ${DEFAULT-VALUE}, at least 20).")
    int orders;

    @Option(names = "--keep-running", description = "Stay up after the summary (store, sandbox, WooTrack) until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "WooTrack's data dir for the demo; default: a new temporary directory.")
    Path dataDir;

    @Mixin
    SettingOverrides settings;

    @Override
    public Integer call() throws Exception {
        if (orders < 20) {
            spec.commandLine().getErr().println("--orders must be at least 20");
            return 2;
        }
        Optional<Demo> demo = load();
        if (demo.isEmpty()) {
            spec.commandLine().getErr().println("No demo on the class path: it ships in the command-line jar,"
                    + " target/wootrack.jar (mvn -B -q -DskipTests package), not in the library jar.");
            return 2;
        }
        return demo.get().run(new Demo.Options(orders, keepRunning, dataDir, settings.values()),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The demo of {@code src/demo/java}, where it is on the class path (the command-line jar, the tests). */
    static Optional<Demo> load() {
        return ServiceLoader.load(Demo.class, DemoCommand.class.getClassLoader()).findFirst();
    }
}
