package dev.dmig.cli.runs;

import java.util.Optional;

/**
 * How an execution of the state machine ends: each terminal state of {@code statemachine/migration.asl.json} by its
 * name, with the verdict a person reads and the exit code; and the two endings Step Functions gives an execution that
 * ends in no state of its own. {@code OutcomeContractTest} holds the list against the ASL, both ways.
 */
public enum Ending {
    DRY_RUN_COMPLETE("DryRunComplete", Verdict.SUCCEEDED),
    TEST_PASSED("TestPassed", Verdict.SUCCEEDED),
    SUCCEEDED("Succeeded", Verdict.SUCCEEDED),
    NOTHING_TO_DO("NothingToDo", Verdict.NOTHING_TO_DO),
    VALIDATION_PASSED("ValidationPassed", Verdict.SUCCEEDED),
    ROLLED_BACK_ON_REQUEST("RolledBackOnRequest", Verdict.ROLLED_BACK_ON_REQUEST),
    PLAN_INVALID("PlanInvalid", Verdict.INVALID),
    INPUT_INVALID("InputInvalid", Verdict.INVALID),
    CONFIRMATION_REQUIRED("ConfirmationRequired", Verdict.REFUSED),
    ROLLBACK_CONFIRMATION_REQUIRED("RollbackConfirmationRequired", Verdict.REFUSED),
    CONFLICTS_FOUND("ConflictsFound", Verdict.REFUSED),
    TARGET_LOCKED("TargetLocked", Verdict.REFUSED),
    BACKUP_REQUIRED("BackupRequired", Verdict.REFUSED),
    SECOND_MAPPING("SecondMapping", Verdict.REFUSED),
    STREAM_NOT_READY("StreamNotReady", Verdict.REFUSED),
    ANALYSIS_FAILED("AnalysisFailed", Verdict.FAILED),
    ROLLED_BACK("RolledBack", Verdict.ROLLED_BACK),
    VALIDATION_FAILED("ValidationFailed", Verdict.FAILED),
    VALIDATION_ERROR("ValidationError", Verdict.FAILED),
    REPORT_FAILED("ReportFailed", Verdict.FAILED),
    ROLLBACK_INCOMPLETE("RollbackIncomplete", Verdict.ROLLBACK_INCOMPLETE),
    ROLLBACK_FAILED("RollbackFailed", Verdict.ROLLBACK_FAILED),
    /** Only on AWS: an execution stopped (dmig stop) ends in no state of its own; this is Step Functions' event. */
    STOPPED("ExecutionAborted", Verdict.STOPPED),
    /** Only on AWS: an execution past its timeout. */
    TIMED_OUT("ExecutionTimedOut", Verdict.TIMED_OUT);

    /** What a person reads first, and the exit code that goes with it. */
    enum Verdict {
        SUCCEEDED("SUCCEEDED", ExitCode.OK),
        NOTHING_TO_DO("NOTHING TO DO", ExitCode.OK),
        ROLLED_BACK_ON_REQUEST("ROLLED BACK", ExitCode.OK),
        INVALID("INVALID", ExitCode.INVALID),
        REFUSED("REFUSED", ExitCode.REFUSED),
        FAILED("FAILED", ExitCode.FAILED),
        ROLLED_BACK("ROLLED BACK", ExitCode.FAILED),
        ROLLBACK_INCOMPLETE("ROLLBACK INCOMPLETE", ExitCode.ROLLBACK_INCOMPLETE),
        ROLLBACK_FAILED("ROLLBACK FAILED", ExitCode.ROLLBACK_INCOMPLETE),
        STOPPED("STOPPED", ExitCode.FAILED),
        TIMED_OUT("TIMED OUT", ExitCode.FAILED);

        final String text;
        final int exitCode;

        Verdict(String text, int exitCode) {
            this.text = text;
            this.exitCode = exitCode;
        }

        /** Whether the run was refused before anything was written, by its input or a check. */
        boolean refusal() {
            return this == INVALID || this == REFUSED;
        }
    }

    /** The state's name in the ASL, or Step Functions' event for the AWS-only endings. */
    public final String state;
    final Verdict verdict;

    Ending(String state, Verdict verdict) {
        this.state = state;
        this.verdict = verdict;
    }

    /** Whether this ending is a state of the ASL (not one only Step Functions gives). */
    public boolean inStateMachine() {
        return this != STOPPED && this != TIMED_OUT;
    }

    /** The ending of the terminal state {@code name}; empty for a name the state machine does not end in. */
    static Optional<Ending> of(String name) {
        for (Ending ending : values()) {
            if (ending.state.equals(name)) {
                return Optional.of(ending);
            }
        }
        return Optional.empty();
    }
}
