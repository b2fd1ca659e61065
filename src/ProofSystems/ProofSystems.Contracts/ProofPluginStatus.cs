namespace CredentialHub.ProofSystems.Contracts;

/// <summary>One plugin folder: loaded, or skipped with the reason.</summary>
public sealed record ProofPluginStatus(string Folder, string? Id, string? Version, bool Loaded, string? Error);
