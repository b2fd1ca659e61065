namespace CredentialHub.Monitoring.Contracts;

/// <summary>
/// How modules make themselves observable: a module creates its <c>System.Diagnostics.Metrics.Meter</c> named
/// <see cref="MeterPrefix"/> + its name (e.g. "CredentialHub.Proofs") and registers ASP.NET Core health checks;
/// the Monitoring module exports every such meter and reports every health check, without knowing the modules.
/// Instrument labels carry bounded values only (circuit ids, results, stages), never request data.
/// </summary>
public static class Telemetry
{
    public const string MeterPrefix = "CredentialHub.";
}
