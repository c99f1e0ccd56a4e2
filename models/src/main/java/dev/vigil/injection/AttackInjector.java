package dev.vigil.injection;

import dev.vigil.injection.AttackLibrary.Template;
import dev.vigil.injection.HistoryIndex.AccountHabits;
import dev.vigil.injection.HistoryIndex.SessionSpan;
import dev.vigil.schema.AccessEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Transplants the attack library's sessions onto the history's own accounts: the simplest honest
 * version of attack injection, and an approximation in these ways (stated in {@code
 * models/README.md} too):
 *
 * <ul>
 *   <li>Victims are drawn (seeded) among the accounts of the population the scenario targets
 *       (automated for stolen_api_key, replay, leaked_mm_key; human otherwise), each at most once
 *       while there are enough, among accounts active after the warm-up part.
 *   <li>An attack of its own session (stolen key, stuffing, MFA guessing, low-and-slow) gets a new
 *       session id and starts at a seeded instant between the end of the warm-up part and the end
 *       of the history. One that rides the owner's session in the simulator (token_hijack, replay)
 *       reuses a live history session of the victim, starting between 5% and 60% of its span.
 *   <li>Each event keeps the simulated attacker's network, timing, endpoints and addresses, shifted
 *       in time; the account, session and event ids are rewritten, and a request signed with the
 *       simulated victim's key is signed with the history victim's most used key.
 *   <li>A careful share ({@code carefulShare}, and every low_and_slow session) copies the victim's
 *       most used user agent and country with a location in it; the AS and address stay the
 *       simulated ones (a residential proxy in the victim's country, not the victim's ISP).
 *   <li>Replayed requests take their nonce and client timestamp from the host session's own last
 *       requests when the replay starts ({@link InjectedTraffic} does it as it reaches them); a
 *       host without nonces keeps the simulated ones, which then are no replay.
 * </ul>
 *
 * What it cannot give: attacks the library does not hold, how the exchange's real attackers differ
 * from the simulated ones, and the reaction of an owner to an attack (the history's owners never
 * saw one).
 */
public final class AttackInjector {
  /** One transplanted attack, events in time order. */
  public record Injected(
      int index,
      String scenario,
      String account,
      String sessionId,
      boolean hijack,
      boolean careful,
      List<AccessEvent> events,
      boolean[] replayed) {

    public String lastEventId() {
      return events.get(events.size() - 1).getEventId();
    }
  }

  /** What was injected, and what could not be for want of a victim. */
  public record Plan(
      List<Injected> attacks, Map<String, Integer> injected, Map<String, Integer> skipped) {}

  private AttackInjector() {}

  /** Picks the victims and transplants {@code templates} onto them (seeded). */
  public static Plan plan(
      HistoryIndex history, List<Template> templates, InjectionConfig config, long seed) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDL);
    long from = history.warmupEnd(config.warmupShare());
    List<SessionSpan> live = history.sessionsFrom(from);
    Map<Boolean, List<String>> victims = new TreeMap<>();
    Map<String, List<SessionSpan>> hosts = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (SessionSpan s : live) {
      AccountHabits a = history.accounts.get(s.account);
      if (seen.add(s.account)) {
        victims.computeIfAbsent(a.automated(), k -> new ArrayList<>()).add(s.account);
      }
      if (s.automated() == a.automated() && s.last > s.first) {
        hosts.computeIfAbsent(s.account, k -> new ArrayList<>()).add(s);
      }
    }
    victims.values().forEach(l -> l.sort(String::compareTo));
    Set<String> used = new HashSet<>();
    List<Injected> out = new ArrayList<>();
    Map<String, Integer> injected = new TreeMap<>();
    Map<String, Integer> skipped = new TreeMap<>();
    for (Template t : templates) {
      boolean automated = AttackLibrary.automatedVictims(t.scenario());
      List<String> pool = new ArrayList<>(victims.getOrDefault(automated, List.of()));
      if (t.sharesOwnerSession()) {
        pool.removeIf(a -> !hosts.containsKey(a));
      }
      List<String> fresh = new ArrayList<>(pool);
      fresh.removeIf(used::contains);
      List<String> choice = fresh.isEmpty() ? pool : fresh;
      if (choice.isEmpty() || t.events().isEmpty()) {
        skipped.merge(t.scenario(), 1, Integer::sum);
        continue;
      }
      String victim = choice.get(rng.nextInt(choice.size()));
      used.add(victim);
      AccountHabits habits = history.accounts.get(victim);
      long firstAttack = t.events().get(0).getTimestamp();
      long span = t.events().get(t.events().size() - 1).getTimestamp() - firstAttack;
      String sessionId;
      long start;
      if (t.sharesOwnerSession()) {
        List<SessionSpan> own = hosts.get(victim);
        SessionSpan host = own.get(rng.nextInt(own.size()));
        sessionId = host.id;
        start = host.first + (long) ((host.last - host.first) * (0.05 + 0.55 * rng.nextDouble()));
      } else {
        sessionId = "inj-" + out.size() + "-" + Long.toHexString(rng.nextLong() >>> 16);
        long latest = Math.max(from, history.lastTime - span);
        start = from + (long) ((latest - from) * rng.nextDouble());
      }
      boolean careful =
          "low_and_slow".equals(t.scenario()) || rng.nextDouble() < config.carefulShare();
      out.add(rewrite(out.size(), t, victim, habits, sessionId, start - firstAttack, careful));
      injected.merge(t.scenario(), 1, Integer::sum);
    }
    return new Plan(List.copyOf(out), injected, skipped);
  }

  private static Injected rewrite(
      int index,
      Template t,
      String victim,
      AccountHabits habits,
      String sessionId,
      long shift,
      boolean careful) {
    String key = habits.topApiKey();
    String userAgent = habits.topUserAgent();
    String country = habits.topCountry();
    double[] location = habits.location(country);
    List<AccessEvent> events = new ArrayList<>(t.events().size());
    for (int i = 0; i < t.events().size(); i++) {
      AccessEvent e = t.events().get(i);
      AccessEvent.Builder b =
          AccessEvent.newBuilder(e)
              .setEventId("inj-" + index + "-" + i)
              .setAccountId(victim)
              .setSessionId(sessionId)
              .setTimestamp(e.getTimestamp() + shift)
              .setIngestedAt(e.getTimestamp() + shift);
      if (e.getClientTimestamp() != null && !t.replayed()[i]) {
        b.setClientTimestamp(e.getClientTimestamp() + shift);
      }
      if (e.getApiKeyId() != null && key != null && t.victimApiKeys().contains(e.getApiKeyId())) {
        b.setApiKeyId(key);
      }
      if (careful) {
        if (userAgent != null) {
          b.setUserAgent(userAgent);
        }
        if (country != null && location != null) {
          b.setCountry(country).setLatitude(location[0]).setLongitude(location[1]);
        }
      }
      events.add(b.build());
    }
    return new Injected(
        index,
        t.scenario(),
        victim,
        sessionId,
        t.sharesOwnerSession(),
        careful,
        List.copyOf(events),
        t.replayed().clone());
  }
}
