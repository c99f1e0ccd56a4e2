package dev.vigil.sim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The exchange traffic simulator. Accounts, their behaviours and the planned attacks are drawn from
 * the seed; then every behaviour (a {@link Source} with its own random stream) is merged by
 * next-event time in a heap, so that the output is in time order and, for a seed, byte-identical
 * from run to run. Retail and institutional sessions start 3 hours before the first written instant
 * so that the file opens on traffic in progress; what happens before it is generated and dropped.
 * With a warm-up ({@link SimulationConfig#warmupMs()}) the file first holds that much benign
 * history: attacks are planned inside the window only, and sessions that start in the warm-up
 * without attacker events are labelled {@code warmup}.
 *
 * <p>Labels are filled from the events as they are written: a session's takeover event is its first
 * attacker request written, so labels and events cannot disagree. A session planned as attacked
 * whose attacker requests all fall outside the window is labelled benign.
 */
public final class Simulator {
  static final long WARMUP_MS = 3 * 3_600_000L;

  private final SimulationConfig config;
  private final SourceQueue queue = new SourceQueue();
  private final List<Account> accounts = new ArrayList<>();
  private final List<Session> sessions = new ArrayList<>();
  private final Map<Account, BotSource> bots = new HashMap<>();
  private long sessionCounter;
  private int skippedAttacks;
  private boolean ran;

  public Simulator(SimulationConfig config) {
    this.config = config;
    SplittableRandom setup = new SplittableRandom(config.seed());
    createAccounts(setup);
    assignHardCases(setup);
    startBehaviours();
    planAttacks(setup);
  }

  /** Writes events.jsonl and labels.jsonl into {@code dir} (created if needed). */
  public static SimulationResult generate(SimulationConfig config, Path dir) throws IOException {
    return generate(config, dir, time -> {});
  }

  /**
   * As {@link #generate(SimulationConfig, Path)}, telling {@code written} the time of each event
   * once it is written (for a progress line).
   */
  public static SimulationResult generate(
      SimulationConfig config, Path dir, java.util.function.LongConsumer written)
      throws IOException {
    Files.createDirectories(dir);
    Simulator sim = new Simulator(config);
    SimulationResult result;
    try (OutputStream out =
        new BufferedOutputStream(Files.newOutputStream(dir.resolve("events.jsonl")), 1 << 16)) {
      result =
          sim.run(
              (json, length, time, user) -> {
                out.write(json, 0, length);
                written.accept(time);
              });
    }
    try (OutputStream out =
        new BufferedOutputStream(Files.newOutputStream(dir.resolve("labels.jsonl")), 1 << 16)) {
      LabelWriter.write(sim.sessions(), config.seed(), out);
    }
    return result;
  }

  public List<Account> accounts() {
    return Collections.unmodifiableList(accounts);
  }

  /** Sessions with at least one event written, in order of their first event (after a run). */
  public List<Session> sessions() {
    return Collections.unmodifiableList(sessions);
  }

  public SimulationConfig config() {
    return config;
  }

  /** Generates the window's events in time order into {@code sink}. Runs once. */
  public SimulationResult run(EventSink sink) throws IOException {
    if (ran) {
      throw new IllegalStateException("a Simulator runs once");
    }
    ran = true;
    long began = System.nanoTime();
    long start = config.firstMs();
    long end = config.endMs();
    SimEvent e = new SimEvent();
    EventJsonWriter writer = new EventJsonWriter(config.seed(), config.world(), config.startMs());
    ByteBuf buf = writer.buffer();
    long counter = 0;
    while (queue.size() > 0) {
      Source s = queue.peek();
      long t = s.next;
      if (t >= end) {
        break;
      }
      queue.poll();
      e.clear();
      e.time = t;
      boolean emitted = s.step(e, this);
      if (s.next != Source.DONE) {
        if (s.next < t) {
          throw new IllegalStateException("a behaviour went back in time");
        }
        queue.reinsert(s);
      }
      if (emitted && t >= start) {
        counter++;
        record(e, counter);
        writer.render(e, counter);
        sink.accept(buf.array(), buf.length(), t, e.session.userId());
      }
    }
    long attacked = 0;
    for (Session s : sessions) {
      if (s.scenario != null && s.attackerCounters.size() == 0) {
        s.scenario = null;
        s.kind = null;
      }
      if (s.scenario != null) {
        attacked++;
      }
      s.warmup = s.firstEventTime < config.startMs() && s.attackerCounters.size() == 0;
    }
    return new SimulationResult(
        counter, sessions.size(), attacked, skippedAttacks, System.nanoTime() - began);
  }

  private void record(SimEvent e, long counter) {
    Session s = e.session;
    if (!s.registered) {
      s.registered = true;
      s.firstEventTime = e.time;
      sessions.add(s);
    }
    s.lastEventTime = e.time;
    s.events++;
    if (e.attacker) {
      if (s.takeoverCounter < 0) {
        s.takeoverCounter = counter;
        s.takeoverTime = e.time;
      }
      s.lastAttackerCounter = counter;
      s.lastAttackerTime = e.time;
      s.attackerCounters.add(counter);
      s.attackerTimes.add(e.time);
    }
  }

  Session newSession(String userId, Population population) {
    return new Session("s" + Rand.hex(config.seed(), ++sessionCounter), userId, population);
  }

  void spawn(Source s) {
    if (s.next != Source.DONE) {
      queue.add(s);
    }
  }

  // ---- setup ----

  private static SplittableRandom accountRandom(long seed, int index) {
    return new SplittableRandom(Rand.mix(Rand.mix(seed) + index));
  }

  private void createAccounts(SplittableRandom setup) {
    int n = config.accounts();
    Population[] pops = populationPlan(n, setup);
    for (int i = 0; i < n; i++) {
      SplittableRandom rng = accountRandom(config.seed(), i);
      accounts.add(AccountFactory.create(i, String.format("u%07d", i + 1), pops[i], rng));
    }
  }

  /** Exact counts by largest remainder (at least one of each population asked for), shuffled. */
  private Population[] populationPlan(int n, SplittableRandom rng) {
    Map<Population, Double> shares = config.mix().populations();
    Map<Population, Integer> counts = new EnumMap<>(Population.class);
    int assigned = 0;
    for (Map.Entry<Population, Double> en : shares.entrySet()) {
      int c = (int) Math.floor(en.getValue() * n);
      if (c == 0 && en.getValue() > 0 && n >= shares.size()) {
        c = 1;
      }
      counts.put(en.getKey(), c);
      assigned += c;
    }
    Population largest =
        shares.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    counts.merge(largest, n - assigned, Integer::sum);
    Population[] plan = new Population[n];
    int k = 0;
    for (Map.Entry<Population, Integer> en : counts.entrySet()) {
      for (int j = 0; j < en.getValue() && k < n; j++) {
        plan[k++] = en.getKey();
      }
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Population t = plan[i];
      plan[i] = plan[j];
      plan[j] = t;
    }
    return plan;
  }

  private void assignHardCases(SplittableRandom setup) {
    for (HardCase h : HardCase.values()) {
      double share = config.mix().hardCases().getOrDefault(h, 0.0);
      if (share <= 0) {
        continue;
      }
      List<Account> eligible = new ArrayList<>();
      for (Account a : accounts) {
        boolean fits =
            h.population() == Population.BOT
                ? a.population == Population.BOT || a.population == Population.MARKET_MAKER
                : a.population == h.population();
        if (fits && a.hardCase == null) {
          eligible.add(a);
        }
      }
      Collections.shuffle(eligible, new java.util.Random(setup.nextLong()));
      int count = (int) Math.max(eligible.isEmpty() ? 0 : 1, Math.round(share * eligible.size()));
      for (int i = 0; i < count && i < eligible.size(); i++) {
        AccountFactory.giveHardCase(eligible.get(i), h, config, setup);
      }
    }
  }

  private void startBehaviours() {
    long warm = config.firstMs() - WARMUP_MS;
    for (Account a : accounts) {
      SplittableRandom rng = accountRandom(config.seed(), a.index).split();
      switch (a.population) {
        case RETAIL, INSTITUTIONAL -> spawn(new SessionScheduler(a, rng, warm));
        default -> {
          BotSource b =
              new BotSource(
                  a,
                  rng,
                  config.startMs() - config.automatedWarmupMs(),
                  config.startMs(),
                  config.endMs(),
                  this);
          bots.put(a, b);
          spawn(b);
        }
      }
    }
  }

  private void planAttacks(SplittableRandom setup) {
    Map<Population, List<Account>> pools = new EnumMap<>(Population.class);
    for (Population p : Population.values()) {
      pools.put(p, new ArrayList<>());
    }
    for (Account a : accounts) {
      if (a.hardCase == null) {
        pools.get(a.population).add(a);
      }
    }
    for (List<Account> pool : pools.values()) {
      Collections.shuffle(pool, new java.util.Random(setup.nextLong()));
    }
    AttackPlanner planner = new AttackPlanner(this, pools, accounts, bots, config);
    for (Scenario s : Scenario.values()) {
      double share = config.mix().scenarios().getOrDefault(s, 0.0);
      if (share <= 0) {
        continue;
      }
      long count = Math.max(1, Math.round(share * config.accounts()));
      for (long i = 0; i < count; i++) {
        if (!planner.plan(s, setup.split())) {
          skippedAttacks++;
        }
      }
    }
  }
}
