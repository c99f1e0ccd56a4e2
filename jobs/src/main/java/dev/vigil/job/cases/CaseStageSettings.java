package dev.vigil.job.cases;

import dev.vigil.cases.CaseSettings;
import dev.vigil.job.config.JobConfig;
import java.io.Serializable;

/**
 * How the session risk job writes cases and findings ({@code cases.*}, {@code topics.cases}, {@code
 * topics.findings}, {@code findings.vendor-name} in vigil-job.properties).
 *
 * @param enabled auto, true or false
 */
public record CaseStageSettings(
    String enabled, String casesTopic, String findingsTopic, CaseSettings cases, String vendorName)
    implements Serializable {

  public static CaseStageSettings from(JobConfig c) {
    CaseSettings d = CaseSettings.DEFAULTS;
    return new CaseStageSettings(
        c.choice("cases.enabled", "auto", "true", "false"),
        c.string("topics.cases"),
        c.string("topics.findings"),
        new CaseSettings(
            c.duration("cases.quiet"),
            c.number("cases.min-probability", 0, 1),
            d.maxTimeline(),
            d.maxSessions(),
            d.maxAccounts(),
            d.maxOpenCases()),
        c.string("findings.vendor-name"));
  }
}
