/**
 * What the command line and the dashboard show of runs, from their artifacts: a run's board and progress (RunBoard,
 * RunProgress), the runs listed (RunHistory, RunRow), following (Following), a preview of a table's records
 * (PreviewView), and the summaries and verdicts after a run (Summaries, Verdicts).
 */
package dev.dmig.cli.views;
