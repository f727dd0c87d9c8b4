/**
 * dmig on AWS, seen from the command line: the deployed stack and its state machine (AwsEnvironment,
 * DeployedStateMachine), an execution followed to its end with its distributed maps (MapRunFollower, MapRun), and its
 * history read back (ExecutionHistory, StateNesting). What only runs on AWS is reached through the SDK's clients; the
 * tests put a stub before those AWS-only APIs and say so.
 */
package dev.dmig.aws;
