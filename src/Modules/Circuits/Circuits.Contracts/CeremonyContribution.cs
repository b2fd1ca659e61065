namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// One phase-2 contribution of a key: its name (null when it has none), its kind ("contribution" or "beacon"), its hash
/// (BLAKE2b-512 of its public key, 128 lowercase hex digits, the value its contributor published), and for a beacon the
/// beacon hash and the iterations exponent.
/// </summary>
public sealed record CeremonyContribution(string? Name, string Kind, string Hash, string? BeaconHash, int? IterationsExponent);
