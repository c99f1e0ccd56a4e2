package dev.vigil.core.exchange;

import dev.vigil.core.profile.StateMapper;
import dev.vigil.schema.SignalKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One withdrawal address added to a whitelist or paid to by several accounts: a {@link
 * SignalKind#SHARED_WITHDRAWAL_ADDRESS} at {@link ExchangeSettings#addressMinAccounts} distinct
 * accounts (3 by default), again as the count doubles. Taken-over accounts are cashed out to the
 * attacker's few addresses (the cash-out that follows credential stuffing, OWASP Automated Threats
 * OAT-008), while an honest customer's address belongs to one account. The event is a successful
 * request that carries an address (AccessEvent withdrawalAddress: withdrawals and whitelist
 * additions), as the session risk job reads it. Memory: {@link ExchangeSettings#addressMemory}
 * after last use. Bounds: {@link SharedAccounts}.
 */
public final class SharedAddress extends SharedAccounts {
  /** The state's binary form. */
  public static final StateMapper<SharedAddress> MAPPER =
      new StateMapper<>() {
        @Override
        public int currentVersion() {
          return 1;
        }

        @Override
        public void write(SharedAddress state, DataOutput out) throws IOException {
          state.write(out);
        }

        @Override
        public SharedAddress read(DataInput in) throws IOException {
          SharedAddress a = new SharedAddress();
          a.read(in);
          return a;
        }
      };

  @Override
  SignalKind kind() {
    return SignalKind.SHARED_WITHDRAWAL_ADDRESS;
  }

  @Override
  int threshold(ExchangeSettings s) {
    return s.addressMinAccounts();
  }

  @Override
  long memoryMillis(ExchangeSettings s) {
    return s.addressMemory().toMillis();
  }

  @Override
  String verb() {
    return "added or paid to";
  }
}
