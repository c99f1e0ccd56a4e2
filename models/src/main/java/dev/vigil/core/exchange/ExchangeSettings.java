package dev.vigil.core.exchange;

import java.io.Serializable;
import java.time.Duration;

/**
 * The exchange job's thresholds. The job reads them from its configuration ({@code exchange.*} in
 * {@code vigil-job.properties}, where each is commented); {@link #DEFAULTS} are the same values.
 *
 * @param loginWindow how far back a login wave is counted ({@link LoginWave}: between half of it
 *     and all of it)
 * @param waveMinAccounts distinct accounts with a failed login from one subject in the window that
 *     make a wave (a stuffing list is hundreds; a household or office that mistypes is a few)
 * @param waveMinFailureShare share of the subject's logins in the window that failed; a NAT or a
 *     mobile carrier with many users fails far less than this
 * @param waveLifetime how long a wave signal counts as evidence after the event that raised it
 * @param addressMinAccounts distinct accounts that added or paid to one withdrawal address that
 *     make it shared ({@link SharedAddress})
 * @param addressMemory how long an address is remembered after it was last used
 * @param credentialMemory how long an API key id or session id is remembered after it was last
 *     presented ({@link SharedCredential})
 * @param sharedLifetime how long a shared-address or shared-credential signal counts as evidence
 * @param endpointMemory how long an endpoint's series are kept after its last request ({@link
 *     EndpointVolume}: a week holds the weekly profile)
 */
public record ExchangeSettings(
    Duration loginWindow,
    int waveMinAccounts,
    double waveMinFailureShare,
    Duration waveLifetime,
    int addressMinAccounts,
    Duration addressMemory,
    Duration credentialMemory,
    Duration sharedLifetime,
    Duration endpointMemory)
    implements Serializable {

  public static final ExchangeSettings DEFAULTS =
      new ExchangeSettings(
          Duration.ofMinutes(10),
          20,
          0.5,
          Duration.ofMinutes(30),
          3,
          Duration.ofDays(30),
          Duration.ofDays(1),
          Duration.ofDays(1),
          Duration.ofDays(7));

  public ExchangeSettings {
    if (loginWindow.toMillis() < 2) {
      throw new IllegalArgumentException("loginWindow must be at least 2 ms, is " + loginWindow);
    }
    for (Duration d :
        new Duration[] {
          waveLifetime, addressMemory, credentialMemory, sharedLifetime, endpointMemory
        }) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("exchange durations must be positive, one is " + d);
      }
    }
    if (waveMinAccounts < 2) {
      throw new IllegalArgumentException("waveMinAccounts must be >= 2, is " + waveMinAccounts);
    }
    if (!(waveMinFailureShare >= 0 && waveMinFailureShare <= 1)) {
      throw new IllegalArgumentException(
          "waveMinFailureShare must be in [0, 1], is " + waveMinFailureShare);
    }
    if (addressMinAccounts < 2 || addressMinAccounts > SharedAccounts.CAPACITY) {
      throw new IllegalArgumentException(
          "addressMinAccounts must be in [2, "
              + SharedAccounts.CAPACITY
              + "], is "
              + addressMinAccounts);
    }
  }
}
