package dev.vigil.job.risk;

import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.AccountProfileMapper;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.profile.SessionStateMapper;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * What one account holds in the session risk job's state, in serialised bytes: a diagnostic that
 * walks the account's maps ({@link SessionStore#size}), for tests and diagnostics only, never
 * called per event.
 */
record AccountStateSize(
    int sessions,
    int shadowSessions,
    long ringEntries,
    long sessionBytes,
    int largestSessionBytes,
    int profileBytes) {
  private static final SessionStateMapper SESSION_MAPPER = new SessionStateMapper();
  private static final AccountProfileMapper PROFILE_MAPPER = new AccountProfileMapper();

  static AccountStateSize of(
      MapState<String, SessionState> sessions,
      MapState<String, SessionState> shadowSessions,
      long ringEntries,
      AccountProfile profile)
      throws Exception {
    int n = 0;
    long bytes = 0;
    int largest = 0;
    for (Map.Entry<String, SessionState> e : sessions.entries()) {
      n++;
      int b = SESSION_MAPPER.toBytes(e.getValue()).length;
      bytes += b;
      largest = Math.max(largest, b);
    }
    int shadows = 0;
    for (Map.Entry<String, SessionState> e : shadowSessions.entries()) {
      shadows++;
      bytes += SESSION_MAPPER.toBytes(e.getValue()).length;
    }
    return new AccountStateSize(
        n,
        shadows,
        ringEntries,
        bytes,
        largest,
        profile == null ? 0 : PROFILE_MAPPER.toBytes(profile).length);
  }
}
