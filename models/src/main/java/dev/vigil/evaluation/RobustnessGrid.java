package dev.vigil.evaluation;

import dev.vigil.core.model.RiskModel;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.Scenario;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one model over a grid of simulated worlds and seeds ({@link Backtest#simulate} per cell) and
 * pools each world's seeds into one {@link RobustnessRow}: does what the model catches, and what it
 * leaves alone, hold when the benign world changes?
 *
 * <p>It counts differently from {@link Evaluator} in two ways, both on purpose: a HOLD_WITHDRAWALS
 * counts as an action on a takeover (it stops the cash-out), and warm-up sessions count among the
 * benign ones (a model that kills owners in the history it learns from must show it). Cells run on
 * {@code threads} threads (each holds one simulation's states: a few hundred MB at 3,000 accounts);
 * the result does not depend on the number of threads.
 */
public final class RobustnessGrid {
  /** The careful takeovers that issue 9 is about. */
  public static final Set<String> CAREFUL =
      Set.of(
          Scenario.LOW_AND_SLOW.id(),
          Scenario.SIM_SWAP.id(),
          Scenario.READONLY_KEY_EXFIL.id(),
          Scenario.COOKIE_HIJACK_LOCAL.id());

  /**
   * The size of every cell.
   *
   * @param warmupMs benign history before the window (people)
   * @param automatedWarmupMs the part of it in which bots run
   */
  public record Options(
      int accounts,
      List<Long> seeds,
      long durationMs,
      long warmupMs,
      long automatedWarmupMs,
      int threads) {
    public Options {
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException("at least one seed is required");
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      seeds = List.copyOf(seeds);
    }
  }

  private RobustnessGrid() {}

  /** One row per world, in the order given. */
  public static List<RobustnessRow> run(List<World> worlds, Options o, RiskModel model) {
    ExecutorService pool = Executors.newFixedThreadPool(o.threads());
    try {
      List<List<Future<Cell>>> futures = new ArrayList<>();
      for (World w : worlds) {
        List<Future<Cell>> perSeed = new ArrayList<>();
        for (long seed : o.seeds()) {
          perSeed.add(pool.submit(() -> cell(w, seed, o, model)));
        }
        futures.add(perSeed);
      }
      List<RobustnessRow> rows = new ArrayList<>();
      for (int i = 0; i < worlds.size(); i++) {
        List<Cell> cells = new ArrayList<>();
        for (Future<Cell> f : futures.get(i)) {
          cells.add(f.get());
        }
        rows.add(pool(worlds.get(i), o, cells));
      }
      return rows;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a world failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One world's row from its cells (one per seed). */
  static RobustnessRow pool(World w, Options o, List<Cell> cells) {
    Tally t = new Tally();
    cells.forEach(t::add);
    return t.row(w, o);
  }

  /** What one (world, seed) run gives. */
  record Cell(List<SessionLabel> labels, List<SessionCommand> commands, long events, long nanos) {}

  static Cell cell(World w, long seed, Options o, RiskModel model) {
    long began = System.nanoTime();
    SimulationConfig c =
        new SimulationConfig(o.accounts(), o.durationMs(), seed, w.mix())
            .withWarmup(o.warmupMs(), o.automatedWarmupMs())
            .inWorld(w);
    Backtest.Result r = Backtest.simulate(c, model);
    return new Cell(
        r.labels(), r.backtest().commands(), r.simulation().events(), System.nanoTime() - began);
  }

  /** Counts pooled over a world's seeds. */
  private static final class Tally {
    int compromised;
    int detected;
    int carefulCompromised;
    int carefulDetected;
    final List<Double> requests = new ArrayList<>();
    int benign;
    int benignWarmup;
    int benignKilled;
    int benignSteppedUpOrHeld;
    int botSessions;
    int botKilled;
    int abuse;
    int abuseThrottled;
    int abuseKilled;
    int abuseSteppedUp;
    final Map<String, int[]> byScenario = new TreeMap<>();
    long events;
    long nanos;

    void add(Cell cell) {
      events += cell.events();
      nanos += cell.nanos();
      Map<String, List<SessionCommand>> bySession = SessionActions.bySession(cell.commands());
      for (SessionLabel l : cell.labels()) {
        List<SessionCommand> cs = bySession.getOrDefault(l.sessionId(), List.of());
        if (l.benign()) {
          benign++;
          benignWarmup += l.warmup() ? 1 : 0;
          boolean killed = SessionActions.killed(cs);
          benignKilled += killed ? 1 : 0;
          benignSteppedUpOrHeld += SessionActions.steppedUpOrHeld(cs) ? 1 : 0;
          if (SessionActions.automated(l.population())) {
            botSessions++;
            botKilled += killed ? 1 : 0;
          }
        } else if (l.abuse()) {
          abuse++;
          abuseThrottled += SessionActions.has(cs, CommandAction.SET_RATE_LIMIT.name()) ? 1 : 0;
          abuseKilled += SessionActions.killed(cs) ? 1 : 0;
          abuseSteppedUp += SessionActions.has(cs, CommandAction.STEP_UP.name()) ? 1 : 0;
        } else if (l.compromised()) {
          compromise(l, cs);
        }
      }
    }

    private void compromise(SessionLabel l, List<SessionCommand> cs) {
      compromised++;
      boolean careful = CAREFUL.contains(l.label());
      carefulCompromised += careful ? 1 : 0;
      int[] s = byScenario.computeIfAbsent(l.label(), k -> new int[2]);
      s[0]++;
      Evaluator.Placement p = SessionActions.firstTakeoverAction(l, cs);
      if (p == null) {
        return;
      }
      requests.add((double) p.attackerRequests());
      if (p.attackerRequests() < l.attackerRequests()) {
        detected++;
        carefulDetected += careful ? 1 : 0;
        s[1]++;
      }
    }

    RobustnessRow row(World w, Options o) {
      Map<String, RobustnessRow.ScenarioCount> scenarios = new TreeMap<>();
      byScenario.forEach((k, v) -> scenarios.put(k, new RobustnessRow.ScenarioCount(v[0], v[1])));
      return new RobustnessRow(
          w.name(),
          w.split().id(),
          o.seeds(),
          o.accounts(),
          compromised,
          detected,
          carefulCompromised,
          carefulDetected,
          Distribution.of(requests.stream().mapToDouble(Double::doubleValue).toArray()),
          benign,
          benignWarmup,
          benignKilled,
          benignSteppedUpOrHeld,
          botSessions,
          botKilled,
          abuse,
          abuseThrottled,
          abuseKilled,
          abuseSteppedUp,
          scenarios,
          events,
          nanos / 1e9);
    }
  }
}
