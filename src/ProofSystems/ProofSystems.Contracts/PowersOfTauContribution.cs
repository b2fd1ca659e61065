namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// One contribution recorded in a powers-of-tau file (numbered from 1): its name (null when none was given), whether
/// it is a random beacon (then its beacon hash and iterations exponent), and the challenge hash that follows it.
/// </summary>
public sealed record PowersOfTauContribution(
    int Number,
    string? Name,
    bool IsBeacon,
    byte[]? BeaconHash,
    int? BeaconIterationsExponent,
    byte[] NextChallengeHash);
