package dev.vigil.job.risk;

import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.signing.ModelGate;
import dev.vigil.signing.TrustedKeys;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * The models side of the session risk operator: applies model-topic records to the broadcast state
 * through {@link ModelUpdates} (signature gate, audit records, dead letters), clears the kill-rate
 * breakers, and turns the broadcast state's model bytes into parsed models, parsed once per change
 * (the per-event check is an identity comparison of the bytes).
 */
final class ModelBroadcast {
  private final RiskModel defaultModel;
  private final ModelUpdates modelUpdates;
  private CachedModel active;
  private CachedModel shadow;

  ModelBroadcast(RiskSettings settings, byte[] initialModel) {
    defaultModel = RiskModelLoader.parse(initialModel);
    modelUpdates =
        new ModelUpdates(
            new ModelGate(
                TrustedKeys.load(settings.trustedModelKeys()), settings.allowUnsignedModels()));
  }

  /** The active model for these broadcast bytes (null: the initial model). */
  RiskModel active(byte[] json) {
    if (json == null) {
      return defaultModel;
    }
    if (active == null || active.json != json) {
      active = new CachedModel(json, RiskModelLoader.parse(json));
    }
    return active.model;
  }

  /** The shadow model for these (non-null) broadcast bytes. */
  RiskModel shadow(byte[] json) {
    if (shadow == null || shadow.json != json) {
      shadow = new CachedModel(json, RiskModelLoader.parse(json));
    }
    return shadow.model;
  }

  /**
   * Applies one model-topic record on this subtask.
   *
   * @param reporter whether this subtask reports (every subtask sees the same broadcast element;
   *     one report is enough)
   */
  void apply(
      ModelUpdate update,
      BroadcastState<String, byte[]> models,
      SessionRiskEngine engine,
      SessionRiskEngine shadowEngine,
      boolean reporter,
      SessionRiskFunction.Context ctx)
      throws Exception {
    modelUpdates.apply(
        update,
        models,
        () -> {
          // The operator's reset, on every subtask, at the breaker's own event-time clock (the
          // active model's half-lives serve the shadow engine's breaker too).
          var rules = active(models.get(ModelSlot.ACTIVE.key())).policy.response;
          engine.killBreaker().clear(Long.MIN_VALUE, rules);
          shadowEngine.killBreaker().clear(Long.MIN_VALUE, rules);
        },
        d -> {
          if (reporter) {
            ctx.output(SessionRiskFunction.DECISIONS, d);
          }
        },
        d -> {
          if (reporter) {
            ctx.output(SessionRiskFunction.REJECTED_MODELS, d);
          }
        });
  }

  /** A parsed model and the exact bytes it came from (compared by identity per event). */
  private record CachedModel(byte[] json, RiskModel model) {}
}
