package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.runs.RunOutOfReachException;
import dev.dmig.cli.runs.Where;
import dev.dmig.store.Account;
import dev.dmig.store.Sides;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** Where a command runs: endpoint URLs, a run's record followed or contradicted, the options' place in the help. */
class WhereTest {
    private static CliRun dmig(String... args) {
        return CliRun.of(List.of(), args);
    }

    private static RunOrigin origin(URI dynamoDb, boolean inMemory, boolean aws) {
        return origin(dynamoDb, inMemory, aws, null);
    }

    private static RunOrigin origin(URI dynamoDb, boolean inMemory, boolean aws, URI cognito) {
        return new RunOrigin("r1", "full", "2026-11-25T10:00:00Z", aws, aws ? "arn:aws:states:eu-west-1:1:stateMachine:m" : null,
                null, dynamoDb, null, null, aws ? null : "us-east-1", null, inMemory, inMemory ? null : "/w/.dmig",
                dynamoDb == null ? "the embedded DynamoDB Local (data in .dmig)" : "DynamoDB at " + dynamoDb, true, true, null, null,
                cognito);
    }

    @Test
    void anEndpointWithoutItsScheme_isRefusedInOneLine_withTheUrlItMeans() {
        CliRun bare = dmig("status", "--dynamodb-endpoint", "127.0.0.1:8733");
        CliRun named = dmig("resume", "--run", "r1", "--s3-endpoint", "localhost:9000");

        assertThat(bare.code()).isEqualTo(ExitCode.INVALID);
        assertThat(bare.err().lines().findFirst()).contains("error: Invalid value for option '--dynamodb-endpoint': "
                + "'127.0.0.1:8733' is not an http:// or https:// URL: write it as http://127.0.0.1:8733");
        assertThat(named.err().lines().findFirst()).contains("error: Invalid value for option '--s3-endpoint': "
                + "'localhost:9000' is not an http:// or https:// URL: write it as http://localhost:9000");
        assertThat(bare.err() + named.err()).doesNotContain("URISyntaxException").doesNotContain("java.");
    }

    @Test
    void endpointUrls_needHttpOrHttpsAndAHost() {
        Where.EndpointUrl url = new Where.EndpointUrl();

        assertThat(url.convert("http://127.0.0.1:8733")).isEqualTo(URI.create("http://127.0.0.1:8733"));
        assertThat(url.convert("https://dynamodb.eu-west-1.amazonaws.com")).hasHost("dynamodb.eu-west-1.amazonaws.com");
        assertThatThrownBy(() -> url.convert("ftp://host:21")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'ftp://host:21' is not an http:// or https:// URL: write it as http://host:21");
        assertThatThrownBy(() -> url.convert("http:///path")).hasMessage("'http:///path' names no host: write it as http://host:port");
    }

    @Test
    void aFollowUp_takesTheRunsEndpoint_andRefusesAnotherInOneLine() {
        Where none = new Where();
        none.follow(origin(URI.create("http://127.0.0.1:8733"), false, false), "recorded in .dmig/runs/r1.json");
        assertThat(none.target().dynamoDbEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8733"));

        Where same = new Where();
        same.dynamoDbEndpoint = URI.create("http://127.0.0.1:8733/");
        same.follow(origin(URI.create("http://127.0.0.1:8733"), false, false), "recorded in .dmig/runs/r1.json");

        Where other = new Where();
        other.dynamoDbEndpoint = URI.create("http://127.0.0.1:9000");
        assertThatThrownBy(() -> other.follow(origin(URI.create("http://127.0.0.1:8733"), false, false),
                "recorded in .dmig/runs/r1.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--dynamodb-endpoint http://127.0.0.1:9000 contradicts run r1, which has --dynamodb-endpoint "
                        + "http://127.0.0.1:8733 (recorded in .dmig/runs/r1.json): leave the option out, the run's own is used");

        Where toEmbedded = new Where();
        toEmbedded.dynamoDbEndpoint = URI.create("http://127.0.0.1:9000");
        assertThatThrownBy(() -> toEmbedded.follow(origin(null, false, false), "recorded in .dmig/runs/r1.json"))
                .hasMessageContaining("contradicts run r1, which has its tables in the embedded DynamoDB Local");
    }

    @Test
    void aFollowUp_takesTheRunsCognitoEndpoint_andRefusesAnotherInOneLine() {
        URI cognito = URI.create("http://127.0.0.1:9229");
        Where none = new Where();
        none.follow(origin(null, false, false, cognito), "recorded in .dmig/runs/r1.json");
        assertThat(none.target().cognitoEndpoint()).isEqualTo(cognito);

        Where other = new Where();
        other.cognitoEndpoint = URI.create("http://127.0.0.1:9230");
        assertThatThrownBy(() -> other.follow(origin(null, false, false, cognito), "recorded in .dmig/runs/r1.json"))
                .hasMessage("--cognito-endpoint http://127.0.0.1:9230 contradicts run r1, which has --cognito-endpoint "
                        + "http://127.0.0.1:9229 (recorded in .dmig/runs/r1.json): leave the option out, the run's own is used");
        Where toAws = new Where();
        toAws.cognitoEndpoint = cognito;
        assertThatThrownBy(() -> toAws.follow(origin(null, false, false), "recorded in .dmig/runs/r1.json"))
                .hasMessageContaining("contradicts run r1, which read its user pools from AWS's Cognito");
        Where aws = new Where();
        aws.aws = true;
        aws.cognitoEndpoint = cognito;
        assertThatThrownBy(aws::onAws).hasMessage("--cognito-endpoint is for local runs; with --aws the deployed functions use "
                + "the stack's tables and user pools");
    }

    @Test
    void aRunInMemory_isGone_andSaysSo_andAnAwsRunGoesToAws() {
        assertThatThrownBy(() -> new Where().follow(origin(null, true, false), "recorded in .dmig/runs/r1.json"))
                .isInstanceOf(RunOutOfReachException.class)
                .hasMessage("run r1 ran with --in-memory: its tables and artifacts went with its process, so nothing of it can "
                        + "be resumed, rolled back or shown (recorded in .dmig/runs/r1.json)");

        Where onAws = new Where();
        onAws.follow(origin(null, false, true), "recorded in .dmig/runs/r1.json");
        assertThat(onAws.onAws()).isTrue();
        assertThat(onAws.awsTarget().stateMachineArn()).isEqualTo("arn:aws:states:eu-west-1:1:stateMachine:m");

        Where local = new Where();
        local.aws = true;
        assertThatThrownBy(() -> local.follow(origin(null, false, false), "recorded in .dmig/runs/r1.json"))
                .hasMessageStartingWith("--aws: run r1 ran in this process, on the embedded DynamoDB Local");
    }

    @Test
    void theRecordInTheDataDirectory_isReadBack_andAnUnreadableOneSaysWhatToDo(@TempDir Path dir) throws Exception {
        RunOrigin written = origin(URI.create("http://127.0.0.1:8733"), false, false);
        written.saveLocally(dir, new PrintWriter(new StringWriter(), true));

        assertThat(RunOrigin.local(dir, "r1")).contains(written);
        assertThat(RunOrigin.local(dir, "r2")).isEmpty();
        Files.writeString(RunOrigin.localFile(dir, "r2"), "{not json");
        assertThatThrownBy(() -> RunOrigin.local(dir, "r2")).hasMessage(RunOrigin.localFile(dir, "r2") + ", the record of where "
                + "run r2 runs, is unreadable: delete it and give the options the run was started with (--dynamodb-endpoint, "
                + "--s3-endpoint ...)");
    }

    @Test
    void whereARunsTablesAre_saysEachSideWhereThePlanPutsIt() {
        String own = "the embedded DynamoDB Local (data in .dmig)";
        Account local = new Account(null, null, null, URI.create("http://127.0.0.1:8111"));
        Account other = new Account(null, null, null, URI.create("http://127.0.0.1:8112"));

        assertThat(RunOrigin.tables(own, new Sides("-dev", Account.OWN, "-prod", Account.OWN))).isEqualTo(own);
        assertThat(RunOrigin.tables(own, new Sides("-dev", local, "-prod", local))).isEqualTo("DynamoDB at http://127.0.0.1:8111");
        assertThat(RunOrigin.tables(own, new Sides("-dev", local, "-prod", other)))
                .isEqualTo("source DynamoDB at http://127.0.0.1:8111, target DynamoDB at http://127.0.0.1:8112");
        assertThat(origin(null, false, false).place()).isEqualTo("embedded");
        assertThat(origin(URI.create("http://127.0.0.1:8733"), false, false).place()).isEqualTo("127.0.0.1:8733");
    }

    @Test
    void stop_endsTheRunsProcessOnThisMachine_andSaysHowToGoOn(@TempDir Path dir) throws Exception {
        Process running = new ProcessBuilder("sleep", "300").start();
        ProcessHandle process = running.toHandle();
        RunOrigin origin = origin(URI.create("http://127.0.0.1:8733"), false, false);
        new RunOrigin(origin.runId(), origin.mode(), origin.startedAt(), false, null, null, origin.dynamoDbEndpoint(), null, null,
                origin.region(), null, false, origin.dataDir(), origin.tables(), true, true, process.pid(),
                process.info().startInstant().orElseThrow().toString(), null).saveLocally(dir, new PrintWriter(new StringWriter(), true));

        CliRun stopped = dmig("stop", "--run", "r1", "--data-dir", dir.toString());
        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(stopped.out().strip()).isEqualTo("STOPPED  run r1 (full): its process " + process.pid() + " stopped it; continue "
                + "it with dmig resume --run r1 --data-dir " + dir + ", or undo it with dmig rollback --run r1 --data-dir " + dir
                + " --confirm");
        assertThat(running.waitFor()).as("ended by SIGTERM").isEqualTo(143);

        CliRun again = dmig("stop", "--run", "r1", "--data-dir", dir.toString());
        assertThat(again.code()).isEqualTo(ExitCode.INVALID);
        assertThat(again.err().strip()).isEqualTo("error: run r1 is not running: no dmig process of it on this machine "
                + "(dmig status --run r1 --data-dir " + dir + " shows how far it got)");
    }

    @Test
    void eachCommandsHelp_showsItsOwnOptions_beforeWhereItRuns() {
        for (String command : new String[] {"migrate", "resume", "rollback", "status", "report"}) {
            String help = dmig(command, "--help").out();
            int heading = help.indexOf("Where it runs");
            assertThat(heading).as(command).isPositive();
            assertThat(help.indexOf("  --run=")).as(command).isPositive().isLessThan(heading);
            assertThat(help.indexOf("  --dynamodb-endpoint=")).as(command).isGreaterThan(heading);
            assertThat(help.indexOf("  --sts-endpoint=")).as(command).isGreaterThan(heading);
        }
    }
}
