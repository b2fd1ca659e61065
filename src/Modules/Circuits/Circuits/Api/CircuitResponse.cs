using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Circuits.Api;

/// <summary>
/// A circuit as the API shows it. <c>Status</c> is "in-service" or "out-of-service" (its proving key made a proof that
/// failed its own verification: no proofs until an operator replaces the key; <c>OutOfService</c> says why and since when).
/// <c>Ceremony</c> says where its proving key comes from: for a production circuit, the powers-of-tau file (BLAKE2b-512,
/// power) and the contributions (name, hash; the beacon's hash and iterations) it was checked to come from; for a
/// development circuit, that its key was not checked to come from any ceremony.
/// </summary>
internal sealed record CircuitResponse(
    string Id,
    string Description,
    int MaxAttributes,
    string SecurityLevel,
    string Protocol,
    string Curve,
    int PublicSignals,
    IReadOnlyList<CircuitInputResponse> Inputs,
    int? MaxRequestBytes,
    IReadOnlyDictionary<string, string> Sha256,
    string Origin,
    DateTimeOffset? RegisteredAt,
    string Status,
    CircuitOutageResponse? OutOfService,
    CircuitCeremony Ceremony)
{
    public const string InService = "in-service";

    public static CircuitResponse From(CircuitDescriptor d, CircuitOutage? outage) => new(
        d.Id, d.Description, d.MaxAttributes, d.SecurityLevel, d.Protocol, d.Curve, d.PublicSignalCount,
        [.. d.Inputs.Select(i => new CircuitInputResponse(i.Name, i.Length, i.Bits, i.DecimalOnly))],
        d.MaxRequestBytes, d.Artifacts, d.Origin, d.RegisteredAt,
        outage is null ? InService : CircuitOutage.Status,
        outage is null ? null : new CircuitOutageResponse(outage.Reason, outage.Remedy, outage.Since),
        d.Ceremony ?? CircuitCeremony.Development);
}
