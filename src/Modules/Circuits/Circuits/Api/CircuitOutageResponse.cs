namespace CredentialHub.Circuits.Api;

/// <summary>Why a circuit is out of service, what an operator must do, and since when.</summary>
internal sealed record CircuitOutageResponse(string Reason, string Remedy, DateTimeOffset Since);
