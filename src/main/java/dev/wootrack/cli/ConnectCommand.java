package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import dev.wootrack.trackingtech.ConnectFlow;
import dev.wootrack.trackingtech.ConnectFlow.Failure;
import dev.wootrack.trackingtech.ConnectFlow.Login;
import dev.wootrack.trackingtech.ConnectFlow.Store;
import dev.wootrack.trackingtech.ConnectFlow.Tenant;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Connects this WooTrack to TrackingTech as the plugin does: resolve the courier code, log in, choose a store,
 * link it. The password is read without echo (or from {@code WOOTRACK_TRACKINGTECH_PASSWORD}), used for the
 * login call only, and never stored or logged. A running WooTrack picks the connection up within seconds.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Connect to TrackingTech: courier code, administrator login, store.")
public final class ConnectCommand implements Callable<Integer> {

    static final String PASSWORD_ENV = "WOOTRACK_TRACKINGTECH_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(names = "--code", required = true, description = "The courier code TrackingTech gave you, e.g. ACME.")
    String code;

    @Option(names = "--email", required = true, description = "The TrackingTech administrator's email.")
    String email;

    @Option(names = "--store", description = "The store id to link (asked for in a terminal when there are several).")
    String storeId;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input"
            + " (also what happens when standard input is not a terminal).")
    boolean passwordStdin;

    @Mixin
    SettingOverrides settings;

    private char[] password;

    /** Gives the password directly, for embedding the command (tests, an admin console); it is wiped after use. */
    public ConnectCommand withPassword(char[] password) {
        this.password = password;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Console console = System.console();
        // asked for explicitly, stdin wins over the environment; without a terminal, piped stdin is the password
        char[] secret = password != null ? password
                : passwordStdin ? firstLine(System.in)
                : System.getenv(PASSWORD_ENV) != null ? System.getenv(PASSWORD_ENV).toCharArray()
                : console == null ? firstLine(System.in)
                : console.readPassword("TrackingTech password for %s: ", email);
        if (secret == null || secret.length == 0) {
            err.println("connect needs the password: type it in a terminal, pipe it in (echo \"$PW\" | wootrack connect"
                    + " … --password-stdin), or set " + PASSWORD_ENV + ".");
            return 2;
        }
        try (WooTrackRuntime rt = BatchRuntime.start(settings, "connect", false, true)) {
            ConnectFlow flow = rt.bean("wootrackConnectFlow", ConnectFlow.class);
            Tenant tenant = flow.resolve(code);
            out.printf("Courier: %s (%s)%n", tenant.name(), tenant.code());
            Login login;
            try {
                login = flow.login(tenant, email, secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
            List<Store> stores = flow.stores(login);
            Store store = flow.choose(stores, storeId);
            if (store == null && console != null) {
                store = ask(stores, console, out);
            }
            if (store == null) {
                err.println("Choose a store with --store:");
                stores.forEach(s -> err.printf("  %s  %s%n", s.id(), s.name()));
                return 1;
            }
            int released = flow.link(tenant, login, store);
            out.printf("Connected: store %s (%s) of %s. Orders are sent from now on%s.%n", store.name(), store.id(),
                    tenant.name(), released > 0 ? "; " + released + " waiting order(s) released" : "");
            out.flush();
            return 0;
        } catch (Failure f) {
            err.println("connect failed (" + f.getStep() + "): " + f.getMessage());
            return 1;
        }
    }

    /** The password as the first line of piped input (like {@code docker login --password-stdin}); null when there is none. */
    static char[] firstLine(java.io.InputStream in) throws java.io.IOException {
        java.io.Reader r = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8);
        java.io.CharArrayWriter line = new java.io.CharArrayWriter();
        for (int c = r.read(); c >= 0 && c != '\n'; c = r.read()) {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.size() == 0 ? null : line.toCharArray();
    }

    /** The numbered prompt, in a terminal, when the account has several stores. */
    private static Store ask(List<Store> stores, Console console, PrintWriter out) {
        for (int i = 0; i < stores.size(); i++) {
            out.printf("  %d) %s (%s)%n", i + 1, stores.get(i).name(), stores.get(i).id());
        }
        out.flush();
        String answer = console.readLine("Store number: ");
        try {
            return stores.get(Integer.parseInt(answer.trim()) - 1);
        } catch (RuntimeException e) {
            throw new Failure("stores", "'" + answer + "' is not one of the numbers above.");
        }
    }
}
