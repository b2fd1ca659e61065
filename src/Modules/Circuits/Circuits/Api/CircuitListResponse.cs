namespace CredentialHub.Circuits.Api;

internal sealed record CircuitListResponse(IReadOnlyList<CircuitResponse> Circuits);
