using System.Diagnostics.Metrics;

namespace CredentialHub.Monitoring.Contracts;

/// <summary>
/// A series an instrument will carry: the instrument and one set of its labels (e.g. proof_generation_total with
/// circuit=solvency, status=deadline). Exported at zero until its first measurement, so that dashboards and alerts
/// (rates, ratios, absent series) work on a fresh instance.
/// </summary>
/// <param name="Instrument">The instrument (a counter or a histogram of a <see cref="Telemetry.MeterPrefix"/> meter).</param>
/// <param name="Labels">The label names and values, as the instrument's measurements carry them.</param>
public sealed record KnownSeries(Instrument Instrument, IReadOnlyList<KeyValuePair<string, object?>> Labels);
