package dev.wootrack;

import dev.wootrack.cli.BackfillCommand;
import dev.wootrack.cli.ConnectCommand;
import dev.wootrack.cli.DemoCommand;
import dev.wootrack.cli.DisconnectCommand;
import dev.wootrack.cli.StatusCommand;
import dev.wootrack.cli.DeadLettersCommand;
import dev.wootrack.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar wootrack.jar [run|connect|status|disconnect|backfill|dead-letters|demo]}: {@code run} when no command is given. */
@Command(name = "wootrack", mixinStandardHelpOptions = true, version = "WooTrack 0.1.0",
        description = "WooCommerce orders into TrackingTech, exactly once in effect.",
        subcommands = {RunCommand.class, ConnectCommand.class, StatusCommand.class, DisconnectCommand.class,
                BackfillCommand.class, DeadLettersCommand.class, DemoCommand.class})
public final class WooTrack implements Runnable {

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"run"} : args;
        if (!effective[0].equals("run") && System.getProperty("wootrack.log.level") == null) {
            // a command's own output is what the user reads: the log keeps to problems, on stderr
            System.setProperty("wootrack.log.level", effective[0].equals("backfill") ? "WARN" : "ERROR");
            System.setProperty("wootrack.log.target", "System.err");
        }
        System.exit(new CommandLine(new WooTrack()).execute(effective));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
