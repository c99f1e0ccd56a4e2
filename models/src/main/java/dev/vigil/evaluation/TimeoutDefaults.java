package dev.vigil.evaluation;

/**
 * The session timeouts an exchange gives each population by default; a SET_TIMEOUT below half of
 * either counts as "timeout cut by more than 50%". Retail: 24 h absolute, 1 h idle. Institutional:
 * 12 h absolute, 1 h idle. Bots and market makers: 7 days absolute, 15 min idle (they reconnect,
 * but an idle API session is closed quickly). Attacker-owned sessions use the retail values.
 */
public record TimeoutDefaults(long absoluteSeconds, long idleSeconds) {

  public static TimeoutDefaults of(String population) {
    return switch (population) {
      case "institutional" -> new TimeoutDefaults(12 * 3600, 3600);
      case "bot", "market_maker" -> new TimeoutDefaults(7 * 24 * 3600, 15 * 60);
      default -> new TimeoutDefaults(24 * 3600, 3600);
    };
  }

  /** Whether the command's timeouts cut either default by more than half. */
  public boolean cutByMoreThanHalf(Long absolute, Long idle) {
    return (absolute != null && absolute * 2 < absoluteSeconds)
        || (idle != null && idle * 2 < idleSeconds);
  }
}
