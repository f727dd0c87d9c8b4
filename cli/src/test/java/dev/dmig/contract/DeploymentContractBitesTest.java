package dev.dmig.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check of {@link DeploymentContract} fails when its link is broken: a copy of the state
 * machine file and the template, with one thing renamed or added, gives exactly the expected
 * one-line problem. The untouched copies pass, so nothing here fails for a reason of the copy.
 */
class DeploymentContractBitesTest {
    /** Where the Validate function's policies begin. */
    private static final String FOLLOW_POLICIES = "      Handler: dev.dmig.handler.FollowHandler::handleRequest\n      Environment:\n"
            + "        Variables:\n          DMIG_MASK_KEY_SECRET_ARN: !Ref MaskKeySecretArn\n      Policies:\n";

    @TempDir
    Path dir;

    @Test
    void untouchedCopies_pass() throws IOException {
        DeploymentContract.assumeTheBuildReadsEveryVariable();
        assertThat(copy(t -> t, a -> a).problems()).isEmpty();
    }

    @Test
    void renamedSubstitution_isAPlaceholderWithoutValue() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "AnalyzeFunctionArn: !Ref", "AnalyseFunctionArn: !Ref"), a -> a);

        assertThat(broken.placeholderProblems()).containsExactly(
                "migration.asl.json uses ${AnalyzeFunctionArn} but template.yaml has no DefinitionSubstitutions entry "
                        + "AnalyzeFunctionArn: the deployed definition would keep the placeholder",
                "template.yaml substitutes AnalyseFunctionArn but migration.asl.json has no ${AnalyseFunctionArn}");
    }

    @Test
    void textLogFormat_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "LogFormat: JSON", "LogFormat: Text"), a -> a);

        assertThat(broken.loggingProblems()).hasSize(8).contains("FinalizeFunction: LoggingConfig LogFormat is Text, not JSON: its "
                + "step lines would not be JSON records with a level and a request ID");
    }

    @Test
    void renamedHandlerClass_isNoClassOfTheFunctions() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "dev.dmig.handler.ValidateHandler::", "dev.dmig.handler.VerifyHandler::"),
                a -> a);

        assertThat(broken.handlerProblems()).containsExactly(
                "ValidateFunction: Handler dev.dmig.handler.VerifyHandler::handleRequest names no class of the functions module");
    }

    @Test
    void handlerThatIsNoRequestHandler_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "dev.dmig.handler.FinalizeHandler::handleRequest",
                "dev.dmig.handler.Services::fromEnvironment"), a -> a);

        assertThat(broken.handlerProblems()).containsExactly(
                "FinalizeFunction: Handler class dev.dmig.handler.Services does not implement "
                        + "com.amazonaws.services.lambda.runtime.RequestHandler",
                "FinalizeFunction: Handler class dev.dmig.handler.Services has no public no-argument constructor, which the "
                        + "Lambda runtime calls",
                "FinalizeFunction: Handler dev.dmig.handler.Services breaks the naming rule XFunction <-> "
                        + "dev.dmig.handler.FinalizeHandler");
    }

    @Test
    void taskBoundToSomethingElse_isNoFunction() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "RollbackFunctionArn: !Ref RollbackFunction.Version",
                "RollbackFunctionArn: !GetAtt ArtifactsBucket.Arn"), a -> a);

        assertThat(broken.taskResourceProblems()).containsExactly(
                "state Rollback: ${RollbackFunctionArn} is bound to {Fn::GetAtt=[ArtifactsBucket, Arn]}, which is not a version "
                        + "of an AWS::Serverless::Function of template.yaml",
                "state RollbackSegment: ${RollbackFunctionArn} is bound to {Fn::GetAtt=[ArtifactsBucket, Arn]}, which is not a "
                        + "version of an AWS::Serverless::Function of template.yaml",
                "state RollbackRun: ${RollbackFunctionArn} is bound to {Fn::GetAtt=[ArtifactsBucket, Arn]}, which is not a "
                        + "version of an AWS::Serverless::Function of template.yaml");
    }

    @Test
    void taskBoundToTheAlias_wouldRunWhateverIsDeployedMidRun() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "ValidateFunctionArn: !Ref ValidateFunction.Version",
                "ValidateFunctionArn: !Ref ValidateFunction.Alias"), a -> a);

        // Validate, ValidateSegment, ValidateTable and ValidateRun.
        assertThat(broken.taskResourceProblems()).hasSize(4).contains("state Validate: ${ValidateFunctionArn} is bound to "
                + "${ValidateFunction.Alias}, resolved at each invocation: a deploy during a run would change the code under it; "
                + "bind ValidateFunction.Version");
    }

    @Test
    void functionTheStateMachineMayNotInvoke_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, """
                                - !Sub ${FinalizeFunction.Arn}:*
                """, ""), a -> a);

        assertThat(broken.taskResourceProblems()).hasSize(6).allMatch(p -> p.endsWith(
                "the state machine's policies do not allow lambda:InvokeFunction on ${FinalizeFunction.Arn}:*: an execution "
                        + "started before a deploy could not invoke its versions"));
    }

    @Test
    void renamedErrorName_isNoExceptionClass() throws IOException {
        DeploymentContract broken = copy(t -> t, a -> replace(a, "\"dev.dmig.run.RunNotFoundException\"",
                "\"dev.dmig.run.RunMissingException\""));

        assertThat(broken.errorProblems()).containsExactly(
                "error dev.dmig.run.RunMissingException (state Analyze) is the name of no class of the functions module; "
                        + "a Lambda error is the thrown exception's fully qualified class name");
    }

    @Test
    void errorNamedBySimpleName_isNoExceptionClass() throws IOException {
        DeploymentContract broken = copy(t -> t, a -> replace(a, "\"dev.dmig.plan.PlanInvalidException\"", "\"PlanInvalidException\""));

        assertThat(broken.errorProblems()).containsExactly("error PlanInvalidException (state Analyze) is the name of no class "
                + "of the functions module; a Lambda error is the thrown exception's fully qualified class name");
    }

    @Test
    void errorTheCodeNeverThrows_isNamed() throws IOException {
        Path noSources = Files.createDirectories(dir.resolve("empty-sources"));
        DeploymentContract broken = copy(t -> t, a -> a, noSources);

        assertThat(broken.errorProblems()).contains("error dev.dmig.migrate.ConflictsFoundException (state Analyze, TestRecords) is never "
                + "constructed in functions/src/main/java, so the state machine never sees it");
    }

    @Test
    void writeOnTheSourcePattern_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "          - Sid: NeverWriteSourceTables\n",
                "          - Sid: CopyBack\n"
                        + "            Effect: Allow\n"
                        + "            Action: dynamodb:PutItem\n"
                        + "            Resource: !Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*${SourceTableSuffix}\n"
                        + "          - Sid: NeverWriteSourceTables\n"), a -> a);

        assertThat(broken.iamProblems()).containsExactly("TargetWritePolicy statement CopyBack: allows dynamodb:PutItem on the "
                + "source tables (arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*${SourceTableSuffix})");
    }

    @Test
    void streamReadsBeyondWhatFollowingCalls_orOffTheSourceStreams_areRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "              - dynamodb:GetRecords\n            Resource: !Sub "
                + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*${SourceTableSuffix}/stream/*",
                "              - dynamodb:ListStreams\n            Resource: !Sub "
                + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*/stream/*"), a -> a);

        assertThat(broken.streamReadProblems()).containsExactly(
                "template.yaml SourceReadPolicy ReadSourceStreams: allows dynamodb:DescribeStream on "
                        + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*/stream/*; only the source "
                        + "tables' streams may be read",
                "template.yaml SourceReadPolicy ReadSourceStreams: allows dynamodb:GetShardIterator on "
                        + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*/stream/*; only the source "
                        + "tables' streams may be read",
                "template.yaml SourceReadPolicy ReadSourceStreams: allows dynamodb:ListStreams, which following never calls",
                "template.yaml SourceReadPolicy ReadSourceStreams: allows dynamodb:ListStreams on "
                        + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*/stream/*; only the source "
                        + "tables' streams may be read",
                "template.yaml FollowFunction: does not allow dynamodb:GetRecords on the source tables' streams, which "
                        + "following calls");
    }

    @Test
    void dataActionOnEveryResource_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "            Action: dynamodb:ListTables\n",
                "            Action: [dynamodb:ListTables, dynamodb:Scan]\n"), a -> a);

        assertThat(broken.iamProblems()).containsExactly("SourceReadPolicy statement ListTableNames: allows dynamodb:Scan on every "
                + "resource (*)");
    }

    @Test
    void writesWithoutTheSourceDeny_areRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "Sid: NeverWriteSourceTables\n            Effect: Deny",
                "Sid: NeverWriteSourceTables\n            Effect: Allow"), a -> a);

        assertThat(broken.iamProblems()).containsExactly(
                "TargetWritePolicy statement NeverWriteSourceTables: allows dynamodb:BatchWriteItem, dynamodb:PutItem, "
                        + "dynamodb:DeleteItem, dynamodb:UpdateItem on the source tables (arn:${AWS::Partition}:dynamodb:"
                        + "${AWS::Region}:${AWS::AccountId}:table/*${SourceTableSuffix})",
                "TargetWritePolicy: allows table writes without a Deny of writes on the source tables beside them");
    }

    @Test
    void samPolicyTemplate_isRefusedAsUncheckable() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "        - !Ref ArtifactsPolicy\n\n  SourceReadPolicy:",
                "        - !Ref ArtifactsPolicy\n"
                        + "        - DynamoDBCrudPolicy:\n"
                        + "            TableName: !Sub Contacts${SourceTableSuffix}\n\n"
                        + "  SourceReadPolicy:"), a -> a);

        assertThat(broken.iamProblems()).containsExactly(
                "FinalizeFunction: SAM policy template [DynamoDBCrudPolicy] hides its actions from this check; write its statements out");
    }

    @Test
    void environmentVariableNoCodeReads_isNamed() throws IOException {
        DeploymentContract.assumeTheBuildReadsEveryVariable();
        DeploymentContract broken = copy(t -> replace(t, "DMIG_SAFETY_MARGIN_MS: \"60000\"", "DMIG_SAFETY_MARGIN: \"60000\""), a -> a);

        assertThat(broken.environmentProblems()).hasSize(8)
                .allMatch(p -> p.contains(": environment variable DMIG_SAFETY_MARGIN is read by no code"));
    }

    @Test
    void safetyMarginAsLongAsTheTimeout_isNamed() throws IOException {
        DeploymentContract.assumeTheBuildReadsEveryVariable();
        DeploymentContract broken = copy(t -> replace(t, "DMIG_SAFETY_MARGIN_MS: \"60000\"", "DMIG_SAFETY_MARGIN_MS: \"120000\""), a -> a);

        assertThat(broken.environmentProblems()).containsExactlyInAnyOrder(
                "RecoverFunction: DMIG_SAFETY_MARGIN_MS 120000 leaves no time budget in a 120 s timeout: the step would return at "
                        + "once and loop for ever",
                "FinalizeFunction: DMIG_SAFETY_MARGIN_MS 120000 leaves no time budget in a 120 s timeout: the step would return at "
                        + "once and loop for ever");
    }

    @Test
    void functionsWithoutTheTargetRole_areNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "        DMIG_TARGET_ROLE_ARN: !Ref TargetRoleArn\n", ""), a -> a);

        assertThat(broken.roleVariableProblems()).hasSize(8).contains("AnalyzeFunction: DMIG_TARGET_ROLE_ARN is not set; the "
                + "function could not refuse a plan whose roleArn is not the deployed TargetRoleArn");
    }

    @Test
    void assumeRoleOnEveryRole_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "              Resource: !Ref TargetRoleArn\n",
                "              Resource: \"*\"\n"), a -> a);

        assertThat(broken.assumeRoleProblems()).containsExactly(
                "TargetReadPolicy statement AssumeTargetRole: allows sts:AssumeRole on *; only ${SourceRoleArn} and "
                        + "${TargetRoleArn} may be assumed",
                "template.yaml: no policy allows sts:AssumeRole on ${TargetRoleArn}: the functions could not reach that side "
                        + "in another account");
    }

    @Test
    void assumeRoleUnderAnotherParametersCondition_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "            - HasSourceRole\n", "            - HasTargetRole\n"), a -> a);

        assertThat(broken.assumeRoleProblems()).containsExactly(
                "SourceReadPolicy statement AssumeSourceRole: allows sts:AssumeRole on ${SourceRoleArn} outside an Fn::If on "
                        + "SourceRoleArn: with SourceRoleArn empty the policy would be invalid",
                "template.yaml: no policy allows sts:AssumeRole on ${SourceRoleArn}: the functions could not reach that side "
                        + "in another account");
    }

    @Test
    void sourceRoleThatWrites_isRefused() throws IOException {
        Path role = sourceRole(r -> replace(r, "                  - dynamodb:BatchGetItem\n",
                "                  - dynamodb:BatchGetItem\n                  - dynamodb:PutItem\n"
                        + "                  - dynamodb:TransactWriteItems\n                  - dynamodb:Restore*\n"));

        assertThat(copy(t -> t, a -> a).sourceRoleProblems(role)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: allows the write dynamodb:PutItem "
                        + "on the source account's tables",
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: allows the write "
                        + "dynamodb:TransactWriteItems on the source account's tables",
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: wildcard action dynamodb:Restore* "
                        + "covers table writes");
    }

    @Test
    void sourceRoleWithoutARead_orBeyondTheSuffix_isRefused() throws IOException {
        String tables = "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*";
        Path role = sourceRole(r -> replace(replace(r, "                  - dynamodb:DescribeTimeToLive\n", ""),
                "                Resource: !Sub " + tables + "${SourceTableSuffix}\n", "                Resource:\n"
                        + "                  - !Sub " + tables + "${SourceTableSuffix}\n                  - !Sub " + tables + "\n"));

        assertThat(copy(t -> t, a -> a).sourceRoleProblems(role)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: allows dynamodb:DescribeTable on "
                        + "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*, which is not limited to the source suffix",
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: allows dynamodb:DescribeContinuousBackups "
                        + "on arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*, which is not limited to the source suffix",
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: allows dynamodb:Scan on "
                        + "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*, which is not limited to the source suffix",
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: allows dynamodb:Query on "
                        + "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*, which is not limited to the source suffix",
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: allows dynamodb:GetItem on "
                        + "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*, which is not limited to the source suffix",
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceTables: allows dynamodb:BatchGetItem on "
                        + "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*, which is not limited to the source suffix",
                "source-account-role.yaml: the role does not allow dynamodb:DescribeTimeToLive, which dmig's source side calls");
    }

    @Test
    void tablesReadWithoutTheirIndexes_orAnIndexWritten_isNamed() throws IOException {
        DeploymentContract noIndexes = copy(t -> replace(t, "              - dynamodb:Query\n            Resource: !Sub "
                + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*${TargetTableSuffix}/index/*\n",
                "            Resource: !Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*${TargetTableSuffix}"
                        + "/index/*\n"), a -> a);
        assertThat(noIndexes.indexReadProblems()).containsExactly("template.yaml TargetReadPolicy: allows dynamodb:Query on the "
                + "tables *${TargetTableSuffix} but not on their indexes (table/*${TargetTableSuffix}/index/*): a read through a GSI "
                + "would be refused");

        DeploymentContract written = copy(t -> replace(t, "              - dynamodb:Query\n            Resource: !Sub "
                + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*${SourceTableSuffix}/index/*\n",
                "              - dynamodb:Query\n              - dynamodb:PutItem\n            Resource:\n              - !Sub "
                        + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*${SourceTableSuffix}/index/*\n"
                        + "              - !Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*/index/*\n"),
                a -> a);
        assertThat(written.indexReadProblems()).containsExactly(
                "template.yaml SourceReadPolicy ReadSourceIndexes: allows dynamodb:Scan, dynamodb:Query, dynamodb:PutItem on "
                        + "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*/index/*; only the indexes of a "
                        + "side's tables (table/*${<side>TableSuffix}/index/*) may be read",
                "template.yaml SourceReadPolicy: allows dynamodb:PutItem on the indexes of the tables *${SourceTableSuffix}; an "
                        + "index is only read (dynamodb:Scan, dynamodb:Query)");
    }

    @Test
    void sourceRoleWithoutTheIndexes_isNamed_andDisagreesWithTheStack() throws IOException {
        Path role = sourceRole(r -> replace(r, "                  - dynamodb:Query\n                Resource: !Sub "
                + "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*${SourceTableSuffix}/index/*\n",
                "                Resource: !Sub arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/*${SourceTableSuffix}/index/*\n"));

        assertThat(copy(t -> t, a -> a).sourceRoleProblems(role)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1: allows dynamodb:Query on the tables *${SourceTableSuffix} but not "
                        + "on their indexes (table/*${SourceTableSuffix}/index/*): a read through a GSI would be refused",
                "source-account-role.yaml: allows [dynamodb:Scan] on the source tables' indexes where template.yaml allows "
                        + "[dynamodb:Query, dynamodb:Scan]: the functions read a source of another account through this role, so the "
                        + "two must grant the same");
    }

    @Test
    void samconfigWithAnotherTemplateOrAnAccount_isRefused() throws IOException {
        Path root = DeploymentContract.projectRoot();
        String text = Files.readString(root.resolve(DeploymentContract.SAMCONFIG));
        Path copy = dir.resolve(DeploymentContract.SAMCONFIG);
        Files.writeString(copy, replace(text, "[default.deploy.parameters]\ntemplate_file = \"infra/template.yaml\"",
                "[default.deploy.parameters]\ntemplate_file = \"template.yaml\"\ns3_bucket = \"deploys-123456789012\""));

        assertThat(copy(t -> t, a -> a).samConfigProblems(copy)).containsExactly(
                "samconfig.toml: [default.deploy.parameters] lacks template_file = \"infra/template.yaml\"",
                "samconfig.toml: names an account, credentials, a profile or a region: s3_bucket = \"deploys-123456789012");
    }

    @Test
    void itemListTheStateMachineMayNotRead_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "                - !Sub ${ArtifactsBucket.Arn}/runs/*/rollback/*/level-*.json\n", ""),
                a -> a);

        assertThat(broken.itemReaderProblems()).containsExactly("RunLayout.rollbackUnits (runs/*/rollback/*/level-*.json) is read "
                + "by an ItemReader with the state machine's role, but its policies do not allow s3:GetObject on it");
    }

    @Test
    void readingTheWholeBucket_isMoreThanItemReadersNeed() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "                - !Sub ${ArtifactsBucket.Arn}/runs/*/segments/*.json\n",
                "                - !Sub ${ArtifactsBucket.Arn}/*\n"), a -> a);

        assertThat(broken.itemReaderProblems()).containsExactly("the state machine's policies allow s3:GetObject on "
                + "${ArtifactsBucket.Arn}/*, which is no key RunLayout marks as an ItemReader's");
    }

    @Test
    void aBucketKeyTheStateMachineMayNotDecryptWith_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, """
                            - !If
                              - HasArtifactsKey
                              - Sid: DistributedMapItemListsKey
                                Effect: Allow
                                # An ItemReader decrypts the item list it reads from the bucket with the bucket's key.
                                Action: kms:Decrypt
                                Resource: !Ref ArtifactsKmsKeyArn
                              - !Ref AWS::NoValue
                """, ""), a -> a);

        assertThat(broken.itemReaderProblems()).containsExactly("the artifacts bucket is encrypted with ${ArtifactsKmsKeyArn} "
                + "but the state machine's policies do not allow kms:Decrypt on it: its ItemReaders could not read");
    }

    /** The scan follows a key through the methods that pass it on (SegmentUnits.handOver, WorkList.fanOut) to where it is built. */
    @Test
    void everyKeyTheFunctionsHandToAnItemReader_isFoundInTheSources() {
        List<ItemReaderKeys.HandOver> handOvers = ItemReaderKeys.handOvers(
                DeploymentContract.projectRoot().resolve(DeploymentContract.FUNCTIONS_SOURCES));

        assertThat(handOvers).extracting(ItemReaderKeys.HandOver::method).doesNotContainNull()
                .hasSameElementsAs(ItemReaderKeys.declared().keySet());
    }

    @Test
    void aKeyHandedToAnItemReader_thatRunLayoutDoesNotMark_isNamed() throws IOException {
        Path sources = dir.resolve("sources");
        Path units = Files.createDirectories(sources.resolve("dev/dmig/run")).resolve("SegmentUnits.java");
        Files.copy(DeploymentContract.projectRoot().resolve(DeploymentContract.FUNCTIONS_SOURCES).resolve("dev/dmig/run/SegmentUnits.java"),
                units);
        Files.writeString(sources.resolve("dev/dmig/run/Handing.java"), """
                package dev.dmig.run;

                final class Handing {
                    RunState.S3Object levels(ArtifactStore artifacts, String bucket, String runId, String execution) {
                        String key = RunLayout.rollbackLevels(runId, execution);
                        return SegmentUnits.handOver(artifacts, bucket, key, java.util.List.of());
                    }

                    RunState.S3Object elsewhere(String bucket, String key) {
                        return new RunState.S3Object(bucket, key.trim());
                    }
                }
                """);

        DeploymentContract broken = copy(t -> t, a -> a, sources);

        assertThat(broken.itemReaderProblems()).containsExactlyInAnyOrder(
                "functions/src/main/java/dev/dmig/run/Handing.java:6: hands RunLayout.rollbackLevels's key to an ItemReader, but "
                        + "RunLayout does not mark it @ItemReaderKey, so the state machine's policies are not checked for it",
                "functions/src/main/java/dev/dmig/run/Handing.java:10: hands an object to an ItemReader under a key no RunLayout "
                        + "method in that file builds");
    }

    @Test
    void aSecondPairUnderTheFirstStacksName_isRefused() throws IOException {
        Path root = DeploymentContract.projectRoot();
        String text = Files.readString(root.resolve(DeploymentContract.SAMCONFIG));
        Path copy = dir.resolve(DeploymentContract.SAMCONFIG);
        Files.writeString(copy, replace(text, "stack_name = \"dmig-pair2\"", "stack_name = \"dmig\""));

        assertThat(copy(t -> t, a -> a).samConfigProblems(copy)).containsExactly(
                "samconfig.toml: config envs default and pair2 both deploy stack \"dmig\": deploying one would update the other "
                        + "pair's stack");
    }

    @Test
    void definitionFromAnotherFile_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(t, "DefinitionUri: ../statemachine/migration.asl.json",
                "DefinitionUri: ../statemachine/other.asl.json"), a -> a);

        assertThat(broken.stateMachineProblems()).containsExactly("MigrationStateMachine: DefinitionUri "
                + "../statemachine/other.asl.json is not migration.asl.json, the definition the local executor runs");
    }

    @Test
    void listingEveryPool_orAWriteToAPool_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(t, "                Action: cognito-idp:ListUsers\n                Resource: !Sub\n"
                        + "                  - arn:${AWS::Partition}:cognito-idp:${PoolRegion}:${AWS::AccountId}:userpool/${TargetUserPoolId}\n"
                        + "                  - PoolRegion: !Select [0, !Split [\"_\", !Ref TargetUserPoolId]]\n",
                        "                Action: [cognito-idp:ListUsers, cognito-idp:AdminDeleteUser]\n                Resource: \"*\"\n"),
                "Action: cognito-idp:ListUsers\n                Resource: !Sub\n                  - arn:${AWS::Partition}:cognito-idp:${PoolRegion}:"
                        + "${AWS::AccountId}:userpool/${SourceUserPoolId}",
                "Action: cognito-idp:*\n                Resource: !Sub\n                  - arn:${AWS::Partition}:cognito-idp:${PoolRegion}:"
                        + "${AWS::AccountId}:userpool/${SourceUserPoolId}"), a -> a);

        assertThat(broken.userPoolProblems()).containsExactly(
                "AnalyzeFunction policy 4 statement ListSourceUsers: allows cognito-idp:* on the SourceUserPoolId pool; the "
                        + "source's pool is only read (cognito-idp:ListUsers)",
                "AnalyzeFunction policy 4 statement ListTargetUsers: allows cognito-idp:ListUsers on *; only the pools "
                        + "${SourceUserPoolId} and ${TargetUserPoolId} may be reached",
                "AnalyzeFunction policy 4 statement ListTargetUsers: allows cognito-idp:AdminDeleteUser on *; only the pools "
                        + "${SourceUserPoolId} and ${TargetUserPoolId} may be reached",
                "template.yaml: no policy allows cognito-idp:ListUsers on the SourceUserPoolId pool: Analyze could not build an "
                        + "identity map from it",
                "template.yaml: no policy allows cognito-idp:ListUsers on the TargetUserPoolId pool: Analyze could not build an "
                        + "identity map from it");
        assertThat(broken.iamProblems()).contains("AnalyzeFunction policy 4 statement ListSourceUsers: wildcard action cognito-idp:*",
                "AnalyzeFunction policy 4 statement ListTargetUsers: allows cognito-idp:ListUsers on every resource (*)");
    }

    @Test
    void aPoolGrantedWhenItsParameterIsEmpty_orToAnotherFunction_orNotToldToAnalyze_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(replace(t, "              - ReadsSourceUserPool\n", "              - HasAlarmAction\n"),
                "        DMIG_TARGET_USER_POOL_ID: !Ref TargetUserPoolId\n", ""),
                FOLLOW_POLICIES,
                FOLLOW_POLICIES
                        + "        - Statement:\n"
                        + "            - !If\n"
                        + "              - ReadsTargetUserPool\n"
                        + "              - Sid: FollowUsers\n"
                        + "                Effect: Allow\n"
                        + "                Action: cognito-idp:ListUsers\n"
                        + "                Resource: !Sub arn:${AWS::Partition}:cognito-idp:${PoolRegion}:${AWS::AccountId}:userpool/${TargetUserPoolId}\n"
                        + "              - !Ref AWS::NoValue\n"), a -> a);

        assertThat(broken.userPoolProblems()).containsExactly(
                "AnalyzeFunction policy 4 statement ListSourceUsers: allows cognito-idp:ListUsers on the SourceUserPoolId pool "
                        + "outside an Fn::If on SourceUserPoolId: with SourceUserPoolId empty the policy would name no pool",
                "FollowFunction policy 1 statement FollowUsers: allows cognito-idp:ListUsers, but only AnalyzeFunction, "
                        + "ValidateFunction, RollbackFunction call user pools",
                "template.yaml: no policy allows cognito-idp:ListUsers on the SourceUserPoolId pool: Analyze could not build an "
                        + "identity map from it",
                "AnalyzeFunction: DMIG_TARGET_USER_POOL_ID is not the parameter TargetUserPoolId; Analyze could not refuse a plan "
                        + "whose user pool is not the deployed one");
    }

    @Test
    void aWriteToTheSourcePool_maskedUsersOnAStackThatDoesNotMask_orARollbackThatCannotDeleteThem_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(replace(t,
                "              - ReadsSourceUserPool\n              - Sid: ListSourceUsers\n                Effect: Allow\n"
                        + "                Action: cognito-idp:ListUsers\n",
                "              - ReadsSourceUserPool\n              - Sid: ListSourceUsers\n                Effect: Allow\n"
                        + "                Action: [cognito-idp:ListUsers, cognito-idp:AdminDeleteUser]\n"),
                "              - WritesTargetUsers\n              - Sid: CreateMaskedUsers\n",
                "              - ReadsTargetUserPool\n              - Sid: CreateMaskedUsers\n"),
                "                  - cognito-idp:ListUsers\n                  - cognito-idp:AdminDeleteUser\n",
                "                  - cognito-idp:ListUsers\n"), a -> a);

        assertThat(broken.userPoolProblems()).containsExactly(
                "AnalyzeFunction policy 4 statement ListSourceUsers: allows cognito-idp:AdminDeleteUser on the SourceUserPoolId "
                        + "pool; the source's pool is only read (cognito-idp:ListUsers)",
                "AnalyzeFunction policy 4 statement CreateMaskedUsers: allows cognito-idp:DescribeUserPool on the TargetUserPoolId "
                        + "pool outside an Fn::If on MaskKeySecretArn: a stack that does not mask would write to the pool",
                "AnalyzeFunction policy 4 statement CreateMaskedUsers: allows cognito-idp:AdminCreateUser on the TargetUserPoolId "
                        + "pool outside an Fn::If on MaskKeySecretArn: a stack that does not mask would write to the pool",
                "AnalyzeFunction policy 4 statement CreateMaskedUsers: allows cognito-idp:AdminDeleteUser on the TargetUserPoolId "
                        + "pool outside an Fn::If on MaskKeySecretArn: a stack that does not mask would write to the pool",
                "template.yaml: AnalyzeFunction is not allowed cognito-idp:DescribeUserPool on the TargetUserPoolId pool: a masked "
                        + "run could not tell what the pool signs its users in with",
                "template.yaml: AnalyzeFunction is not allowed cognito-idp:AdminCreateUser on the TargetUserPoolId pool: a masked "
                        + "run could not put its users there",
                "template.yaml: AnalyzeFunction is not allowed cognito-idp:AdminDeleteUser on the TargetUserPoolId pool: a masked "
                        + "run refused before it writes could not delete the users it created",
                "template.yaml: RollbackFunction is not allowed cognito-idp:AdminDeleteUser on the TargetUserPoolId pool: a masked "
                        + "run's rollback could not delete its users");
    }

    @Test
    void theMaskingKeysSecret_missing_toldToAFunctionThatDoesNotMask_orNotToOneThatDoes_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(replace(t,
                "  MaskKeySecretArn:\n    Type: String\n", "  MaskKeySecret:\n    Type: String\n"),
                "      Handler: dev.dmig.handler.FollowHandler::handleRequest\n      Environment:\n        Variables:\n"
                        + "          DMIG_MASK_KEY_SECRET_ARN: !Ref MaskKeySecretArn\n      Policies:\n",
                "      Handler: dev.dmig.handler.FollowHandler::handleRequest\n      Policies:\n"),
                "      Handler: dev.dmig.handler.RollbackHandler::handleRequest\n      Policies:\n",
                "      Handler: dev.dmig.handler.RollbackHandler::handleRequest\n      Environment:\n        Variables:\n"
                        + "          DMIG_MASK_KEY_SECRET_ARN: !Ref MaskKeySecretArn\n      Policies:\n"
                        + "        - !If [HasMaskKeySecret, !Ref MaskKeyPolicy, !Ref AWS::NoValue]\n"), a -> a);

        assertThat(broken.maskKeyProblems()).containsExactly(
                "template.yaml: no parameter MaskKeySecretArn with an empty default: a masked run could not be given its key, or "
                        + "every stack would be given one",
                "FollowFunction: DMIG_MASK_KEY_SECRET_ARN is not the parameter MaskKeySecretArn: a masked run would be refused "
                        + "there for want of its key",
                "RollbackFunction: is told DMIG_MASK_KEY_SECRET_ARN, but it masks nothing: only the functions that mask may know "
                        + "the masking key's secret",
                "RollbackFunction statement ReadMaskKey: allows secretsmanager:GetSecretValue, but only AnalyzeFunction, "
                        + "FollowFunction, MigrateSegmentFunction, TestRecordsFunction, ValidateFunction read the masking key",
                "RollbackFunction statement MaskKeySecretKey: allows kms:Decrypt with ${MaskKeySecretKmsKeyArn}; only the functions "
                        + "that mask decrypt the masking key's secret with it (kms:Decrypt)");
    }

    @Test
    void theMaskingKeysSecretReadBeyondItself_orItsKeyOutsideSecretsManager_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(replace(t,
                "            Action: secretsmanager:GetSecretValue\n            Resource: !Ref MaskKeySecretArn\n",
                "            Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]\n            Resource: \"*\"\n"),
                "              Resource: !Ref MaskKeySecretKmsKeyArn\n              Condition:\n                StringLike:\n"
                        + "                  kms:ViaService: !Sub secretsmanager.*.${AWS::URLSuffix}\n",
                "              Resource: !Ref MaskKeySecretKmsKeyArn\n"),
                "            - UsesMaskKeySecretKey\n", "            - HasMaskKeySecret\n"), a -> a);

        List<String> problems = broken.maskKeyProblems();
        assertThat(problems).hasSize(25).contains(
                "ValidateFunction statement ReadMaskKey: allows secretsmanager:GetSecretValue on *; only the secret MaskKeySecretArn "
                        + "names may be read",
                "ValidateFunction statement ReadMaskKey: allows secretsmanager:DescribeSecret; the functions read the masking key's "
                        + "secret (secretsmanager:GetSecretValue) and nothing else of Secrets Manager",
                "ValidateFunction: is not allowed secretsmanager:GetSecretValue on ${MaskKeySecretArn}: a masked run would be refused "
                        + "there for want of its key",
                "ValidateFunction statement MaskKeySecretKey: allows kms:Decrypt with ${MaskKeySecretKmsKeyArn} outside Secrets "
                        + "Manager (no kms:ViaService secretsmanager.*): the key would decrypt anything it protects",
                "ValidateFunction: is not allowed kms:Decrypt with ${MaskKeySecretKmsKeyArn}: a secret under that key could not be "
                        + "read there");
        assertThat(broken.iamProblems()).contains("MaskKeyPolicy statement ReadMaskKey: allows secretsmanager:GetSecretValue on every "
                + "resource (*)");
    }

    @Test
    void sourceRoleListingEveryPool_orNone_isRefused() throws IOException {
        Path everyPool = sourceRole(r -> replace(r, "                    - arn:${AWS::Partition}:cognito-idp:${PoolRegion}:${AWS::AccountId}:"
                + "userpool/${SourceUserPoolId}", "                    - arn:${AWS::Partition}:cognito-idp:${PoolRegion}:${AWS::AccountId}:userpool/*"));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(everyPool)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ListSourceUsers: allows cognito-idp:ListUsers on "
                        + "arn:${AWS::Partition}:cognito-idp:${PoolRegion}:${AWS::AccountId}:userpool/*; only the ${SourceUserPoolId} "
                        + "pool may be read",
                "source-account-role.yaml: the role does not allow cognito-idp:ListUsers on the SourceUserPoolId pool, which dmig's "
                        + "source side calls to build an identity map");

        Path writing = sourceRole(r -> replace(r, "                  Action: cognito-idp:ListUsers\n",
                "                  Action: [cognito-idp:ListUsers, cognito-idp:AdminUpdateUserAttributes]\n"));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(writing)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ListSourceUsers: allows "
                        + "cognito-idp:AdminUpdateUserAttributes; the source role needs DynamoDB reads, cognito-idp:ListUsers, reads "
                        + "of the SourceStorageBucket (with its key), of the deployed backend and of the AppSync API's data sources only");
    }

    @Test
    void writingTheSourceBucket_orAnotherBucket_orWithoutTheDeny_isRefused() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(t,
                        "              Action: s3:ListBucket\n              Resource: !Sub arn:${AWS::Partition}:s3:::${SourceStorageBucket}\n",
                        "              Action: [s3:ListBucket, s3:PutObject]\n              Resource: !Sub arn:${AWS::Partition}:s3:::${SourceStorageBucket}\n"),
                "                - s3:AbortMultipartUpload\n              Resource: !Sub arn:${AWS::Partition}:s3:::${TargetStorageBucket}/*\n",
                "                - s3:AbortMultipartUpload\n              Resource: arn:aws:s3:::someone-elses-bucket/*\n"), a -> a);

        assertThat(broken.storageProblems()).containsExactly(
                "SourceReadPolicy statement ListSourceBucket: allows s3:PutObject on the SourceStorageBucket; dmig only reads the source bucket",
                "TargetWritePolicy statement WriteTargetObjects: allows s3:PutObject, s3:AbortMultipartUpload on "
                        + "arn:aws:s3:::someone-elses-bucket/*; only the artifacts bucket and the buckets "
                        + "${SourceStorageBucket} and ${TargetStorageBucket} may be reached");
        DeploymentContract noDeny = copy(t -> replace(t, "                - s3:Put*\n", ""), a -> a);
        assertThat(noDeny.storageProblems()).containsExactly(
                "TargetWritePolicy: allows writes on the TargetStorageBucket without a Deny of object writes on the "
                        + "SourceStorageBucket beside them",
                "TargetObjectDeletePolicy: allows writes on the TargetStorageBucket without a Deny of object writes on the "
                        + "SourceStorageBucket beside them");
    }

    @Test
    void aBucketGrantedWhenItsParameterIsEmpty_orNotToldToTheFunctions_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(t, "            - WritesTargetStorageBucket\n            - Sid: ReadTargetObjects\n",
                "            - HasAlarmAction\n            - Sid: ReadTargetObjects\n"),
                "        DMIG_SOURCE_STORAGE_BUCKET: !Ref SourceStorageBucket\n", ""), a -> a);

        assertThat(broken.storageProblems()).contains(
                "TargetReadPolicy statement ReadTargetObjects: allows s3:GetObject, s3:GetObjectVersion on the TargetStorageBucket "
                        + "outside an Fn::If on TargetStorageBucket: with TargetStorageBucket empty the policy would name no bucket",
                "AnalyzeFunction: DMIG_SOURCE_STORAGE_BUCKET is not the parameter SourceStorageBucket; the function could not refuse "
                        + "a plan whose Storage bucket is not the deployed one");
    }

    @Test
    void sourceRoleWritingTheBucket_orReadingNone_isRefused() throws IOException {
        Path writing = sourceRole(r -> replace(r, "                    - s3:GetObjectVersion\n",
                "                    - s3:GetObjectVersion\n                    - s3:DeleteObject\n"));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(writing)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceObjects: allows s3:DeleteObject; the source "
                        + "role needs DynamoDB reads, cognito-idp:ListUsers, reads of the SourceStorageBucket (with its key), of the deployed backend and of the AppSync API's data sources only");
        Path everyBucket = sourceRole(r -> replace(r, "                  Resource: !Sub arn:${AWS::Partition}:s3:::${SourceStorageBucket}/*\n",
                "                  Resource: arn:aws:s3:::*/*\n"));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(everyBucket)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceObjects: allows s3:GetObject on arn:aws:s3:::*/*; "
                        + "only arn:${AWS::Partition}:s3:::${SourceStorageBucket}/* may be read",
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceObjects: allows s3:GetObjectVersion on "
                        + "arn:aws:s3:::*/*; only arn:${AWS::Partition}:s3:::${SourceStorageBucket}/* may be read",
                "source-account-role.yaml: the role does not allow s3:GetObject on the SourceStorageBucket, which dmig's source side "
                        + "calls to copy the records' files",
                "source-account-role.yaml: the role does not allow s3:GetObjectVersion on the SourceStorageBucket, which dmig's "
                        + "source side calls to copy the records' files");
    }

    @Test
    void sourceRoleReadingMoreOfTheDeploymentBucketThanItsDeployedBackend_orNothingOfIt_isRefused() throws IOException {
        String grant = "                  Resource: !Sub \"arn:${AWS::Partition}:s3:::${SourceDeploymentBucket}/#current-cloud-backend.zip\"\n";
        Path everyObject = sourceRole(r -> replace(r, grant, grant.replace("/#current-cloud-backend.zip", "/*")));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(everyObject)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceDeployment: allows s3:GetObject on "
                        + "arn:${AWS::Partition}:s3:::${SourceDeploymentBucket}/*; only arn:${AWS::Partition}:s3:::${SourceStorageBucket}/* "
                        + "may be read",
                "source-account-role.yaml: the role does not allow s3:GetObject on " + DeploymentContract.DEPLOYED_BACKEND
                        + ", which dmig infer --amplify reads for the source environment's tables, pool and bucket");
        Path anyAccount = sourceRole(r -> replace(r, grant + "                  Condition:\n                    StringEquals:\n"
                + "                      s3:ResourceAccount: !Ref AWS::AccountId\n", grant));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(anyAccount)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ReadSourceDeployment: allows s3:GetObject on the "
                        + "SourceDeploymentBucket without StringEquals s3:ResourceAccount ${AWS::AccountId}: a bucket of that name in "
                        + "another account would be read");
    }

    @Test
    void sourceRoleListingEveryApisDataSources_orNoApis_orWhenItsParameterIsEmpty_isRefused() throws IOException {
        String grant = "                  Resource: !Sub arn:${AWS::Partition}:appsync:*:${AWS::AccountId}:apis/${SourceAppSyncApiId}\n";
        Path everyApi = sourceRole(r -> replace(r, grant, grant.replace("/${SourceAppSyncApiId}", "/*")));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(everyApi)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ListSourceDataSources: allows appsync:ListDataSources on "
                        + "arn:${AWS::Partition}:appsync:*:${AWS::AccountId}:apis/*; only " + DeploymentContract.SOURCE_API
                        + " may be listed",
                "source-account-role.yaml: the role does not allow appsync:ListDataSources on " + DeploymentContract.SOURCE_API
                        + ", which dmig infer --from-outputs calls for the source branch's API and tables");
        Path noListing = sourceRole(r -> replace(r, "                  Action: appsync:ListGraphqlApis\n",
                "                  Action: appsync:GetGraphqlApi\n"));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(noListing)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ListSourceApis: allows appsync:GetGraphqlApi; the source "
                        + "role needs DynamoDB reads, cognito-idp:ListUsers, reads of the SourceStorageBucket (with its key), of the "
                        + "deployed backend and of the AppSync API's data sources only",
                "source-account-role.yaml: the role does not allow appsync:ListGraphqlApis, which dmig infer --from-outputs calls "
                        + "for the source branch's API and tables");
        Path unguarded = sourceRole(r -> replace(r, "                - HasAppSyncApi\n                - Sid: ListSourceDataSources\n",
                "                - HasDeploymentBucket\n                - Sid: ListSourceDataSources\n"));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(unguarded)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ListSourceDataSources: allows appsync:ListDataSources "
                        + "outside an Fn::If on SourceAppSyncApiId: with SourceAppSyncApiId empty the role would list AppSync for no API",
                "source-account-role.yaml: the role does not allow appsync:ListDataSources on " + DeploymentContract.SOURCE_API
                        + ", which dmig infer --from-outputs calls for the source branch's API and tables");
    }

    @Test
    void aDeleteOfTargetObjects_byAStepThatCopies_orNoneForTheRollback_isNamed() throws IOException {
        DeploymentContract copiersDelete = copy(t -> replace(t, "                - s3:PutObject\n                # A copy above 5 GB",
                "                - s3:PutObject\n                - s3:Delete*\n                # A copy above 5 GB"), a -> a);

        assertThat(copiersDelete.objectDeleteProblems()).containsExactly(
                "FollowFunction: may s3:DeleteObject, s3:DeleteObjectVersion on the TargetStorageBucket's objects; only "
                        + "RollbackFunction deletes there (a rollback undoing its run)",
                "MigrateSegmentFunction: may s3:DeleteObject, s3:DeleteObjectVersion on the TargetStorageBucket's objects; only "
                        + "RollbackFunction deletes there (a rollback undoing its run)",
                "TestRecordsFunction: may s3:DeleteObject, s3:DeleteObjectVersion on the TargetStorageBucket's objects; only "
                        + "RollbackFunction deletes there (a rollback undoing its run)");
        DeploymentContract rollbackCannot = copy(t -> replace(t, "        - !Ref TargetObjectDeletePolicy\n", ""), a -> a);
        assertThat(rollbackCannot.objectDeleteProblems()).containsExactly("RollbackFunction: may not s3:DeleteObject, "
                + "s3:DeleteObjectVersion on the TargetStorageBucket's objects: a rollback could not delete what its run created there");
    }

    @Test
    void aStorageBucketGrantInAnyAccount_orAnOwnerTheFunctionsAreNotTold_isNamed() throws IOException {
        String owner = "              Condition:\n                StringEquals:\n                  s3:ResourceAccount: !If "
                + "[HasSourceStorageBucketOwner, !Ref SourceStorageBucketOwner, !Ref AWS::AccountId]\n";
        DeploymentContract broken = copy(t -> replace(replace(t,
                        "              Action: s3:ListBucket\n              Resource: !Sub arn:${AWS::Partition}:s3:::${SourceStorageBucket}\n" + owner,
                        "              Action: s3:ListBucket\n              Resource: !Sub arn:${AWS::Partition}:s3:::${SourceStorageBucket}\n"),
                "                  s3:ResourceAccount: !If [HasTargetStorageBucketOwner, !Ref TargetStorageBucketOwner, !Ref AWS::AccountId]\n"
                        + "            - !Ref AWS::NoValue\n          # An SSE-KMS target bucket: each object",
                "                  s3:ResourceAccount: !Ref AWS::AccountId\n"
                        + "            - !Ref AWS::NoValue\n          # An SSE-KMS target bucket: each object")
                .replace("          - !If [HasTargetRole, !Select [4, !Split [\":\", !Sub \"${TargetRoleArn}:::::\"]], !Ref AWS::AccountId]\n",
                        "          - !Ref AWS::AccountId\n"), a -> a);

        List<String> problems = broken.bucketOwnerProblems();
        assertThat(problems).hasSize(10).contains(
                "SourceReadPolicy statement ListSourceBucket: allows s3:ListBucket on the SourceStorageBucket without a StringEquals "
                        + "s3:ResourceAccount condition: a bucket of that name in another account would be reached",
                "TargetWritePolicy statement WriteTargetObjects: s3:ResourceAccount is {Ref=AWS::AccountId}, not "
                        + "{Fn::If=[HasTargetStorageBucketOwner, {Ref=TargetStorageBucketOwner}, {Ref=AWS::AccountId}]}",
                "RollbackFunction: DMIG_TARGET_STORAGE_BUCKET_OWNER is {Fn::If=[HasTargetStorageBucketOwner, "
                        + "{Ref=TargetStorageBucketOwner}, {Ref=AWS::AccountId}]}, not TargetStorageBucketOwner, else the account of "
                        + "TargetRoleArn, else this stack's: the function could not name the TargetStorageBucket's owner");

        Path anyAccount = sourceRole(r -> replace(r, "                  Action: s3:ListBucket\n                  Resource: !Sub "
                + "arn:${AWS::Partition}:s3:::${SourceStorageBucket}\n                  Condition:\n                    StringEquals:\n"
                + "                      s3:ResourceAccount: !Ref AWS::AccountId\n", "                  Action: s3:ListBucket\n"
                + "                  Resource: !Sub arn:${AWS::Partition}:s3:::${SourceStorageBucket}\n"));
        assertThat(copy(t -> t, a -> a).sourceRoleProblems(anyAccount)).containsExactly(
                "source-account-role.yaml SourceReadRole policy 1 statement ListSourceBucket: allows s3:ListBucket on the "
                        + "SourceStorageBucket without StringEquals s3:ResourceAccount ${AWS::AccountId}: a bucket of that name in "
                        + "another account would be read");
    }

    @Test
    void anSseKmsBucketsKey_missingForAStepThatWrites_orUsableOutsideS3_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(t, """
                          # An SSE-KMS target bucket: each object written gets a data key of its key, through S3 only.
                          - !If
                            - UsesTargetStorageKey
                            - Sid: TargetStorageKeyEncrypt
                              Effect: Allow
                              Action: kms:GenerateDataKey
                              Resource: !Ref TargetStorageKmsKeyArn
                              Condition:
                                StringLike:
                                  kms:ViaService: !Sub s3.*.${AWS::URLSuffix}
                            - !Ref AWS::NoValue
                """, ""), """
                            - Sid: SourceStorageKey
                              Effect: Allow
                              Action: kms:Decrypt
                              Resource: !Ref SourceStorageKmsKeyArn
                              Condition:
                                StringLike:
                                  kms:ViaService: !Sub s3.*.${AWS::URLSuffix}
                """, """
                            - Sid: SourceStorageKey
                              Effect: Allow
                              Action: [kms:Decrypt, kms:Encrypt]
                              Resource: !Ref SourceStorageKmsKeyArn
                """), a -> a);

        assertThat(broken.storageKeyProblems()).contains(
                "AnalyzeFunction statement SourceStorageKey: allows kms:Encrypt with ${SourceStorageKmsKeyArn}; the "
                        + "SourceStorageBucket's objects need only kms:Decrypt",
                "AnalyzeFunction statement SourceStorageKey: allows KMS actions with ${SourceStorageKmsKeyArn} without a "
                        + "kms:ViaService condition: the key would serve more than S3's reads and writes of the bucket",
                "AnalyzeFunction: reaches the Storage bucket's objects but may not kms:Decrypt with ${SourceStorageKmsKeyArn}: an "
                        + "SSE-KMS bucket's objects could not be read",
                "MigrateSegmentFunction: reaches the Storage bucket's objects but may not kms:GenerateDataKey with "
                        + "${TargetStorageKmsKeyArn}: an SSE-KMS bucket's objects could not be written",
                "RollbackFunction: reaches the Storage bucket's objects but may not kms:GenerateDataKey with "
                        + "${TargetStorageKmsKeyArn}: an SSE-KMS bucket's objects could not be written");
    }

    @Test
    void runsWritableByOthers_orAFunctionLockedOutOfThem_isNamed() throws IOException {
        DeploymentContract open = copy(t -> replace(t, "          - Sid: RunsWrittenByTheFunctionsOnly\n            Effect: Deny\n",
                "          - Sid: RunsWrittenByTheFunctionsOnly\n            Effect: Allow\n"), a -> a);
        assertThat(open.runsWriteProblems()).containsExactly("template.yaml: the artifacts bucket's policy does not deny "
                + "s3:PutObject, s3:DeleteObject, s3:DeleteObjectVersion on ${ArtifactsBucket.Arn}/runs/* to every principal but the "
                + "functions: whoever in the account may put objects could rewrite a run's journal, and with it what a rollback deletes");

        DeploymentContract lockedOut = copy(t -> replace(t, "                  - !GetAtt FinalizeFunctionRole.Arn\n",
                "                  - !GetAtt MigrationStateMachineRole.Arn\n"), a -> a);
        assertThat(lockedOut.runsWriteProblems()).containsExactly(
                "ArtifactsBucket policy statement RunsWrittenByTheFunctionsOnly: denies ${FinalizeFunctionRole.Arn}, whose function "
                        + "writes the run's artifacts",
                "ArtifactsBucket policy statement RunsWrittenByTheFunctionsOnly: exempts ${MigrationStateMachineRole.Arn}, which is "
                        + "no role of a function that writes the run's artifacts");
    }

    @Test
    void anArtifactsBucketReachedAnywhere_itsKeyBeyondS3_orItsLifecycleOpen_isNamed() throws IOException {
        DeploymentContract broken = copy(t -> replace(replace(replace(replace(t,
                "              - s3:AbortMultipartUpload\n            Resource: !Sub ${ArtifactsBucket.Arn}/*\n            Condition:\n"
                        + "              StringEquals:\n                s3:ResourceAccount: !Ref AWS::AccountId\n",
                "              - s3:AbortMultipartUpload\n            Resource: !Sub ${ArtifactsBucket.Arn}/*\n"),
                "              Condition:\n                StringEquals:\n                  kms:ViaService: !Sub s3.${AWS::Region}.${AWS::URLSuffix}\n",
                ""),
                "        DMIG_BUCKET_OWNER: !Ref AWS::AccountId\n", ""),
                "              - s3:PutLifecycleConfiguration\n              - s3:PutBucketVersioning\n",
                "              - s3:PutBucketVersioning\n"), a -> a);

        assertThat(broken.artifactsHardeningProblems()).containsExactly(
                "ArtifactsPolicy statement ReadWriteArtifacts: allows s3:GetObject, s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload"
                        + " on the artifacts bucket without StringEquals s3:ResourceAccount of this account: a bucket of its name in"
                        + " another account would be reached",
                "ArtifactsPolicy statement ArtifactsKey: allows kms:Decrypt, kms:GenerateDataKey with ${ArtifactsKmsKeyArn} without a"
                        + " kms:ViaService condition: the key would serve more than S3's reads and writes of the artifacts",
                "template.yaml: the functions' DMIG_BUCKET_OWNER is null, not this account: their requests would not name the"
                        + " artifacts bucket's owner",
                "template.yaml: the artifacts bucket's policy does not deny s3:PutLifecycleConfiguration and s3:PutBucketVersioning"
                        + " to others than the stack: a rule could expire the journals under runs/ a rollback reads");
    }

    private DeploymentContract copy(Function<String, String> template, Function<String, String> asl) throws IOException {
        return copy(template, asl, DeploymentContract.projectRoot().resolve(DeploymentContract.FUNCTIONS_SOURCES));
    }

    /** Copies keep the project's layout, so the template's relative DefinitionUri still finds the ASL copy. */
    private DeploymentContract copy(Function<String, String> template, Function<String, String> asl, Path sources)
            throws IOException {
        Path root = DeploymentContract.projectRoot();
        Path aslCopy = dir.resolve(DeploymentContract.ASL);
        Path templateCopy = dir.resolve(DeploymentContract.TEMPLATE);
        Files.createDirectories(aslCopy.getParent());
        Files.createDirectories(templateCopy.getParent());
        Files.writeString(aslCopy, asl.apply(Files.readString(root.resolve(DeploymentContract.ASL))));
        Files.writeString(templateCopy, template.apply(Files.readString(root.resolve(DeploymentContract.TEMPLATE))));
        return new DeploymentContract(aslCopy, templateCopy, sources);
    }

    /** A copy of the source account's role template, edited. */
    private Path sourceRole(Function<String, String> edit) throws IOException {
        Path copy = dir.resolve(DeploymentContract.SOURCE_ROLE_TEMPLATE);
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, edit.apply(Files.readString(DeploymentContract.projectRoot().resolve(DeploymentContract.SOURCE_ROLE_TEMPLATE))));
        return copy;
    }

    /** Replaces text that must be there, so a test can never pass because its edit missed. */
    private static String replace(String text, String from, String to) {
        assertThat(text).as("the text to break").contains(from);
        return text.replace(from, to);
    }
}
