namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// The initial phase-2 key just written: the circuit hash (BLAKE2b-512 of the key's points, the hash every
/// contribution's transcript starts from), the domain's power (2^DomainPower rows) and the power of the ceremony file
/// it came from.
/// </summary>
public sealed record InitialKeyInfo(byte[] CircuitHash, int DomainPower, int PtauPower);
