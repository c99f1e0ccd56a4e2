package dev.vigil.enforcer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.schema.FairAccessLimitsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's default rate limits per (population, endpoint role), from the file {@code vigil
 * limits recommend} writes ({@link FairAccessLimitsFile}, its one definition): every session of a
 * population gets, per role with a default, a token bucket of that rate and burst, before any
 * command from Vigil. A {@code SET_RATE_LIMIT} from Vigil applies on top, per session: a request
 * passes only when both its role's bucket and the session's own have a token (the tightest wins,
 * README "SET_RATE_LIMIT, then SET_TIMEOUT"), and a refused request takes a token from neither.
 *
 * <p>The gateway names each request's role and the session's population by index: {@link
 * #role(String)} and {@link #population(String)} once at start-up (or per distinct name), then the
 * ints on every {@link ReferenceEnforcer#check(String, long, RequestKind, int, int)}. A name the
 * file has no default for is {@link #NO_ROLE} or {@link #NO_POPULATION}: no default applies, as
 * before this class.
 *
 * <p>The bucket is kept as the generic cell rate algorithm's one number per bucket, the theoretical
 * arrival time (GCRA, the virtual scheduling algorithm of ITU-T Recommendation I.371, Annex A; The
 * ATM Forum, <i>Traffic Management Specification 4.0</i>, 1996, section 4.4.2): emission interval T
 * = 1/rate, tolerance (burst - 1) x T. It admits exactly what a token bucket of that rate and
 * capacity, full at the session's first request, admits, in 8 bytes a role instead of a token count
 * and a refill time. T is kept in whole nanoseconds rounded down, so the bucket is at most 1 ns a
 * request more lenient than the rate; times are epoch milliseconds times 10^6 (valid to the year
 * 2262). With the file's bounds ({@link FairAccessLimitsFile}: rate 0.001 to 10^6 a second, burst
 * at most 10^6) no sum overflows. The gateway's own maxima ({@link EnforcerSettings}) cut Vigil's
 * commands, not these defaults: the file is the gateway operator's own choice. Immutable and
 * thread-safe.
 */
public final class FairAccessDefaults {
  /** A request whose role has no default (the old behaviour: only Vigil's commands apply). */
  public static final int NO_ROLE = -1;

  /** A session whose population has no default (the old behaviour). */
  public static final int NO_POPULATION = -1;

  /** The most populations a file may hold (the index is kept in 15 bits of a session's flags). */
  public static final int MAX_POPULATIONS = (1 << 15) - 1;

  /** No defaults at all: every session as before this class. */
  public static final FairAccessDefaults NONE = new FairAccessDefaults(List.of());

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private static final String FIX = "write it again with vigil limits recommend, or fix that field";

  private final List<FairAccessLimitsFile.Limit> limits;
  private final Map<String, Integer> populations = new LinkedHashMap<>();
  private final Map<String, Integer> roles = new LinkedHashMap<>();
  private final int roleCount;

  /** Per (population, role), {@code [p * roles + r]}: the bucket's slot in the session, or -1. */
  private final int[] slot;

  /** Per (population, role): T in ns, and the tolerance (burst - 1) x T in ns. */
  private final long[] intervalNanos;

  private final long[] toleranceNanos;

  /** Per population: buckets a session of it holds (its roles with a default). */
  private final int[] buckets;

  private FairAccessDefaults(List<FairAccessLimitsFile.Limit> limits) {
    this.limits = List.copyOf(limits);
    for (FairAccessLimitsFile.Limit l : limits) {
      populations.putIfAbsent(l.population(), populations.size());
      roles.putIfAbsent(l.role(), roles.size());
    }
    if (populations.size() > MAX_POPULATIONS) {
      throw new IllegalArgumentException(
          "at most " + MAX_POPULATIONS + " populations, got " + populations.size());
    }
    int r = roles.size();
    roleCount = r;
    slot = new int[populations.size() * r];
    Arrays.fill(slot, -1);
    intervalNanos = new long[slot.length];
    toleranceNanos = new long[slot.length];
    buckets = new int[populations.size()];
    for (FairAccessLimitsFile.Limit l : limits) {
      int p = populations.get(l.population());
      int i = p * r + roles.get(l.role());
      long interval = (long) Math.floor(1e9 / l.requestsPerSecond());
      slot[i] = buckets[p]++;
      intervalNanos[i] = interval;
      toleranceNanos[i] = (l.burst() - 1L) * interval;
    }
  }

  /** The defaults of a file already read. */
  public static FairAccessDefaults of(FairAccessLimitsFile file) {
    return new FairAccessDefaults(file.limits());
  }

  /**
   * Reads and checks {@code file}. A file that cannot be read, is not JSON or has a bad field is an
   * {@link IllegalArgumentException} whose message is one line naming the file, the field (e.g.
   * {@code limits[3].burst}) and the fix.
   */
  public static FairAccessDefaults load(Path file) {
    try {
      if (Files.size(file) == 0) {
        throw new IllegalArgumentException(
            "limits file " + file + " is empty; write it with vigil limits recommend --out");
      }
      return of(JSON.readValue(file.toFile(), FairAccessLimitsFile.class));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "limits file " + file + " does not exist; write it with vigil limits recommend --out");
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException syntax) {
        throw notJson(file, syntax); // cut short inside a value, e.g. a truncated file
      }
      String where = path(e);
      throw new IllegalArgumentException(
          "limits file "
              + file
              + ": "
              + (where.isEmpty() ? "" : where + ": ")
              + reason(e)
              + "; "
              + FIX);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(
          "limits file "
              + file
              + " is not JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + "; write it with vigil limits recommend --out");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read limits file " + file + " (" + e.getMessage() + "); check its permissions");
    }
  }

  private static IllegalArgumentException notJson(Path file, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return new IllegalArgumentException(
        "limits file "
            + file
            + " is not JSON"
            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
            + "; write it with vigil limits recommend --out");
  }

  /** Where in the file Jackson stopped, as {@code limits[3].burst}. */
  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** The constructor's own message when it refused a value, else Jackson's first line. */
  private static String reason(JsonMappingException e) {
    Throwable cause = e.getCause();
    String m =
        cause instanceof IllegalArgumentException && cause.getMessage() != null
            ? cause.getMessage()
            : e.getOriginalMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The index of {@code name}'s defaults, or {@link #NO_POPULATION} when the file has none. */
  public int population(String name) {
    Integer p = name == null ? null : populations.get(name);
    return p == null ? NO_POPULATION : p;
  }

  /**
   * The index of role {@code name}, or {@link #NO_ROLE} when no population has a default for it.
   */
  public int role(String name) {
    Integer r = name == null ? null : roles.get(name);
    return r == null ? NO_ROLE : r;
  }

  /** The populations with defaults, in index order. */
  public List<String> populations() {
    return new ArrayList<>(populations.keySet());
  }

  /** The roles with a default in some population, in index order. */
  public List<String> roles() {
    return new ArrayList<>(roles.keySet());
  }

  /** The defaults, as the file gave them. */
  public List<FairAccessLimitsFile.Limit> limits() {
    return limits;
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return limits.isEmpty();
  }

  /** Whether {@code population} is an index with defaults. */
  boolean covers(int population) {
    return population >= 0 && population < buckets.length;
  }

  /** Buckets a session of {@code population} (covered) holds. */
  int buckets(int population) {
    return buckets[population];
  }

  /** The flat index of (population, role), or -1 when the role index is out of range. */
  int index(int population, int role) {
    return role >= 0 && role < roleCount ? population * roleCount + role : -1;
  }

  /** The session's bucket slot of flat index {@code i}, or -1 when that pair has no default. */
  int slot(int i) {
    return slot[i];
  }

  long intervalNanos(int i) {
    return intervalNanos[i];
  }

  long toleranceNanos(int i) {
    return toleranceNanos[i];
  }
}
