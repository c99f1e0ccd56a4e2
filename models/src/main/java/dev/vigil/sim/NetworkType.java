package dev.vigil.sim;

/** The kind of network an autonomous system serves. */
public enum NetworkType {
  RESIDENTIAL,
  MOBILE,
  CLOUD,
  VPN
}
