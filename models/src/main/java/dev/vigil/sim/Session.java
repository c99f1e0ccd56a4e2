package dev.vigil.sim;

/**
 * One session's ground truth, filled from the events actually written, so that a label can never
 * disagree with the events file.
 */
public final class Session {
  private final String id;
  private final String userId;
  private final Population population;
  final byte[] json;
  Scenario scenario;
  HardCase hardCase;

  /** compromise, abuse, attempt (failed credential attempt), or null for benign. */
  String kind;

  boolean registered;

  /** Started in the warm-up and never attacked: history, not evaluated. */
  boolean warmup;

  long firstEventTime;
  long lastEventTime;
  long events;
  long takeoverCounter = -1;
  long takeoverTime;
  long lastAttackerCounter = -1;
  long lastAttackerTime;
  final LongList attackerCounters = new LongList();
  final LongList attackerTimes = new LongList();

  Session(String id, String userId, Population population) {
    this.id = id;
    this.userId = userId;
    this.population = population;
    this.json =
        new ByteBuf(80)
            .ascii(",\"session.id\":")
            .string(id)
            .ascii(",\"user.id\":")
            .string(userId)
            .toArray();
  }

  void markAttack(Scenario s, String kind) {
    this.scenario = s;
    this.kind = kind;
  }

  void markHardCase(HardCase h) {
    if (hardCase == null) {
      hardCase = h;
    }
  }

  public String id() {
    return id;
  }

  public String userId() {
    return userId;
  }

  public Population population() {
    return population;
  }

  /** Null when benign. */
  public Scenario scenario() {
    return scenario;
  }

  public HardCase hardCase() {
    return hardCase;
  }

  public String kind() {
    return kind;
  }

  public boolean warmup() {
    return warmup;
  }

  public long events() {
    return events;
  }

  public int attackerRequests() {
    return attackerCounters.size();
  }
}
