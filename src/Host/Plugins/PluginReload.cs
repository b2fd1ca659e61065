using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Plugins;

/// <summary>
/// A plugin folder examined again by <see cref="ProofSystemCatalog.Reload"/> because its content changed (or it
/// appeared, or it is gone): what it was before (null: new) and after (null: gone).
/// </summary>
internal sealed record PluginReload(string Folder, ProofPluginStatus? Before, ProofPluginStatus? After);
