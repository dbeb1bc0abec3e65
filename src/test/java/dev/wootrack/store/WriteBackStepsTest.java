package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.wootrack.trackingtech.TtOrderStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-back's steps with fewer commits (issue 15): an update's two claims in one, its step done with its
 * decision in one; on H2 and PostgreSQL.
 */
class WriteBackStepsTest {

    @TempDir
    Path dir;

    private HikariDataSource ds;

    private Database open(TestDatabase kind) {
        ds = kind.pool(dir, 4);
        Database db = new Database(ds);
        db.applySchema();
        return db;
    }

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anUpdatesTwoStepsAreClaimedTogetherAndTheNoteOnlyWithItsStatus(TestDatabase kind) {
        WriteBackSteps steps = new WriteBackSteps(open(kind), Clock.systemUTC(), Duration.ofMinutes(5));

        assertThat(steps.claim("status:7:in_transit:CL1", "note:7:CL1", true, "exchange-1"))
                .isEqualTo(new WriteBackSteps.Claims(true, true));
        assertThat(steps.claim("status:7:in_transit:CL1", "note:7:CL1", true, "exchange-2"))
                .as("somebody else writes both").isEqualTo(new WriteBackSteps.Claims(false, false));
        assertThat(steps.claim("status:7:in_transit:CL1", "note:7:CL1", true, "exchange-1"))
                .as("its own claims again, on a redelivery").isEqualTo(new WriteBackSteps.Claims(true, true));
        // the next status of the same tracking number: its own step, the note was claimed already
        assertThat(steps.claim("status:7:delivered:CL1", "note:7:CL1", true, "exchange-3"))
                .isEqualTo(new WriteBackSteps.Claims(true, false));
        // no tracking number: no note claimed, nothing written for it
        assertThat(steps.claim("status:8:label_created:", "note:8:", false, "exchange-4"))
                .isEqualTo(new WriteBackSteps.Claims(true, false));
        assertThat(steps.claim("status:9:in_transit:CL9", "note:9:CL9", false, "exchange-5").note()).isFalse();
        assertThat(steps.claim("status:9:in_transit:CL9", "note:9:CL9", true, "exchange-6"))
                .as("a status step held by another: its note is not claimed either")
                .isEqualTo(new WriteBackSteps.Claims(false, false));
        assertThat(steps.claim("status:10:in_transit:CL10", "note:10:CL10", true, "exchange-7").note())
                .as("the note of 9 stayed free").isTrue();
        assertThat(steps.claim("status:11:x:CL9", "note:9:CL9", true, "exchange-8").note()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theStatusStepIsDoneInTheCommitOfItsDecision(TestDatabase kind) {
        Database db = open(kind);
        WriteBackSteps steps = new WriteBackSteps(db, Clock.systemUTC(), Duration.ofMinutes(5));
        Decisions decisions = new Decisions(db, Clock.systemUTC());
        steps.claim("status:7:delivered:CL1", "note:7:CL1", true, "exchange-1");

        decisions.writtenBack(7, new TtOrderStatus("TT-7", "7", "delivered", "Entregado", "CL1", null, null),
                "tracking CL1, status delivered", "status:7:delivered:CL1");

        assertThat(steps.isDone("status:7:delivered:CL1")).isTrue();
        assertThat(steps.isDone("note:7:CL1")).as("the note's step is its own").isFalse();
        assertThat(decisions.history(7)).singleElement().satisfies(d -> {
            assertThat(d.decision()).isEqualTo("written-back");
            assertThat(d.source()).isEqualTo("trackingtech");
        });
        assertThat(steps.claim("status:7:delivered:CL1", "note:7:CL1", true, "exchange-2").status())
                .as("done: nobody writes it again").isFalse();
    }
}
