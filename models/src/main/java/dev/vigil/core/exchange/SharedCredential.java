package dev.vigil.core.exchange;

import dev.vigil.core.profile.StateMapper;
import dev.vigil.schema.SignalKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One API key id or session id presented by two accounts: a {@link SignalKind#SHARED_CREDENTIAL} at
 * the second account, again at the 4th, 8th... A key or a session belongs to one account (RFC 6750
 * section 5.2 and the OWASP Session Management Cheat Sheet: a token bound to its subject), so a
 * second account presenting it means the gateway mis-attributes requests or a token is forged or
 * replayed across accounts. Memory: {@link ExchangeSettings#credentialMemory} after last use.
 * Bounds: {@link SharedAccounts}.
 */
public final class SharedCredential extends SharedAccounts {
  /** The state's binary form. */
  public static final StateMapper<SharedCredential> MAPPER =
      new StateMapper<>() {
        @Override
        public int currentVersion() {
          return 1;
        }

        @Override
        public void write(SharedCredential state, DataOutput out) throws IOException {
          state.write(out);
        }

        @Override
        public SharedCredential read(DataInput in) throws IOException {
          SharedCredential c = new SharedCredential();
          c.read(in);
          return c;
        }
      };

  @Override
  SignalKind kind() {
    return SignalKind.SHARED_CREDENTIAL;
  }

  @Override
  int threshold(ExchangeSettings s) {
    return 2;
  }

  @Override
  long memoryMillis(ExchangeSettings s) {
    return s.credentialMemory().toMillis();
  }

  @Override
  String verb() {
    return "presented";
  }
}
