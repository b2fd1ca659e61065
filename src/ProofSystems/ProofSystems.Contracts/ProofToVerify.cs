namespace CredentialHub.ProofSystems.Contracts;

/// <summary>One proof and its public signals, as snarkjs JSON.</summary>
public sealed record ProofToVerify(ReadOnlyMemory<byte> PublicSignalsJson, ReadOnlyMemory<byte> ProofJson);
