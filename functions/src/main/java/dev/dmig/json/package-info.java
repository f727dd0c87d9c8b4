/**
 * The one JSON mapper every artifact, plan and journal is read and written with (Jackson, records, nulls left out).
 *
 * <p>Floor 0: imports nothing of dmig. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face
package dev.dmig.json;

import dev.dmig.Face;
