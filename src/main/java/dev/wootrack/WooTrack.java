package dev.wootrack;

import dev.wootrack.cli.BackfillCommand;
import dev.wootrack.cli.ConnectCommand;
import dev.wootrack.cli.DemoCommand;
import dev.wootrack.cli.DisconnectCommand;
import dev.wootrack.cli.StatusCommand;
import dev.wootrack.cli.DeadLettersCommand;
import dev.wootrack.cli.ReconcileCommand;
import dev.wootrack.cli.RunCommand;
import dev.wootrack.cli.WebhooksCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar wootrack.jar [run|connect|status|disconnect|backfill|dead-letters|webhooks|reconcile|demo]}: {@code run} when no command is given. */
@Command(name = "wootrack", mixinStandardHelpOptions = true, version = "WooTrack 0.1.0",
        description = "WooCommerce orders into TrackingTech, exactly once in effect.",
        subcommands = {RunCommand.class, ConnectCommand.class, StatusCommand.class, DisconnectCommand.class,
                BackfillCommand.class, DeadLettersCommand.class, WebhooksCommand.class,
                ReconcileCommand.class, DemoCommand.class})
public final class WooTrack implements Runnable {

    public static void main(String[] args) {
        // the embedded H2's AUTO_SERVER port (for the commands beside a running `run`) listens on loopback only
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        String[] effective = args.length == 0 ? new String[] {"run"} : args;
        if (!effective[0].equals("run") && System.getProperty("wootrack.log.level") == null) {
            // a command's own output is what the user reads: the log keeps to problems, on stderr
            System.setProperty("wootrack.log.level", effective[0].equals("backfill") ? "WARN" : "ERROR");
            System.setProperty("wootrack.log.target", "System.err");
        }
        System.exit(commandLine().execute(effective));
    }

    /**
     * The command line, with one error line (never a stack trace) for a command that cannot start: the setting at
     * fault, the data dir that is missing or held, the port in use.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new WooTrack());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println(commandLine.getCommandName() + " failed: "
                    + dev.wootrack.cli.StartupProblem.describe(e));
            return 2;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
