package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExchangeSettingsTest {
  @Test
  void aZeroMemoryOrAnAddressThresholdAboveWhatIsCountedIsRefusedWithItsValue() {
    ExchangeSettings d = ExchangeSettings.DEFAULTS;
    assertThatThrownBy(
            () ->
                new ExchangeSettings(
                    d.loginWindow(),
                    d.waveMinAccounts(),
                    d.waveMinFailureShare(),
                    d.waveLifetime(),
                    d.addressMinAccounts(),
                    d.addressMemory(),
                    Duration.ZERO,
                    d.sharedLifetime(),
                    d.endpointMemory()))
        .hasMessageContaining("must be positive")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(
            () ->
                new ExchangeSettings(
                    d.loginWindow(),
                    d.waveMinAccounts(),
                    d.waveMinFailureShare(),
                    d.waveLifetime(),
                    33,
                    d.addressMemory(),
                    d.credentialMemory(),
                    d.sharedLifetime(),
                    d.endpointMemory()))
        .hasMessage("addressMinAccounts must be in [2, 32], is 33");
  }
}
