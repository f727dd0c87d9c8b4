/**
 * What the functions module shows of a run to those who read it (the command line, the dashboard): a typed reader of the
 * run's artifacts, so no reader outside builds their keys or names their types.
 *
 * <p>Floor 10, beside handler: may import every package of the module; none imports it. (ArchitectureTest checks it:
 * docs/development.md, "Packages".)
 */
@Face
package dev.dmig.artifacts;

import dev.dmig.Face;
