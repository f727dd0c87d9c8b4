/**
 * The embedded stack a run without AWS uses: DynamoDB Local (DynamoDbLocalServer, with its native library) and an
 * S3-compatible server (S3ProxyServer) started in the process on free ports, with the keys they accept (StackKeys).
 * Never in the Lambda jar.
 */
@Face
package dev.dmig.embedded;

import dev.dmig.Face;
