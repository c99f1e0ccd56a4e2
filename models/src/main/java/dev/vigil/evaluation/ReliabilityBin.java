package dev.vigil.evaluation;

/** One bin of a reliability table: sessions whose probability fell in [lower, upper). */
public record ReliabilityBin(
    double lower, double upper, int sessions, Double meanProbability, Double observedRate) {}
