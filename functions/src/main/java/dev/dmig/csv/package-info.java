/**
 * The cells of the CSV files dmig writes and reads (identity maps, ID maps): quoting, and the escape that keeps a
 * spreadsheet from reading a cell as a formula.
 *
 * <p>Floor 0: imports nothing of dmig. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face
package dev.dmig.csv;

import dev.dmig.Face;
