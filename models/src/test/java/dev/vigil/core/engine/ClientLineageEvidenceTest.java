package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.TravelAndConcurrencyEvidenceTest.Tally;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.EvidenceKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client lineage: an update is no evidence, a downgrade is. */
class ClientLineageEvidenceTest {
  private static final String IOS_APP = "DerivXApp/5.12.3 (iPhone; iOS 18.1; Scale/3.00)";
  private static final String ANDROID_APP = "okhttp/4.12.0 DerivXApp/5.12.3 (Android 14; SM-S921B)";

  /** Ten days of the owner on {@code ua}, then one session on {@code next}. */
  private static Tally ownerThen(String ua, String next) {
    return ownerThen(new SessionHarness(), ua, next);
  }

  private static Tally ownerThen(SessionHarness h, String ua, String next) {
    long t = Events.T0;
    for (int d = 0; d < 10; d++) {
      for (int i = 0; i < 30; i++) {
        t = Events.T0 + d * 86_400_000L + 9 * 3_600_000L + i * 20_000L;
        h.score(Events.owner("owner-" + d, t).setUserAgent(ua).build());
      }
    }
    List<dev.vigil.schema.AccessEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(Events.owner("next", t + 86_400_000L + i * 5_000L).setUserAgent(next).build());
    }
    assertThat(h.account("acct-1").lineages.size()).isEqualTo(1);
    return TravelAndConcurrencyEvidenceTest.run(h, events);
  }

  @Test
  void anAppUpdateIsNoEvidence() {
    Tally same = ownerThen(IOS_APP, IOS_APP);
    Tally update = ownerThen(IOS_APP, "DerivXApp/5.13.0 (iPhone; iOS 18.2; Scale/3.00)");
    assertThat(update.count(EvidenceCode.CLIENT_LINEAGE)).isZero();
    // The new-client term does not fire harder for an update than for the same build.
    assertThat(update.llr(EvidenceCode.NEW_CLIENT))
        .isLessThanOrEqualTo(same.llr(EvidenceCode.NEW_CLIENT));
    assertThat(update.lastProbability).isLessThan(0.001);
  }

  @Test
  void aBrowserUpdateIsNoEvidence() {
    Tally update =
        ownerThen(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/129.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36");
    assertThat(update.count(EvidenceCode.CLIENT_LINEAGE)).isZero();
  }

  @Test
  void aDowngradeIsDeviceEvidence() {
    Tally downgrade = ownerThen(IOS_APP, "DerivXApp/5.9.1 (iPhone; iOS 18.1; Scale/3.00)");
    assertThat(downgrade.count(EvidenceCode.CLIENT_LINEAGE)).isEqualTo(1);
    assertThat(downgrade.llr(EvidenceCode.CLIENT_LINEAGE))
        .isCloseTo(1.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(EvidenceCode.CLIENT_LINEAGE.kind()).isEqualTo(EvidenceKind.DEVICE);
  }

  @Test
  void theSameAppOnANewPlatformWeighsLessThanANewFamily() {
    Tally platform = ownerThen(IOS_APP, ANDROID_APP);
    Tally family = ownerThen(IOS_APP, "ccxt/4.4.12 python-requests/2.32.3");
    assertThat(platform.count(EvidenceCode.CLIENT_LINEAGE)).isEqualTo(1);
    assertThat(family.count(EvidenceCode.CLIENT_LINEAGE)).isEqualTo(1);
    assertThat(platform.llr(EvidenceCode.CLIENT_LINEAGE)).isNegative();
    assertThat(family.llr(EvidenceCode.CLIENT_LINEAGE)).isPositive();
  }

  @Test
  void theOwnersAppOnAPhoneModelTheAccountNeverUsedIsDeviceEvidence() {
    Tally phone = ownerThen(ANDROID_APP, "okhttp/4.12.0 DerivXApp/5.12.3 (Android 14; SM-S928B)");
    assertThat(phone.count(EvidenceCode.CLIENT_LINEAGE)).isEqualTo(1);
    assertThat(phone.llr(EvidenceCode.CLIENT_LINEAGE))
        .isCloseTo(2.9, org.assertj.core.data.Offset.offset(1e-9));
    // The digit-blind new-client term sees the same app string as the owner's own phone.
    assertThat(phone.llr(EvidenceCode.NEW_CLIENT))
        .isLessThanOrEqualTo(ownerThen(ANDROID_APP, ANDROID_APP).llr(EvidenceCode.NEW_CLIENT));
  }

  @Test
  void theOwnersOwnPhoneAfterAnOsAndAppUpdateIsNoEvidence() {
    Tally update = ownerThen(ANDROID_APP, "okhttp/4.12.0 DerivXApp/5.13.0 (Android 15; SM-S921B)");
    assertThat(update.count(EvidenceCode.CLIENT_LINEAGE)).isZero();
  }

  @Test
  void anotherIphoneOnANewerSystemIsNotSeenBecauseApplesUserAgentsNameNoModel() {
    Tally iphone = ownerThen(IOS_APP, "DerivXApp/5.12.3 (iPhone; iOS 18.3; Scale/3.00)");
    assertThat(iphone.count(EvidenceCode.CLIENT_LINEAGE)).isZero();
  }

  @Test
  void aModelFileWithoutTheKeyLeavesDeviceModelsAlone() throws Exception {
    byte[] old;
    try (var in = getClass().getResourceAsStream("/model/vigil-default-8.json")) {
      old = in.readAllBytes();
    }
    dev.vigil.core.model.RiskModel eight = dev.vigil.core.model.RiskModelLoader.parse(old);
    assertThat(eight.evidence.clientNewDeviceLlr).isZero();
    Tally phone =
        ownerThen(
            new SessionHarness(eight),
            ANDROID_APP,
            "okhttp/4.12.0 DerivXApp/5.12.3 (Android 14; SM-S928B)");
    assertThat(phone.count(EvidenceCode.CLIENT_LINEAGE)).isZero();
  }

  @Test
  void theOwnersAppOnAnIphoneWithAnOlderSystemThanTheAccountRanIsDeviceEvidence() {
    Tally older = ownerThen(IOS_APP, "DerivXApp/5.12.3 (iPhone; iOS 18.0; Scale/3.00)");
    assertThat(older.count(EvidenceCode.CLIENT_LINEAGE)).isEqualTo(1);
    assertThat(older.llr(EvidenceCode.CLIENT_LINEAGE))
        .isCloseTo(2.8, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anOwnerWhoseIphoneWasUpdatedThenSeesNothingOnTheUpdatedSystem() {
    Tally updated = ownerThen("DerivXApp/5.12.3 (iPhone; iOS 18.0; Scale/3.00)", IOS_APP);
    assertThat(updated.count(EvidenceCode.CLIENT_LINEAGE)).isZero();
  }
}
