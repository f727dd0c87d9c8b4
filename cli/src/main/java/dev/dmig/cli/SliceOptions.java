package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.run.RootInvalidException;
import dev.dmig.run.Slice;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --root MODEL:ID}: a run of one slice of the source (docs/slices.md) instead of all of it. */
final class SliceOptions {
    @Option(names = "--root", paramLabel = "MODEL:ID", description = "Cover only this record, every record that refers to it "
            + "(transitively) and every record those refer to; repeat for several. ID: the source record's ID.")
    List<String> roots;

    /** Puts the roots into the execution input as {@code "roots"}, after checking their form. */
    void addTo(ObjectNode input) {
        if (roots == null || roots.isEmpty()) {
            return;
        }
        ArrayNode array = input.putArray("roots");
        for (String root : roots) {
            try {
                array.add(Slice.Root.parse(root).toString());
            } catch (RootInvalidException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }
}
