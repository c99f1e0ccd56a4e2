package dev.vigil.injection;

import dev.vigil.evaluation.SessionLabel;
import dev.vigil.injection.AttackInjector.Injected;
import dev.vigil.injection.AttackInjector.Plan;
import dev.vigil.schema.AccessEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Unlabelled traffic made labelled, as {@code vigil compare} does without {@code --labels}: the
 * attack library is run and transplanted onto the file's own accounts exactly as {@code vigil
 * train} does it ({@link AttackLibrary}, {@link AttackInjector}, {@link InjectedTraffic}), the
 * injected sessions are the compromised ones and every other session of the file counts as benign.
 *
 * <p>The labels: an injected attack is a compromise of its scenario from its first to its last
 * request (one riding an owner's session labels that session; the owner's earlier requests are its
 * benign part, as in the simulator's token_hijack). Any other session is benign, of population
 * {@value #HUMAN} or {@value #AUTOMATED} (most of its requests HMAC-signed), and a warm-up session
 * when it starts in the warm-up part of the file ({@code warmupShare}): scored and counted among
 * the benign, left out of calibration and AUC, and never attacked.
 */
public final class InjectedAttacks {
  /** Population of an unlabelled session whose requests are mostly not signed. */
  public static final String HUMAN = "human";

  /** Population of an unlabelled session whose requests are mostly HMAC-signed (API keys). */
  public static final String AUTOMATED = "automated";

  private final Path events;
  private final Plan plan;
  private final List<SessionLabel> labels;
  private final long seed;
  private final InjectionConfig config;

  private InjectedAttacks(
      Path events, Plan plan, List<SessionLabel> labels, long seed, InjectionConfig config) {
    this.events = events;
    this.plan = plan;
    this.labels = labels;
    this.seed = seed;
    this.config = config;
  }

  /**
   * Reads {@code events} once, runs the attack library (seeded) and places its attacks.
   *
   * @throws IllegalArgumentException when the file holds no events
   */
  public static InjectedAttacks plan(Path events, InjectionConfig config, long seed) {
    HistoryIndex history = HistoryIndex.of(events);
    List<AttackLibrary.Template> templates = AttackLibrary.generate(config.attacks(), seed);
    Plan plan = AttackInjector.plan(history, templates, config, seed);
    long warmupEnd = history.warmupEnd(config.warmupShare());
    Map<String, SessionLabel> labels = new LinkedHashMap<>();
    for (Injected a : plan.attacks()) {
      labels.putIfAbsent(a.sessionId(), compromise(a, history));
    }
    for (HistoryIndex.SessionSpan s : history.sessions()) {
      labels.putIfAbsent(
          s.id(),
          SessionLabel.benign(
              s.id(), s.account(), s.automated() ? AUTOMATED : HUMAN, null, s.first < warmupEnd));
    }
    return new InjectedAttacks(events, plan, List.copyOf(labels.values()), seed, config);
  }

  private static SessionLabel compromise(Injected a, HistoryIndex history) {
    List<String> ids = new ArrayList<>(a.events().size());
    long[] times = new long[a.events().size()];
    for (int i = 0; i < times.length; i++) {
      AccessEvent e = a.events().get(i);
      ids.add(e.getEventId());
      times[i] = e.getTimestamp();
    }
    AccessEvent first = a.events().get(0);
    AccessEvent last = a.events().get(times.length - 1);
    HistoryIndex.AccountHabits victim = history.accounts.get(a.account());
    return new SessionLabel(
        a.sessionId(),
        a.account(),
        victim != null && victim.automated() ? AUTOMATED : HUMAN,
        a.scenario(),
        "compromise",
        null,
        first.getEventId(),
        first.getTimestamp(),
        last.getEventId(),
        last.getTimestamp(),
        times.length,
        List.copyOf(ids),
        times,
        false);
  }

  /** The file's events with the attacks merged in, in time order. */
  public void forEach(Consumer<AccessEvent> sink) {
    InjectedTraffic.forEach(events, plan.attacks(), (e, attack, last) -> sink.accept(e));
  }

  /** One label per session of the merged traffic: the injected compromises, then the benign. */
  public List<SessionLabel> labels() {
    return labels;
  }

  public Plan plan() {
    return plan;
  }

  public int injected() {
    return plan.attacks().size();
  }

  /**
   * The line {@code vigil compare} prints: how many attacks, the seed and the configuration, and
   * that every other session counted as benign.
   */
  public String describe(String configName) {
    StringBuilder attacks = new StringBuilder();
    config
        .attacks()
        .forEach(
            (scenario, n) -> {
              if (n > 0) {
                int done = plan.injected().getOrDefault(scenario, 0);
                attacks.append(attacks.length() == 0 ? "" : ", ").append(scenario).append(' ');
                attacks.append(done);
                if (done != n) {
                  // Credential stuffing takes over 1 to 3 accounts a run; a run may find no victim.
                  attacks.append(" from ").append(n).append(n == 1 ? " run" : " runs");
                }
              }
            });
    int skipped = plan.skipped().values().stream().mapToInt(Integer::intValue).sum();
    return String.format(
        Locale.ROOT,
        "no labels: %d attacks injected (seed %d, config %s: %s; careful share %.2f, warm-up"
            + " share %.2f)%s; every other session counted as benign",
        injected(),
        seed,
        configName,
        attacks.length() == 0 ? "none" : attacks,
        config.carefulShare(),
        config.warmupShare(),
        skipped == 0 ? "" : ", " + skipped + " not injected for want of a victim");
  }
}
