package dev.vigil.cli;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A model named on the command line: a model JSON file, or {@code default} for the built-in. */
final class ModelArgument {
  static final String DEFAULT = "default";

  private ModelArgument() {}

  /**
   * @param option the option that named it, for the message ("--model")
   */
  static RiskModel load(String spec, String option) {
    return DEFAULT.equals(spec)
        ? RiskModelLoader.defaults()
        : load(Path.of(spec), option + " (or give 'default' for the built-in model)");
  }

  static RiskModel load(Path file, String option) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          "model file " + file + " is a directory, not a file; check " + option);
    }
    try {
      return RiskModelLoader.parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("model file " + file + " does not exist; check " + option);
    } catch (ModelValidationException e) {
      throw new IllegalArgumentException("model file " + file + " is invalid: " + e.getMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read model file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); check "
              + option);
    }
  }
}
