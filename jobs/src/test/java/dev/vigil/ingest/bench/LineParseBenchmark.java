package dev.vigil.ingest.bench;

import dev.vigil.evaluation.EventLineDecoder;
import dev.vigil.ingest.AccessLogParser;
import dev.vigil.ingest.IngestLimits;
import dev.vigil.ingest.IngestResult;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.Ingested;
import dev.vigil.job.ingest.JsonLinesFormat;
import dev.vigil.job.ingest.LineBlocks;
import dev.vigil.schema.AccessEvent;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FileSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mean cost per line of reading the simulator's JSON (about 800 bytes a line, 25 fields, flat
 * dotted ECS names): {@code accessLogParser}, the ingest parser with every check that {@code vigil
 * score} and the streaming job run per line; {@code lineBlocks}, what {@code vigil score} does per
 * line before scoring (cutting the file into lines, the parser, the record made), and {@code
 * jsonLinesFormat}, the same as the job's file source did it for {@code vigil score} before; {@code
 * eventLineDecoder}, the trusting decoder of the models' offline replays ({@code vigil compare},
 * {@code vigil robustness}). Lines: 20,000 of a seeded simulation, the warm-up's mix of owners'
 * traffic.
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl jobs -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/cp.txt) \
 *     org.openjdk.jmh.Main LineParseBenchmark -f 1 -wi 3 -i 5
 * </pre>
 *
 * <p>Figures, with the machine's load, in the README ("vigil score").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class LineParseBenchmark {
  static final int LINES = 20_000;

  private byte[][] lines;
  private byte[] file;
  private Path path;
  private AccessLogParser parser;
  private EventLineDecoder decoder;
  private long now;

  @Setup
  public void setUp() throws IOException {
    List<byte[]> out = new ArrayList<>();
    new Simulator(
            new SimulationConfig(
                    200,
                    Duration.ofHours(1).toMillis(),
                    5,
                    SimulationConfig.DEFAULT_START,
                    dev.vigil.sim.ScenarioMix.defaults())
                .withWarmup(Duration.ofDays(2).toMillis(), Duration.ofHours(2).toMillis()))
        .run(
            (json, length, t, user) -> {
              if (out.size() < LINES) {
                out.add(Arrays.copyOf(json, length));
              }
            });
    lines = out.toArray(new byte[0][]);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      all.write(l);
      all.write('\n');
    }
    file = all.toByteArray();
    path = Files.createTempFile("line-parse-benchmark", ".jsonl");
    path.toFile().deleteOnExit();
    Files.write(path, file);
    parser = new AccessLogParser(IngestLimits.defaults());
    decoder = new EventLineDecoder();
    now = System.currentTimeMillis();
    if (!parser.parse(lines[0], now).isAccepted()) {
      throw new IllegalStateException("the simulator's line is refused");
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public long accessLogParser() {
    long sum = 0;
    for (byte[] l : lines) {
      IngestResult r = parser.parse(l, now);
      sum += r.isAccepted() ? r.event().getTimestamp() : 1;
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public long lineBlocks() throws IOException {
    LineBlocks fresh =
        new LineBlocks(new ByteArrayInputStream(file), IngestSettings.defaults().limits(), "f");
    long sum = 0;
    for (LineBlocks.Block b = fresh.next(); b != null; b = fresh.next()) {
      for (Ingested r : fresh.parse(b, parser)) {
        sum += r.isEvent() ? r.event.getTimestamp() : 1;
      }
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public long jsonLinesFormat() throws IOException {
    JsonLinesFormat format = new JsonLinesFormat(IngestSettings.defaults(), "f");
    long sum = 0;
    try (StreamFormat.Reader<Ingested> r =
        format.createReader(
            new Configuration(),
            FileSystem.getLocalFileSystem()
                .open(new org.apache.flink.core.fs.Path(path.toUri())))) {
      for (Ingested x = r.read(); x != null; x = r.read()) {
        sum += x.isEvent() ? x.event.getTimestamp() : 1;
      }
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public long eventLineDecoder() {
    long sum = 0;
    for (byte[] l : lines) {
      AccessEvent e = decoder.decode(l, l.length);
      sum += e.getTimestamp();
    }
    return sum;
  }
}
