package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Option;

/** Some of the plan's models only, for the commands that analyze or migrate a plan: written into the run's input. */
final class TablesOption {
    @Option(names = "--tables", split = ",", paramLabel = "T1,T2", description = "Only these models of the plan.")
    List<String> tables;

    /** Adds the models given to the run's input; none given, the run takes every model of the plan. */
    void addTo(ObjectNode input) {
        if (tables != null) {
            tables.forEach(input.putArray("tables")::add);
        }
    }
}
