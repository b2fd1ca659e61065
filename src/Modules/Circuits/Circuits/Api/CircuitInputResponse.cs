namespace CredentialHub.Circuits.Api;

internal sealed record CircuitInputResponse(string Name, int Length, int? Bits, bool DecimalOnly);
