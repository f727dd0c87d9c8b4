package dev.dmig.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The state machine file, the SAM template and the functions module agree: a drift between them
 * fails the build here instead of in a deployment or an execution. {@link DeploymentContractBitesTest}
 * shows that each check fails when its link is broken.
 */
class DeploymentContractTest {
    private final DeploymentContract contract = DeploymentContract.ofProject();

    @Test
    void stateMachine_isDefinedByTheFileTheLocalExecutorRuns() {
        assertThat(contract.stateMachineProblems()).isEmpty();
    }

    @Test
    void placeholders_equalTheTemplatesDefinitionSubstitutions() {
        assertThat(contract.placeholderProblems()).isEmpty();
    }

    @Test
    void everyHandler_isARequestHandlerOfTheFunctionsJar() {
        assertThat(contract.handlerProblems()).isEmpty();
    }

    @Test
    void everyTaskResource_isAFunctionTheStateMachineMayInvoke() {
        assertThat(contract.taskResourceProblems()).isEmpty();
    }

    @Test
    void everyCustomErrorMatched_isAnExceptionTheFunctionsThrow() {
        assertThat(contract.errorProblems()).isEmpty();
    }

    @Test
    void iam_neverWritesSourceTables_andNeverGrantsDataActionsOnEverything() {
        assertThat(contract.iamProblems()).isEmpty();
    }

    @Test
    void everyPolicyThatReadsASidesTables_readsTheirIndexes_andOnlyReadsThem() {
        assertThat(contract.indexReadProblems()).isEmpty();
    }

    @Test
    void everyEnvironmentVariable_isReadByTheCode_andTheMarginLeavesATimeBudget() {
        DeploymentContract.assumeTheBuildReadsEveryVariable();
        assertThat(contract.environmentProblems()).isEmpty();
    }

    @Test
    void everyFunction_isToldEachSidesDeployedRole() {
        assertThat(contract.roleVariableProblems()).isEmpty();
    }

    @Test
    void assumeRole_onlyOnTheTwoRoleParameters_andOnlyWhenSet() {
        assertThat(contract.assumeRoleProblems()).isEmpty();
    }

    @Test
    void sourceAccountRole_onlyReads_andAllowsEveryReadOfTheSourceSide() {
        assertThat(contract.sourceRoleProblems(DeploymentContract.projectRoot().resolve(DeploymentContract.SOURCE_ROLE_TEMPLATE)))
                .isEmpty();
    }

    @Test
    void everyObjectAnItemReaderReads_theStateMachineMayRead_andNoOther() {
        assertThat(contract.itemReaderProblems()).isEmpty();
    }

    @Test
    void userPools_onlyTheParameterPools_theSourcesOnlyListed_theMaskedUsersWrittenOnlyOnAStackThatMasks() {
        assertThat(contract.userPoolProblems()).isEmpty();
    }

    @Test
    void maskingKeysSecret_toldToAndReadableByTheFunctionsThatMask_only() {
        assertThat(contract.maskKeyProblems()).isEmpty();
    }

    @Test
    void storage_neverWritesTheSourceBucket_andReachesOnlyTheTwoParameterBuckets() {
        assertThat(contract.storageProblems()).isEmpty();
    }

    @Test
    void targetObjects_deletedByTheRollbackAlone_notByTheStepsThatCopy() {
        assertThat(contract.objectDeleteProblems()).isEmpty();
    }

    @Test
    void everyStorageBucketGrant_holdsOnlyInTheBucketOwnersAccount() {
        assertThat(contract.bucketOwnerProblems()).isEmpty();
    }

    @Test
    void sseKmsStorageBuckets_theirKeysThroughS3ForTheFunctionsThatReadOrWriteTheirObjects() {
        assertThat(contract.storageKeyProblems()).isEmpty();
    }

    @Test
    void runs_writtenOnlyByTheFunctions_whateverElseTheAccountAllows() {
        assertThat(contract.runsWriteProblems()).isEmpty();
    }

    @Test
    void artifactsBucket_reachedInThisAccountOnly_itsKeyThroughS3_itsLifecycleAndVersioningByTheStackOnly() {
        assertThat(contract.artifactsHardeningProblems()).isEmpty();
    }

    @Test
    void everyFunction_logsInLambdasJsonFormat() {
        assertThat(contract.loggingProblems()).isEmpty();
    }

    @Test
    void samconfig_pointsAtTheTemplate_andHoldsNoAccountOrSecret() {
        assertThat(contract.samConfigProblems(DeploymentContract.projectRoot().resolve(DeploymentContract.SAMCONFIG))).isEmpty();
    }
}
