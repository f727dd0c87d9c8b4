/**
 * What every command shares about a run: where it runs and where its stores are (Where, RunOrigin, FollowUp, Session),
 * how it is started or followed (Launches, LocalStop, ProgressView, RunTrail), what its execution ended in and the exit
 * code (Ending, Outcome, ExitCode, StateNames, held against the state machine by OutcomeContractTest), and the command
 * lines dmig prints for the user to run next (RollbackCommandLine).
 */
package dev.dmig.cli.runs;
