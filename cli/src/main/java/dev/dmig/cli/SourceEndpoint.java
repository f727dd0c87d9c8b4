package dev.dmig.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * The source's tables at a DynamoDB (Local) of their own, standing in for another account: {@code dmig infer} reads
 * them there, and both it and the commands that start a run write it into the plan as the source's endpoint.
 */
final class SourceEndpoint {
    static final String OPTION = "--source-dynamodb-endpoint";

    @Option(names = OPTION, paramLabel = "URL",
            description = "Read the source tables from the DynamoDB (Local) at URL, standing in for another account (local runs; "
                    + "written into the plan as source.endpoint; infer needs --target-suffix with it).")
    URI url;
}
