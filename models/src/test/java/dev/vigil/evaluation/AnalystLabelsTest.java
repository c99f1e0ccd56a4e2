package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schema.Label;
import dev.vigil.schema.Verdict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalystLabelsTest {
  @Test
  void appendedLabelsAreReadBackByTheOneLabelsReader(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/labels.jsonl");
    AnalystLabels.append(
        AnalystLabels.of(
            "s-1", null, "Compromised", "ana", "fresh address\nthen withdrawal", null, 5),
        f);
    AnalystLabels.append(
        AnalystLabels.of(null, "e-9:active", "abuse", "bo", null, "abuse_flood", 6), f);

    List<SessionLabel> read = EvaluationFiles.readLabels(f);

    assertThat(read).hasSize(2);
    assertThat(read.get(0).sessionId()).isEqualTo("s-1");
    assertThat(read.get(0).compromised()).isTrue();
    assertThat(read.get(0).note()).isEqualTo("fresh address\nthen withdrawal");
    assertThat(read.get(1).decisionId()).isEqualTo("e-9:active");
    assertThat(read.get(1).label()).isEqualTo("abuse_flood");
  }

  @Test
  void buildsTheAvroLabelKeyedBySubject() {
    Label l = AnalystLabels.of(null, "d-1", "BENIGN", " ana ", "  ", null, 7);

    assertThat(l.getVerdict()).isEqualTo(Verdict.BENIGN);
    assertThat(l.getAnalyst()).isEqualTo("ana");
    assertThat(l.getNote()).isNull();
    assertThat(AnalystLabels.key(l)).isEqualTo("d-1");
  }

  @Test
  void badInputNamesTheOptionToFix() {
    assertThatThrownBy(() -> AnalystLabels.of(null, null, "benign", "a", null, null, 1))
        .hasMessage("give exactly one of --session ID and --decision ID (the label's subject)");
    assertThatThrownBy(() -> AnalystLabels.of("s", "d", "benign", "a", null, null, 1))
        .hasMessageContaining("exactly one of");
    assertThatThrownBy(() -> AnalystLabels.of("s", null, "stolen", "a", null, null, 1))
        .hasMessage("--verdict 'stolen' is not one of compromised, benign, abuse");
    assertThatThrownBy(() -> AnalystLabels.of("s", null, "benign", " ", null, null, 1))
        .hasMessage("--analyst must not be empty");
    assertThatThrownBy(() -> AnalystLabels.of("s 1", null, "benign", "a", null, null, 1))
        .hasMessageContaining("--session 's 1' contains a space");
    assertThatThrownBy(() -> AnalystLabels.of("s\u00071", null, "benign", "a", null, null, 1))
        .hasMessageContaining("control character at position 2");
    assertThatThrownBy(() -> AnalystLabels.of("s", null, "benign", "a", "x".repeat(5000), null, 1))
        .hasMessageContaining("--note is 5000 characters; at most 4096");
  }
}
