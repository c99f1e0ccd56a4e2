package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files appear, whole, only on commit; otherwise nothing is left and older files stay. */
class PartialOutputTest {
  @TempDir Path dir;

  @Test
  void committedFilesReplaceOlderOnesAndNothingElseIsLeft() throws Exception {
    Files.writeString(dir.resolve("commands.jsonl"), "old\n");
    try (PartialOutput o = PartialOutput.in(dir)) {
      Files.writeString(o.file("commands.jsonl"), "new\n");
      Files.writeString(o.file("decisions.jsonl"), "d\n");
      assertThat(dir.resolve("commands.jsonl")).hasContent("old");
      o.commit();
    }

    assertThat(dir.resolve("commands.jsonl")).hasContent("new");
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("commands.jsonl", "decisions.jsonl");
  }

  @Test
  void closedWithoutCommitItRemovesEverythingItWroteAndKeepsOlderFiles() throws Exception {
    Path target = Files.writeString(dir.resolve("copy.jsonl"), "old\n");
    try (PartialOutput o = PartialOutput.beside(target)) {
      Files.writeString(o.file(target), "half a fi");
    }

    assertThat(target).hasContent("old");
    assertThat(dir.toFile().list()).containsExactly("copy.jsonl");
  }

  @Test
  void aFolderMadeForTheOutputIsRemovedAgainWhenNothingWasCommitted() throws Exception {
    Path out = dir.resolve("scores");
    try (PartialOutput o = PartialOutput.in(out)) {
      Files.writeString(o.file("commands.jsonl"), "half a fi");
    }

    assertThat(out).doesNotExist();
  }
}
