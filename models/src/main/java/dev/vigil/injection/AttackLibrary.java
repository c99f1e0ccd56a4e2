package dev.vigil.injection;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.EventLineDecoder;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.schema.AccessEvent;
import dev.vigil.sim.LabelWriter;
import dev.vigil.sim.Scenario;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.Session;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Attacker sessions from the simulator's attack library ({@code dev.vigil.sim.*Attack}), run in a
 * small simulated exchange of their own and cut out as templates for {@link AttackInjector} to
 * transplant onto the history's accounts.
 *
 * <p>The simulated exchange holds just enough accounts of each population for the requested runs
 * (twice the victims needed, so the planner always finds one), no hard cases, a 2-hour window (the
 * planner starts attacks between 5% and 60% of it, and the longest, low_and_slow, lasts about half
 * an hour). The simulator is deterministic, so it is run twice with the same seed: the first run
 * yields the labels (which events are the attacker's), the second the events themselves, without
 * keeping the whole simulated traffic in memory. Only compromises are kept: the failed attempts of
 * credential stuffing and the abuse scenarios are not attacks on a session.
 */
public final class AttackLibrary {
  private static final long WINDOW_MS = 2 * 3_600_000L;

  /** One attacker session as the simulator ran it. */
  public record Template(
      String scenario,
      boolean sharesOwnerSession,
      List<AccessEvent> events,
      boolean[] replayed,
      Set<String> victimApiKeys) {}

  private AttackLibrary() {}

  /** Runs each scenario of {@code attacks} that many times (seeded) and cuts out its sessions. */
  public static List<Template> generate(Map<String, Integer> attacks, long seed) {
    int total = attacks.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      return List.of();
    }
    SimulationConfig config = config(attacks, seed);
    List<SessionLabel> labels = new ArrayList<>();
    Map<String, Boolean> shared = new HashMap<>();
    try {
      Simulator first = new Simulator(config);
      first.run((json, length, t, user) -> {});
      for (Session s : first.sessions()) {
        shared.put(s.id(), s.events() > s.attackerRequests());
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      LabelWriter.write(first.sessions(), config.seed(), bytes);
      for (SessionLabel l : EvaluationFiles.parseLabels(bytes.toString(StandardCharsets.UTF_8))) {
        if (l.compromised() && attacks.getOrDefault(l.label(), 0) > 0) {
          labels.add(l);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Integer> attackerEvents = new HashMap<>();
    Set<String> victims = new HashSet<>();
    List<List<AccessEvent>> events = new ArrayList<>();
    for (SessionLabel l : labels) {
      for (String id : l.attackerEventIds()) {
        attackerEvents.put(id, events.size());
      }
      victims.add(l.userId());
      events.add(new ArrayList<>());
    }
    Map<String, Set<String>> ownerNonces = new HashMap<>();
    Map<String, Set<String>> victimKeys = new HashMap<>();
    List<List<Boolean>> replayed = new ArrayList<>();
    labels.forEach(l -> replayed.add(new ArrayList<>()));
    EventLineDecoder decoder = new EventLineDecoder();
    try {
      new Simulator(config)
          .run(
              (json, length, t, user) -> {
                if (!victims.contains(user)) {
                  return;
                }
                AccessEvent e = decoder.decode(json, length);
                Integer k = attackerEvents.get(e.getEventId());
                Set<String> nonces =
                    ownerNonces.computeIfAbsent(e.getSessionId(), x -> new HashSet<>());
                if (k == null) {
                  if (e.getNonce() != null) {
                    nonces.add(e.getNonce());
                  }
                  if (e.getApiKeyId() != null) {
                    victimKeys.computeIfAbsent(user, x -> new HashSet<>()).add(e.getApiKeyId());
                  }
                  return;
                }
                events.get(k).add(e);
                replayed.get(k).add(e.getNonce() != null && nonces.contains(e.getNonce()));
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Template> out = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      SessionLabel l = labels.get(k);
      boolean[] r = new boolean[replayed.get(k).size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = replayed.get(k).get(i);
      }
      out.add(
          new Template(
              l.label(),
              shared.getOrDefault(l.sessionId(), false),
              List.copyOf(events.get(k)),
              r,
              Set.copyOf(victimKeys.getOrDefault(l.userId(), Set.of()))));
    }
    return out;
  }

  /** Whether a scenario's victims are automated (API-key) accounts. */
  static boolean automatedVictims(String scenario) {
    return switch (Scenario.byId(scenario)) {
      case STOLEN_API_KEY, REPLAY, LEAKED_MM_KEY, READONLY_KEY_EXFIL -> true;
      default -> false;
    };
  }

  private static SimulationConfig config(Map<String, Integer> attacks, long seed) {
    int bots = 0;
    int makers = 0;
    int retail = 0;
    for (Map.Entry<String, Integer> e : attacks.entrySet()) {
      int n = e.getValue();
      switch (Scenario.byId(e.getKey())) {
        case STOLEN_API_KEY, REPLAY, READONLY_KEY_EXFIL -> bots += n;
        case LEAKED_MM_KEY -> makers += n;
        // Up to 3 victims a run, and its 30-80 failed targets among retail accounts.
        case CREDENTIAL_STUFFING -> retail += 3 * n + 80;
        // Needs accounts with MFA, about half of retail (a SIM swap pays off on those too).
        case MFA_BRUTE_FORCE, SIM_SWAP -> retail += 2 * n;
        default -> retail += n;
      }
    }
    bots = 2 * bots;
    makers = 2 * makers;
    retail = 2 * retail + 10;
    int accounts = bots + makers + retail;
    StringBuilder json = new StringBuilder();
    json.append(
        String.format(
            Locale.ROOT,
            "{\"populations\": {\"retail\": %.12f, \"bot\": %.12f, \"market_maker\": %.12f,"
                + " \"institutional\": 0}, \"hard_cases\": {}, \"scenarios\": {",
            retail / (double) accounts,
            bots / (double) accounts,
            makers / (double) accounts));
    String sep = "";
    for (Map.Entry<String, Integer> e : attacks.entrySet()) {
      json.append(sep)
          .append('"')
          .append(e.getKey())
          .append("\": ")
          .append(String.format(Locale.ROOT, "%.12f", e.getValue() / (double) accounts));
      sep = ", ";
    }
    json.append("}}");
    // Shares are normalised by the simulator; the scenario counts are share x accounts, rounded.
    return new SimulationConfig(
        accounts,
        WINDOW_MS,
        seed,
        ScenarioMix.parse(json.toString(), "the trainer's attack library"));
  }
}
