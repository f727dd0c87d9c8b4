/**
 * The Lambda entry points, one per state machine function (XFunction ↔ XHandler), each an adapter of about twenty
 * lines over one core call, wired once per container by Services from the environment (Settings).
 *
 * <p>Floor 10, the top: may import every package of the module; none imports it. (ArchitectureTest checks it:
 * docs/development.md, "Packages").
 */
@Face
package dev.dmig.handler;

import dev.dmig.Face;
