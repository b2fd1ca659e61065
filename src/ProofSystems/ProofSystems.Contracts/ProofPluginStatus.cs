namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// One plugin folder: loaded (<paramref name="Error"/> null), or skipped with the reason (<paramref name="Loaded"/>
/// false). Loaded with an error: the folder changed while the host ran (PLUGINS_RELOAD) and its new content was
/// refused for that reason; the version named here, loaded before, keeps serving until the folder passes again.
/// </summary>
public sealed record ProofPluginStatus(string Folder, string? Id, string? Version, bool Loaded, string? Error);
