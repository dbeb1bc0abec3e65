package dev.wootrack.cli;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
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
 * <p>The simulators are test code. The build copies them into the jar under {@code demo/}, a prefix that is no
 * package root: {@code run} and every other command cannot load them, only this command's own class loader can.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run WooTrack against a simulated store and TrackingTech, then print what happened.")
public final class DemoCommand implements Callable<Integer> {

    /** The implementation of {@link Demo}, in the test sources. */
    static final String IMPLEMENTATION = "dev.wootrack.demo.ShopDemo";
    /** Where the build puts the demo's classes inside the jar. */
    static final String PREFIX = "demo/";

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
        Demo demo;
        try {
            demo = load();
        } catch (ClassNotFoundException e) {
            spec.commandLine().getErr().println("This jar was built without the demo (tests skipped at compile time,"
                    + " -Dmaven.test.skip). Build it with: mvn -B -q -DskipTests package");
            return 2;
        }
        return demo.run(new Demo.Options(orders, keepRunning, dataDir, settings.values()),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The demo from the jar's {@code demo/} folder, or (in development, tests on the class path) directly. */
    static Demo load() throws ReflectiveOperationException {
        String classFile = PREFIX + IMPLEMENTATION.replace('.', '/') + ".class";
        URL found = DemoCommand.class.getClassLoader().getResource(classFile);
        ClassLoader loader = DemoCommand.class.getClassLoader();
        if (found != null) {
            String url = found.toString();
            try {
                loader = new URLClassLoader("wootrack-demo",
                        new URL[] {new URL(url.substring(0, url.length() - classFile.length() + PREFIX.length()))},
                        loader);
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return loader.loadClass(IMPLEMENTATION).asSubclass(Demo.class).getDeclaredConstructor().newInstance();
    }
}
