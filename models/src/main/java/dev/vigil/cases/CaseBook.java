package dev.vigil.cases;

import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.SecurityCase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All open cases in memory, for the file backtest and tests: each decision that {@linkplain
 * CaseAssembler#counts counts} joins its account's case, its source network's case (when the source
 * address is known) and its withdrawal address's case (when named); cases quiet for the configured
 * period are closed as event time passes. The streaming job holds the same cases in keyed state
 * instead ({@code dev.vigil.job.cases}), with the same {@link CaseAssembler}.
 *
 * <p>Bounds: at most {@link CaseSettings#maxOpenCases()} cases per grouping (beyond it the least
 * recently updated is closed early). Each map is ordered by last update, so closing quiet cases
 * looks only at the front: O(1) per decision plus O(1) per case closed, provided decisions arrive
 * roughly in event-time order (a case updated out of order closes when it reaches the front). Not
 * thread-safe.
 */
public final class CaseBook {
  private final CaseAssembler assembler;
  private final Map<CaseGrouping, LinkedHashMap<String, SecurityCase>> open =
      new EnumMap<>(CaseGrouping.class);

  public CaseBook(CaseSettings settings) {
    this.assembler = new CaseAssembler(settings);
    for (CaseGrouping g : CaseGrouping.values()) {
      open.put(g, new LinkedHashMap<>());
    }
  }

  /**
   * Closes the cases quiet at the signal's time, then folds the signal into its cases.
   *
   * @return the case revisions to emit, in order (copies: later folds do not change them)
   */
  public List<SecurityCase> add(CaseSignal s) {
    return add(s, NetworkPrefix.of(s.sourceIp()), s.withdrawalAddress());
  }

  /**
   * The same with the network and address keys given (the job's, possibly pseudonymised), instead
   * of taken from the signal.
   *
   * @param network the network case's key, or null for none
   * @param withdrawalAddress the address case's key, or null or empty for none
   */
  public List<SecurityCase> add(CaseSignal s, String network, String withdrawalAddress) {
    List<SecurityCase> out = new ArrayList<>(2);
    closeQuiet(s.time(), out);
    if (!assembler.counts(s)) {
      return out;
    }
    fold(CaseGrouping.ACCOUNT, s.accountId(), s, out);
    if (network != null) {
      fold(CaseGrouping.NETWORK, network, s, out);
    }
    if (withdrawalAddress != null && !withdrawalAddress.isEmpty()) {
      fold(CaseGrouping.WITHDRAWAL_ADDRESS, withdrawalAddress, s, out);
    }
    return out;
  }

  /** Closes every case quiet at {@code now}; returns the closed revisions to emit. */
  public List<SecurityCase> closeQuiet(long now) {
    List<SecurityCase> out = new ArrayList<>();
    closeQuiet(now, out);
    return out;
  }

  /** Closes every open case (the end of a backtest); returns the closed revisions to emit. */
  public List<SecurityCase> closeAll() {
    List<SecurityCase> out = new ArrayList<>();
    closeQuiet(Long.MAX_VALUE, out);
    return out;
  }

  /** The id of the case held for {@code key} of grouping {@code g}, or null. */
  public String caseIdOf(CaseGrouping g, String key) {
    SecurityCase c = open.get(g).get(key);
    return c == null ? null : c.getCaseId();
  }

  /** Cases held, emitted or not. */
  public int openCount() {
    int n = 0;
    for (Map<String, SecurityCase> m : open.values()) {
      n += m.size();
    }
    return n;
  }

  private void fold(CaseGrouping g, String key, CaseSignal s, List<SecurityCase> out) {
    LinkedHashMap<String, SecurityCase> cases = open.get(g);
    SecurityCase c = cases.remove(key);
    if (c == null) {
      c = assembler.open(g, key, s);
      if (cases.size() >= assembler.settings().maxOpenCases()) {
        Iterator<SecurityCase> eldest = cases.values().iterator();
        closeAndEmit(eldest.next(), out);
        eldest.remove();
      }
    }
    cases.put(key, c);
    if (assembler.fold(c, s)) {
      out.add(SecurityCase.newBuilder(c).build());
    }
  }

  private void closeQuiet(long now, List<SecurityCase> out) {
    for (LinkedHashMap<String, SecurityCase> cases : open.values()) {
      Iterator<SecurityCase> it = cases.values().iterator();
      while (it.hasNext()) {
        SecurityCase c = it.next();
        if (now != Long.MAX_VALUE && assembler.closesAt(c) > now) {
          break;
        }
        closeAndEmit(c, out);
        it.remove();
      }
    }
  }

  private void closeAndEmit(SecurityCase c, List<SecurityCase> out) {
    if (assembler.close(c)) {
      out.add(SecurityCase.newBuilder(c).build());
    }
  }
}
