/**
 * The state machine run in this process (LocalRunner): the same ASL file and Lambda handlers as on AWS, bound by name,
 * over the stores LocalEnvironment opens, with the functions' timeouts read from the SAM template
 * (CloudFormationYaml, FunctionTimeouts).
 */
@Face({LocalEnvironment.class, LocalRunner.class})
package dev.dmig.local;

import dev.dmig.Face;
