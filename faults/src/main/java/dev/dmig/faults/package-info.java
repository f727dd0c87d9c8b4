/**
 * Fronts before real servers for tests and benchmarks: a proxy before DynamoDB Local that answers as DynamoDB does
 * under faults and throttling (FaultProxy, WriteCapacity), sizing items as DynamoDB does with the functions module's
 * ItemSize (with DynamoJson, its only imports of dmig); added latency (LatencyFront); and cognito-local started on a
 * free port (CognitoLocalServer).
 */
@Face
package dev.dmig.faults;

import dev.dmig.Face;
