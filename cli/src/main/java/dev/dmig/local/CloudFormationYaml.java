package dev.dmig.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM YAML template into maps and lists, turning the short-form intrinsic
 * tags into their long form ({@code !Ref X} → {@code {"Ref": "X"}}, {@code !GetAtt A.B} →
 * {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s} → {@code {"Fn::Sub": "s"}}) as CloudFormation does.
 * An unknown tag or a duplicate key fails the read.
 */
public final class CloudFormationYaml {
    private static final List<String> FUNCTIONS = List.of("Ref", "Condition", "Sub", "GetAtt", "Join", "Select", "Split",
            "If", "Equals", "Not", "And", "Or", "FindInMap", "GetAZs", "ImportValue", "Base64", "Cidr", "Length", "ToJsonString");

    private CloudFormationYaml() {}

    public static Map<String, Object> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return read(reader);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return (Map<String, Object>) new Yaml(new Intrinsics(options)).load(reader);
    }

    private static final class Intrinsics extends SafeConstructor {
        Intrinsics(LoaderOptions options) {
            super(options);
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic(function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                if (function.equals("GetAtt") && value instanceof String text) {
                    value = List.of(text.split("\\.", 2));
                }
                boolean plain = function.equals("Ref") || function.equals("Condition");
                return Map.of(plain ? function : "Fn::" + function, value);
            }
        }
    }
}
