package dev.vigil.core.model;

/**
 * Everything tunable in Vigil's statistical core, as read from one versioned JSON document (see
 * {@code models/artifacts/README.md} for the meaning and range of every key). Immutable; fields are
 * public and final so the per-event path reads them without indirection. Build one with {@link
 * RiskModelLoader}.
 */
public final class RiskModel {
  /** The only document layout this code reads. */
  public static final int FORMAT_VERSION = 1;

  public final int formatVersion;
  public final String modelVersion;
  public final Features features;
  public final Profile profile;
  public final Population population;
  public final Evidence evidence;
  public final Filter filter;
  public final PolicySettings policy;
  public final VolumeSettings volume;

  /**
   * How the terms combine (optional section {@code combination}, written by {@code vigil train}):
   * {@link Combination#IDENTITY} when absent, which leaves every term and probability as they were.
   */
  public final Combination combination;

  /**
   * Likelihood ratios of the gateway's step-up outcomes (optional section {@code stepUpOutcomes}):
   * {@link StepUpOutcomes#DEFAULTS} when absent.
   */
  public final StepUpOutcomes stepUpOutcomes;

  RiskModel(StrictNode n) {
    formatVersion = n.integer("formatVersion", FORMAT_VERSION, FORMAT_VERSION);
    modelVersion = n.text("modelVersion", 128);
    combination =
        n.has("combination") ? new Combination(n.object("combination")) : Combination.IDENTITY;
    // Where a trained model came from (optional): kept in the file for people, never read here.
    n.optionalOpaqueObject("provenance");
    stepUpOutcomes =
        n.has("stepUpOutcomes")
            ? new StepUpOutcomes(n.object("stepUpOutcomes"))
            : StepUpOutcomes.DEFAULTS;
    features = new Features(n.object("features"));
    profile = new Profile(n.object("profile"));
    population = new Population(n.object("population"));
    evidence = new Evidence(n.object("evidence"), combination);
    filter = new Filter(n.object("filter"));
    policy = new PolicySettings(n.object("policy"));
    volume = new VolumeSettings(n.object("volume"));
    n.finish();
  }

  /** Switches for each evidence term; a switched-off term is never computed. */
  public static final class Features {
    public final boolean newNetwork;
    public final boolean newClient;
    public final boolean unusualHour;
    public final boolean concurrentNetworks;
    public final boolean impossibleTravel;
    public final boolean replayedNonce;
    public final boolean clockSkew;
    public final boolean failureBurst;
    public final boolean rateAboveBaseline;
    public final boolean unusualTransition;
    public final boolean unusualInstrument;
    public final boolean unusualNotional;
    public final boolean newWithdrawalAddress;
    public final boolean sensitiveFreshNetwork;
    public final boolean mfaPassed;

    /** Optional (added in vigil-default-3): false when absent. */
    public final boolean withdrawalToAddressAddedInSession;

    /** Optional intent terms (see {@link IntentModel}): false when absent. */
    public final boolean endpointMix;

    public final boolean securityChangeThenWithdrawal;
    public final boolean keyChangeInFreshSession;
    public final boolean fastCashOut;

    /** Optional (added in vigil-default-6): false when absent. */
    public final boolean sessionBurst;

    Features(StrictNode n) {
      newNetwork = n.bool("newNetwork");
      newClient = n.bool("newClient");
      unusualHour = n.bool("unusualHour");
      concurrentNetworks = n.bool("concurrentNetworks");
      impossibleTravel = n.bool("impossibleTravel");
      replayedNonce = n.bool("replayedNonce");
      clockSkew = n.bool("clockSkew");
      failureBurst = n.bool("failureBurst");
      rateAboveBaseline = n.bool("rateAboveBaseline");
      unusualTransition = n.bool("unusualTransition");
      unusualInstrument = n.bool("unusualInstrument");
      unusualNotional = n.bool("unusualNotional");
      newWithdrawalAddress = n.bool("newWithdrawalAddress");
      sensitiveFreshNetwork = n.bool("sensitiveFreshNetwork");
      mfaPassed = n.bool("mfaPassed");
      withdrawalToAddressAddedInSession =
          n.has("withdrawalToAddressAddedInSession") && n.bool("withdrawalToAddressAddedInSession");
      endpointMix = n.has("endpointMix") && n.bool("endpointMix");
      securityChangeThenWithdrawal =
          n.has("securityChangeThenWithdrawal") && n.bool("securityChangeThenWithdrawal");
      keyChangeInFreshSession =
          n.has("keyChangeInFreshSession") && n.bool("keyChangeInFreshSession");
      fastCashOut = n.has("fastCashOut") && n.bool("fastCashOut");
      sessionBurst = n.has("sessionBurst") && n.bool("sessionBurst");
      n.finish();
    }
  }

  /** How account profiles learn. */
  public static final class Profile {
    public final double halfLifeDays;
    public final double smoothingAlpha;
    public final double poisoningGuardProbability;
    public final double baselineLearningRate;
    public final double baselineClipSigmas;

    Profile(StrictNode n) {
      halfLifeDays = n.number("halfLifeDays", 0.1, 3650);
      smoothingAlpha = n.number("smoothingAlpha", 0.01, 1000);
      poisoningGuardProbability = n.number("poisoningGuardProbability", 0.0, 1.0);
      baselineLearningRate = n.number("baselineLearningRate", 0.0001, 1.0);
      baselineClipSigmas = n.number("baselineClipSigmas", 0.5, 20);
      n.finish();
    }
  }

  /** The exchange-wide prior that account frequencies back off to. */
  public static final class Population {
    public final double halfLifeDays;
    public final double unseenProbability;
    public final double priorWeight;
    public final double attackerRareMass;
    public final double rareProbability;

    Population(StrictNode n) {
      halfLifeDays = n.number("halfLifeDays", 0.1, 3650);
      unseenProbability = n.number("unseenProbability", 1e-9, 0.5);
      priorWeight = n.number("priorWeight", 0.0, 1e6);
      attackerRareMass = n.number("attackerRareMass", 0.0, 1.0);
      rareProbability = n.number("rareProbability", 1e-9, 1.0);
      n.finish();
    }
  }

  /**
   * Weights and shapes of the evidence terms (log-likelihood ratios in nats): the fields and their
   * reading are in {@link EvidenceSettings}; this is the name the per-event path uses.
   */
  public static final class Evidence extends EvidenceSettings {
    Evidence(StrictNode n, Combination combination) {
      super(n, combination);
    }
  }

  /** The two-state compromise filter. */
  public static final class Filter {
    public final double priorProbability;
    public final double hazardPerRequest;
    public final double recoveryPerRequest;
    public final double maxAbsLogOdds;

    Filter(StrictNode n) {
      priorProbability = n.number("priorProbability", 1e-12, 0.5);
      hazardPerRequest = n.number("hazardPerRequest", 0, 0.1);
      recoveryPerRequest = n.number("recoveryPerRequest", 0, 0.1);
      maxAbsLogOdds = n.number("maxAbsLogOdds", 5, 60);
      n.finish();
    }
  }
}
