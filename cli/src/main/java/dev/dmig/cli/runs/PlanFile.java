package dev.dmig.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A plan file as a command reads it: whole, checked, before anything starts. */
public final class PlanFile {
    private PlanFile() {}

    /** Reads and checks a plan file before anything starts: a broken plan never opens a run. */
    public static JsonNode read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("plan file " + file + " does not exist (dmig demo writes a sample to "
                    + ".dmig/sample-plan.json; dmig infer --source-suffix S proposes one from your tables)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read plan file " + file + ": " + e.getMessage());
        }
        try {
            PlanParser.parse(bytes);
        } catch (PlanInvalidException invalid) {
            String problem = invalid.problems().get(0).message();
            if (invalid.problems().size() == 1 && problem.startsWith(PlanParser.NOT_JSON)) {
                // One line: the file, where in it, and what is wrong there.
                throw new IllegalArgumentException("plan file " + file + " is not valid JSON"
                        + problem.substring(PlanParser.NOT_JSON.length()));
            }
            throw invalid;
        }
        return Json.tree(bytes);
    }
}
