/**
 * The dmig command line: Dmig and one picocli command class per command (analyze, test, migrate, resume, rollback,
 * validate, status, stop, cutover, resolve, preview, report, idmap, infer, dashboard, demo), each a thin layer over the
 * functions module and the runs package: options in, one line per refusal, a verdict line and an exit code out.
 */
@Face({Dmig.class})
package dev.dmig.cli;

import dev.dmig.Face;
