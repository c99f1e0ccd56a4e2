package dev.vigil.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.ClientLineageParser;
import org.junit.jupiter.api.Test;

class ClientLineagesTest {

  @Test
  void keepsTheNewestBuildPerFamilyAndPlatform() {
    ClientLineages l = new ClientLineages();
    l.learn(11, 21, ClientLineageParser.pack(5, 12, 3), 1_000);
    l.learn(11, 21, ClientLineageParser.pack(5, 9, 0), 2_000);
    l.learn(11, 22, ClientLineageParser.pack(5, 1, 0), 3_000);

    assertThat(l.size()).isEqualTo(2);
    assertThat(l.version(l.find(11, 21))).isEqualTo(ClientLineageParser.pack(5, 12, 3));
    assertThat(l.hasFamily(11)).isTrue();
    assertThat(l.hasFamily(12)).isFalse();
  }

  @Test
  void staysBoundedAndForgetsTheLeastRecentlySeenLineage() {
    ClientLineages l = new ClientLineages();
    for (int i = 0; i < 50; i++) {
      l.learn(100 + i, 7, i, i * 1_000L);
    }
    assertThat(l.size()).isEqualTo(ClientLineages.SLOTS);
    assertThat(l.find(149, 7)).isNotNegative();
    assertThat(l.find(100, 7)).isNegative();
    AccountProfile p = new AccountProfile();
    for (int i = 0; i < 50; i++) {
      p.lineages.learn(100 + i, 7, i, i * 1_000L);
    }
    assertThat(new AccountProfileMapper().toBytes(p).length)
        .isLessThanOrEqualTo(AccountProfileMapper.MAX_BYTES);
  }
}
