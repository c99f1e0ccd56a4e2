package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.ingest.AccessLogParser;
import dev.vigil.ingest.IngestLimits;
import dev.vigil.ingest.IngestResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil endpoints}: the endpoint roles of the model file. */
@Command(
    name = "endpoints",
    description = "Work with the model file's endpoint roles (evidence.endpointRoles).",
    subcommands = {EndpointsCommand.Suggest.class})
public final class EndpointsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code vigil endpoints suggest --input FILE [--top N] [--out FILE] [--model FILE]}: reads
   * access logs (JSON lines, as ingest reads them), prints the busiest method and path templates
   * with their volumes and a role (the model's rule, or a guess from the path's words), and can
   * write a draft {@code endpointRoles} section to check and paste into the model file.
   */
  @Command(
      name = "suggest",
      description =
          "Print the busiest endpoints of an access log with a guessed role; --out writes a draft"
              + " evidence.endpointRoles section.")
  static final class Suggest implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--input",
        required = true,
        description = "Access-log JSON lines, e.g. a day of logs or vigil simulate's events.jsonl.")
    Path input;

    @Option(
        names = "--top",
        defaultValue = "30",
        description = "Templates to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--out", description = "Write a draft endpointRoles JSON object here.")
    Path out;

    @Option(
        names = "--model",
        description = "Model file whose rules name known endpoints (default: the built-in model).")
    Path model;

    @Override
    public Integer call() throws IOException {
      if (top < 1) {
        throw new Preflight.Usage("--top must be at least 1");
      }
      EndpointCatalog catalog = new EndpointCatalog(roles());
      AccessLogParser parser =
          new AccessLogParser(IngestLimits.defaults().withMaxClockSkewMillis(Long.MAX_VALUE / 4));
      long rejected = 0;
      Preflight.inputFile(input, "--input");
      if (out != null) {
        Preflight.outputFile(out, "--out");
      }
      try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          IngestResult r = parser.parse(line.getBytes(StandardCharsets.UTF_8), 0L);
          if (!r.isAccepted()) {
            rejected++;
            continue;
          }
          catalog.add(r.event().getMethod(), r.event().getPath());
        }
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException(
            "file " + e.getFile() + " does not exist; check --input");
      }
      print(catalog, rejected);
      if (out != null) {
        Map<String, List<String>> draft = catalog.draft();
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(out.toFile(), draft);
        spec.commandLine()
            .getOut()
            .printf(
                "wrote a draft endpointRoles section (%d roles) to %s: check it, then paste it as"
                    + " evidence.endpointRoles%n",
                draft.size(), out);
      }
      return 0;
    }

    private EndpointRoles roles() {
      try {
        RiskModel m = model == null ? RiskModelLoader.defaults() : RiskModelLoader.load(model);
        return m.evidence.roles;
      } catch (ModelValidationException e) {
        throw new IllegalArgumentException(
            "model file " + model + " is invalid: " + e.getMessage());
      } catch (UncheckedIOException e) {
        throw new IllegalArgumentException("cannot read model file " + model + "; check --model");
      }
    }

    private void print(EndpointCatalog catalog, long rejected) {
      PrintWriter o = spec.commandLine().getOut();
      long total = catalog.total();
      o.printf(
          Locale.ROOT,
          "%,d requests, %,d templates (%,d lines rejected by ingest, %,d beyond %,d templates)%n",
          total,
          catalog.entries().size(),
          rejected,
          catalog.overflow(),
          EndpointCatalog.MAX_TEMPLATES);
      o.printf(
          Locale.ROOT, "%12s %7s  %-7s %-48s %s%n", "requests", "share", "method", "path", "role");
      List<EndpointCatalog.Entry> entries = catalog.entries();
      for (EndpointCatalog.Entry e : entries.subList(0, Math.min(top, entries.size()))) {
        o.printf(
            Locale.ROOT,
            "%,12d %6.2f%%  %-7s %-48s %s%n",
            e.count(),
            total == 0 ? 0.0 : 100.0 * e.count() / total,
            e.method(),
            e.template(),
            catalog.role(e).wireName());
      }
      o.flush();
    }
  }
}
