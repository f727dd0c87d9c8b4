/**
 * Where items and artifacts live, as roles and their AWS implementations: ItemStore / DynamoDbItemStore (scans,
 * batch reads and writes, conditional puts, the sides' accounts), ArtifactStore / S3ArtifactStore (the run's files
 * in the artifacts bucket), the SDK clients, retries and backoff, item keys, sizes and digests.
 *
 * <p>Floor 1: imports the root package and json only. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face({Account.class, AccountClients.class, ArtifactStore.class, AwsClients.class, ContentDigest.class,
        CountPage.class, DynamoDbItemStore.class, DynamoJson.class, ForwardingItemStore.class, GuardedOutcome.class,
        GuardedWrite.class, ItemHash.class, ItemKeys.class, ItemSize.class, ItemStore.class, Reads.class, S3ArtifactStore.class,
        ScanPage.class, Sides.class, Sleeper.class, StackReach.class, StoreRefusedException.class, StoreUnavailableException.class,
        StreamCommand.class, TableInfo.class})
package dev.dmig.store;

import dev.dmig.Face;
