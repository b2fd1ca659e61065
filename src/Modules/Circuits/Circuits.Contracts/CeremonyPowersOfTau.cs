namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// A powers-of-tau (phase 1) file as a production circuit names it: its file name, its BLAKE2b-512 (by which public
/// ceremonies list their files) and SHA-256, its power, the power of the ceremony it was cut from, and how many
/// contributions it records.
/// </summary>
public sealed record CeremonyPowersOfTau(string File, string Blake2b512, string Sha256, int Power, int CeremonyPower, int Contributions);
