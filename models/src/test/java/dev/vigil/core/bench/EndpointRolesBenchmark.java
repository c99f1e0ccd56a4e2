package dev.vigil.core.bench;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one endpoint-role lookup ({@code EndpointRoles.roleOf}, 49 default rules) against the
 * reference, one {@code PathRules.matches} over the 8 sensitive prefixes, on the simulator's paths.
 * Run like {@link ScoringBenchmark}: {@code org.openjdk.jmh.Main EndpointRolesBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EndpointRolesBenchmark {
  private static final String[][] REQUESTS = {
    {"GET", "/api/v3/markets/tickers"},
    {"GET", "/api/v3/markets/BTC-27NOV26-95000-C/orderbook"},
    {"POST", "/api/v3/orders"},
    {"GET", "/api/v3/orders/history"},
    {"GET", "/api/v3/account/balances"},
    {"POST", "/api/v3/wallet/withdrawals"},
    {"GET", "/api/v3/positions"},
    {"DELETE", "/api/v3/orders"}
  };

  private RiskModel model;
  private int next;

  @Setup
  public void setUp() {
    model = RiskModelLoader.defaults();
  }

  @Benchmark
  public EndpointRole roleOf() {
    String[] r = REQUESTS[next++ & 7];
    return model.evidence.roles.roleOf(r[0], r[1]);
  }

  @Benchmark
  public boolean sensitiveMatches() {
    String[] r = REQUESTS[next++ & 7];
    return model.evidence.sensitive.matches(r[0], r[1]);
  }
}
