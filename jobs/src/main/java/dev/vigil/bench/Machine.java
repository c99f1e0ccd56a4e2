package dev.vigil.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a benchmark ran on, and the process CPU time it is charged by. */
public final class Machine {
  private Machine() {}

  /**
   * CPU time of this whole process (all threads) in nanoseconds, or -1 when the JVM cannot tell.
   */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Physical memory of the machine in bytes, or -1 when the JVM cannot tell. */
  public static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }

  /** Cores, memory, OS, JVM and heap, in report order. */
  public static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    var os = ManagementFactory.getOperatingSystemMXBean();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryBytes", physicalMemory());
    m.put("loadAverage", Math.round(os.getSystemLoadAverage() * 100) / 100.0);
    m.put("os", os.getName() + " " + os.getVersion() + " " + os.getArch());
    m.put(
        "jvm",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")));
    m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    m.put("gc", collectors());
    return m;
  }

  private static String collectors() {
    StringBuilder b = new StringBuilder();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      b.append(b.isEmpty() ? "" : ", ").append(gc.getName());
    }
    return b.toString();
  }
}
