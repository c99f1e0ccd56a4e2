package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: results depend on the run's parallelism, because each subtask keeps its own {@code
 * PopulationPrior} over the accounts it holds. The bound documented there, on one seeded file
 * scored by {@code vigil score} at parallelism 1, 2 and 4 with every probability change audited:
 * the same kills and withdrawal holds (same command ids), the same sessions stepped up (a step-up
 * may move by an event: on a 12-million-event file, 300 accounts, one came 2.4 s later at
 * parallelism 2 and 4); a command count within 3% of parallelism 1's and at most 6% of command ids
 * in one run only (timeouts and rate limits near a threshold move by an event); every session's
 * highest compromise log-odds within 1.9 ln k nats (k the parallelism: the population-dependent
 * evidence weights times the largest typical shift of the prior, see {@code PopulationPrior}), and
 * within 0.5 nats for sessions that reach 1%.
 */
class ParallelismBoundIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sum of the model's weights of the population-backed terms: prefix, AS, country, client. */
  static final double POPULATION_WEIGHT = 0.5 + 0.5 + 0.4 + 0.5;

  @TempDir Path dir;

  record Run(List<JsonNode> commands, Map<String, Double> maxLogOdds) {
    /** Sessions that got {@code action}. */
    Set<String> sessions(String action) {
      Set<String> out = new TreeSet<>();
      for (JsonNode c : commands) {
        if (c.get("action").asText().equals(action)) {
          out.add(c.get("sessionId").asText());
        }
      }
      return out;
    }

    Set<String> ids(String action) {
      Set<String> out = new TreeSet<>();
      for (JsonNode c : commands) {
        if (action == null || c.get("action").asText().equals(action)) {
          out.add(c.get("commandId").asText());
        }
      }
      return out;
    }
  }

  @Test
  void theSameFileAtParallelism124KillsHoldsAndStepsUpTheSameAndScoresWithinTheBound()
      throws Exception {
    Path sim = dir.resolve("sim");
    CliRun simulate =
        CliRun.of(
            "simulate",
            "--accounts",
            "100",
            "--duration",
            "2h",
            "--warmup",
            "2d",
            "--automated-warmup",
            "0s",
            "--seed",
            "3",
            "--out",
            sim.toString());
    assertThat(simulate.exitCode()).as(simulate.err()).isZero();
    Run one = score(sim.resolve("events.jsonl"), 1);
    assertThat(one.ids("KILL")).isNotEmpty();
    assertThat(one.ids("STEP_UP")).isNotEmpty();
    for (int k : new int[] {2, 4}) {
      Run other = score(sim.resolve("events.jsonl"), k);
      Set<String> onlyOne = new TreeSet<>(one.ids(null));
      onlyOne.removeAll(other.ids(null));
      Set<String> onlyOther = new TreeSet<>(other.ids(null));
      onlyOther.removeAll(one.ids(null));
      double worst = 0;
      double worstActed = 0;
      String worstSession = "";
      Set<String> sessions = new HashSet<>(one.maxLogOdds().keySet());
      sessions.addAll(other.maxLogOdds().keySet());
      for (String s : sessions) {
        double a = one.maxLogOdds().getOrDefault(s, Double.NaN);
        double b = other.maxLogOdds().getOrDefault(s, Double.NaN);
        assertThat(a).as("session %s has a probability at parallelism 1 and %d", s, k).isNotNaN();
        assertThat(b).as("session %s has a probability at parallelism 1 and %d", s, k).isNotNaN();
        double d = Math.abs(a - b);
        if (d > worst) {
          worst = d;
          worstSession = s;
        }
        if (Math.max(a, b) >= logOdds(0.01)) {
          worstActed = Math.max(worstActed, d);
        }
      }
      System.out.printf(
          "parallelism 1 vs %d: %d vs %d commands (kill %d/%d, step-up %d/%d, hold %d/%d);"
              + " only at 1: %s; only at %d: %s; largest session log-odds difference %.3f nats"
              + " (%s, bound %.2f), %.3f among sessions reaching 1%% (bound 0.5)%n",
          k,
          one.commands().size(),
          other.commands().size(),
          one.ids("KILL").size(),
          other.ids("KILL").size(),
          one.ids("STEP_UP").size(),
          other.ids("STEP_UP").size(),
          one.ids("HOLD_WITHDRAWALS").size(),
          other.ids("HOLD_WITHDRAWALS").size(),
          onlyOne,
          k,
          onlyOther,
          worst,
          worstSession,
          POPULATION_WEIGHT * Math.log(k),
          worstActed);

      assertThat(other.ids("KILL")).isEqualTo(one.ids("KILL"));
      assertThat(other.sessions("STEP_UP")).isEqualTo(one.sessions("STEP_UP"));
      assertThat(other.ids("HOLD_WITHDRAWALS")).isEqualTo(one.ids("HOLD_WITHDRAWALS"));
      assertThat((double) Math.abs(other.commands().size() - one.commands().size()))
          .isLessThanOrEqualTo(0.03 * one.commands().size());
      assertThat((double) (onlyOne.size() + onlyOther.size()))
          .isLessThanOrEqualTo(0.06 * one.commands().size());
      assertThat(worst).isLessThanOrEqualTo(POPULATION_WEIGHT * Math.log(k));
      assertThat(worstActed).isLessThanOrEqualTo(0.5);
    }
  }

  private Run score(Path events, int parallelism) throws Exception {
    Path out = dir.resolve("p" + parallelism);
    CliRun run =
        CliRun.of(
            "score",
            "--input",
            events.toString(),
            "--out",
            out.toString(),
            "--set",
            "parallelism=" + parallelism,
            "--set",
            "risk.audit-min-probability-change=0");
    assertThat(run.exitCode()).as(run.err()).isZero();
    System.out.print(run.out());
    List<JsonNode> commands =
        Files.readAllLines(out.resolve("commands.jsonl")).stream()
            .map(ParallelismBoundIT::parse)
            .toList();
    Map<String, Double> max = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(out.resolve("decisions.jsonl"))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode d = JSON.readTree(line);
        if (!d.get("shadow").asBoolean()) {
          max.merge(
              d.get("sessionId").asText(), logOdds(d.get("probability").asDouble()), Math::max);
        }
      }
    }
    return new Run(commands, max);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static double logOdds(double p) {
    double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
    return Math.log(q / (1 - q));
  }
}
