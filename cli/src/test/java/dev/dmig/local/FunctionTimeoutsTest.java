package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionTimeoutsTest {

    @Test
    void bundledTemplate_givesEveryFunctionItsDeployedTimeout() {
        assertThat(FunctionTimeouts.bundled())
                .containsEntry("MigrateSegmentFunction", Duration.ofSeconds(900))
                .containsEntry("AnalyzeFunction", Duration.ofSeconds(900))
                .containsEntry("FinalizeFunction", Duration.ofSeconds(120));
    }

    @Test
    void aFunctionsOwnTimeout_winsOverTheGlobalOne() {
        String template = """
                Globals:
                  Function:
                    Timeout: 300
                Resources:
                  AnalyzeFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a
                  FinalizeFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Timeout: 60
                      Role: !GetAtt FinalizeRole.Arn
                  Bucket:
                    Type: AWS::S3::Bucket
                """;

        assertThat(FunctionTimeouts.of(new StringReader(template)))
                .containsExactly(entry("AnalyzeFunction", 300), entry("FinalizeFunction", 60));
    }

    @Test
    void aFunctionWithoutAnyTimeout_isRefused() {
        String template = """
                Resources:
                  AnalyzeFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a
                """;

        assertThatThrownBy(() -> FunctionTimeouts.of(new StringReader(template)))
                .hasMessageContaining("function AnalyzeFunction").hasMessageContaining("no numeric Timeout");
    }

    private static Map.Entry<String, Duration> entry(String name, int seconds) {
        return Map.entry(name, Duration.ofSeconds(seconds));
    }
}
