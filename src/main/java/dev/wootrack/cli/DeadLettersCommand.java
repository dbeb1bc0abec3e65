package dev.wootrack.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.wootrack.config.Configuration;
import dev.wootrack.config.Kind;
import dev.wootrack.store.DataDir;
import dev.wootrack.store.Database;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.DeadLetters.DeadLetter;
import dev.wootrack.store.Inbox;
import dev.wootrack.store.InboxItem;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Lists dead letters and replays them: a replay puts the order back into the inbox, and the running WooTrack
 * (or the next one started) takes it through the shared entry route again.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List dead letters; --replay ID or --replay-all sends them through the pipeline again.")
public final class DeadLettersCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Option(names = "--replay", paramLabel = "ID", description = "Replay the dead letter with this id.")
    Long replay;

    @Option(names = "--replay-all", description = "Replay every dead letter not replayed yet.")
    boolean replayAll;

    @Option(names = "--all", description = "List replayed dead letters too.")
    boolean all;

    @Mixin
    SettingOverrides settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Configuration config = settings.configuration();
        config.checked(); // as `run` reads them
        if (Database.isEmbeddedH2(config.get("wootrack.db.url").orElse(""), null)) {
            DataDir.existing(config.get(DataDir.KEY).orElse("./data")); // a PostgreSQL needs no data dir here
        }
        try (HikariDataSource ds = Database.pool(config::get)) {
            Database db = new Database(ds);
            db.applySchema();
            Inbox inbox = new Inbox(db, "cli", Duration.ZERO, Clock.systemUTC());
            DeadLetters deadLetters = new DeadLetters(db, inbox, Clock.systemUTC());
            if (replay != null) {
                Optional<InboxItem> item = deadLetters.replay(replay);
                if (item.isEmpty()) {
                    spec.commandLine().getErr().println("No dead letter " + replay + " waiting for replay (see `dead-letters --all`).");
                    return 1;
                }
                out.println("Dead letter " + replay + " (order " + item.get().orderId() + ") is back in the inbox as #"
                        + item.get().id() + ".");
                out.println(whenPickedUp(config));
                return 0;
            }
            if (replayAll) {
                List<InboxItem> items = deadLetters.replayAll();
                out.println(items.size() + " dead letter(s) back in the inbox.");
                out.println(whenPickedUp(config));
                return 0;
            }
            print(out, deadLetters.list(all));
            return 0;
        }
    }

    private static String whenPickedUp(Configuration config) {
        long seconds = config.get("wootrack.inbox.recovery-interval").map(Kind::millis).orElse(5000L) / 1000;
        return "A running WooTrack sends it within about " + Math.max(1, seconds)
                + " s; otherwise the next `run` does.";
    }

    static void print(PrintWriter out, List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            out.println("No dead letters.");
            return;
        }
        out.printf("%-6s %-10s %-6s %-8s %-19s %s%n", "ID", "ORDER", "HTTP", "ATTEMPTS", "WHEN", "REASON");
        for (DeadLetter d : letters) {
            out.printf("%-6d %-10d %-6s %-8d %-19s %s%s%n", d.id(), d.orderId(),
                    d.httpStatus() == null ? "-" : d.httpStatus().toString(), d.attempts(),
                    TIME.format(d.createdAt()), d.reason(), d.replayedAt() == null ? "" : " (replayed)");
        }
    }
}
