/**
 * Vigil's statistical core: per-account and per-session profiles, evidence terms, a two-state
 * compromise filter, the enforcement policy and volumetric detection, as plain Java with no Flink
 * or Kafka types. The single per-event entry point is {@link
 * dev.vigil.core.engine.SessionRiskEngine}.
 */
package dev.vigil.core;
