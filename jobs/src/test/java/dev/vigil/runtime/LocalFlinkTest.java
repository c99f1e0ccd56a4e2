package dev.vigil.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalFlinkTest {
  @Test
  void flinksTemporaryFilesGoToAFolderOfItsOwnThatCloseRemoves() throws Exception {
    Path tmp;
    try (LocalFlink flink = LocalFlink.start(1, "0")) {
      tmp = flink.ownTmp();
      assertThat(tmp.getFileName().toString()).startsWith("vigil-flink-");
      try (Stream<Path> files = Files.list(tmp)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .as("the rpc jar and the minicluster folder, in the cluster's own folder")
            .anyMatch(n -> n.startsWith("flink-rpc"))
            .anyMatch(n -> n.startsWith("minicluster_"));
      }
    }
    assertThat(tmp).doesNotExist();
  }
}
