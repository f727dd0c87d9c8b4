/**
 * The ID function: a record's new ID from its model and old ID, SHA-256 under the plan's namespace, as docs/ID-
 * MAPPING.md specifies with its test vectors.
 *
 * <p>Floor 0: imports nothing of dmig. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face
package dev.dmig.idmapping;

import dev.dmig.Face;
