package dev.vigil.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@link LineParseBenchmark}'s cases in thread CPU time rather than wall time, so that a figure
 * taken on a machine shared with other work does not count the time spent waiting for a core (JMH's
 * averages do). Each case: 5 warm-up passes over the 20,000 lines, then 15 measured passes; prints
 * the median and the fastest pass in ns per line. Run as LineParseBenchmark says, with main class
 * {@code dev.vigil.ingest.bench.LineParseCpuTime}.
 */
public final class LineParseCpuTime {
  private LineParseCpuTime() {}

  public static void main(String[] args) throws Exception {
    LineParseBenchmark b = new LineParseBenchmark();
    b.setUp();
    measure("accessLogParser", b::accessLogParser);
    measure("lineBlocks", b::lineBlocks);
    measure("jsonLinesFormat", b::jsonLinesFormat);
    measure("eventLineDecoder", b::eventLineDecoder);
  }

  private static void measure(String name, Callable<Long> pass) throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 5; i++) {
      sink += pass.call();
    }
    double[] nsPerLine = new double[15];
    for (int i = 0; i < nsPerLine.length; i++) {
      long start = cpu.getCurrentThreadCpuTime();
      sink += pass.call();
      nsPerLine[i] = (cpu.getCurrentThreadCpuTime() - start) / (double) LineParseBenchmark.LINES;
    }
    Arrays.sort(nsPerLine);
    System.out.printf(
        Locale.ROOT,
        "%-18s median %,8.0f ns/line, fastest %,8.0f ns/line (checksum %d)%n",
        name,
        nsPerLine[nsPerLine.length / 2],
        nsPerLine[0],
        sink);
  }
}
