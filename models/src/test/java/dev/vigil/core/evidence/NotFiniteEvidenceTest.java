package dev.vigil.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import org.junit.jupiter.api.Test;

class NotFiniteEvidenceTest {
  private final RiskModel.Evidence ev = RiskModelLoader.defaults().evidence;

  @Test
  void aNaNTermIsLeftOutOfTheSumButCountedNotSilentlyDropped() {
    EvidenceBuffer out = new EvidenceBuffer();

    EvidenceExtractor.add(out, ev, EvidenceCode.NEW_NETWORK, Double.NaN, 0, 0, 0);
    EvidenceExtractor.add(out, ev, EvidenceCode.NEW_CLIENT, 1.5, 0, 0, 0);

    assertThat(out.size()).isEqualTo(1);
    assertThat(out.code(0)).isEqualTo(EvidenceCode.NEW_CLIENT);
    assertThat(out.notFinite()).isEqualTo(1);
  }

  @Test
  void anInfiniteTermIsClampedToTheModelsBoundsAndKept() {
    EvidenceBuffer out = new EvidenceBuffer();

    EvidenceExtractor.add(out, ev, EvidenceCode.NEW_NETWORK, Double.POSITIVE_INFINITY, 0, 0, 0);

    assertThat(out.size()).isEqualTo(1);
    assertThat(out.llr(0)).isEqualTo(ev.codeWeight(EvidenceCode.NEW_NETWORK) * ev.llrMax);
    assertThat(out.notFinite()).isZero();
  }

  @Test
  void theCountStartsAgainWithEachEvent() {
    EvidenceBuffer out = new EvidenceBuffer();
    EvidenceExtractor.add(out, ev, EvidenceCode.NEW_NETWORK, Double.NaN, 0, 0, 0);

    out.clear();

    assertThat(out.notFinite()).isZero();
  }
}
