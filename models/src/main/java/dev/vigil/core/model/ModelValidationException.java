package dev.vigil.core.model;

/** A model document that cannot be used; the message names the key path and what is allowed. */
public final class ModelValidationException extends RuntimeException {
  private final String path;

  public ModelValidationException(String path, String message) {
    super(path.isEmpty() ? message : path + ": " + message);
    this.path = path;
  }

  public ModelValidationException(String path, String message, Throwable cause) {
    super(path.isEmpty() ? message : path + ": " + message, cause);
    this.path = path;
  }

  /** Dotted key path of the offending entry, e.g. {@code filter.hazardPerRequest}. */
  public String path() {
    return path;
  }
}
