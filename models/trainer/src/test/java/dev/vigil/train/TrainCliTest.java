package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's conventions: help, usage errors (exit 2) and one-line failures (exit 1). */
class TrainCliTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TrainCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheOptions() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("vigil train")
        .contains("--history")
        .contains("--labels")
        .contains("--base")
        .contains("--seed")
        .contains("--injection")
        .contains("--out");
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    Run r = run("--history", "x.jsonl");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--out").contains("vigil train --help");
  }

  @Test
  void aMissingHistoryIsOneLineNamingIt() {
    Run r =
        run(
            "--history",
            dir.resolve("nope.jsonl").toString(),
            "--out",
            dir.resolve("m.json").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("nope.jsonl does not exist");
    assertThat(Files.exists(dir.resolve("m.json"))).isFalse();
  }

  @Test
  void aBadInjectionFileIsOneLine() throws Exception {
    Path inj = Files.writeString(dir.resolve("inj.json"), "{\"carefulShare\": 3}");
    Run r =
        run(
            "--history",
            "x.jsonl",
            "--injection",
            inj.toString(),
            "--out",
            dir.resolve("m.json").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("carefulShare must be a number in [0.0, 1.0]");
  }
}
