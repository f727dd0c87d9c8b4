package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each run assumes a side's role under a session name of its own, which STS accepts. */
class AccountClientsTest {
    private static final String STS_SESSION_NAME = "[\\w+=,.@-]{2,64}";

    @Test
    void aRunsSessionName_namesTheRun() {
        assertThat(AccountClients.sessionName("20261122-141503-9f2c")).isEqualTo("dmig-20261122-141503-9f2c");
    }

    @Test
    void theLongestRunIds_stillMakeDistinctSessionNamesStsAccepts() {
        String common = "a".repeat(70);
        String first = AccountClients.sessionName(common + "-first-run");
        String second = AccountClients.sessionName(common + "-other-run");

        assertThat(first).matches(STS_SESSION_NAME).hasSize(64).startsWith("dmig-aaaa");
        assertThat(second).matches(STS_SESSION_NAME).hasSize(64).isNotEqualTo(first);
    }

    @Test
    void aPlanForARun_assumesOnlyItsRolesUnderTheRunsSessionName() {
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev", "region": "eu-west-1", "roleArn": "arn:aws:iam::111122223333:role/dmig-read"},
                 "target": {"tableSuffix": "-prod"}, "tables": {"Notes": {}}}
                """.getBytes(StandardCharsets.UTF_8));

        MigrationPlan forRun = plan.forRun("run-7");

        assertThat(forRun.sourceAccount().session()).isEqualTo("dmig-run-7");
        assertThat(forRun.sourceAccount().roleArn()).isEqualTo(plan.sourceAccount().roleArn());
        assertThat(forRun.targetAccount()).isEqualTo(Account.OWN);
        assertThat(forRun.targetAccount().own()).isTrue();
        assertThat(forRun.sides().oneAccount()).isFalse();
        assertThat(plan.sourceAccount().session()).as("the parsed plan names no run").isNull();
    }
}
