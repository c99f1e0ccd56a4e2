package dev.vigil.sim;

/**
 * One row of the built-in network table: an autonomous system (in one country or cloud region) and
 * the /21 of the benchmarking range 198.18.0.0/15 (RFC 2544) that stands in for its addresses.
 */
public record Asn(int row, long number, String organization, NetworkType type, Country country) {}
