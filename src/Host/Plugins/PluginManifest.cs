using System.Text.Json;
using System.Text.Json.Serialization;

namespace CredentialHub.Host.Plugins;

/// <summary>plugin.json, the manifest every plugin folder carries.</summary>
internal sealed record PluginManifest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("contract_version")] int ContractVersion,
    [property: JsonPropertyName("entry_assembly")] string EntryAssembly)
{
    internal const string FileName = "plugin.json";

    /// <summary>Reads and checks a manifest; the message of a failure names the field.</summary>
    internal static PluginManifest Read(string path)
    {
        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new PluginLoadException($"{path} is not a valid manifest: {e.Message}");
        }
        if (manifest is null)
        {
            throw new PluginLoadException($"{path} is empty");
        }
        foreach (var (value, name) in new[] { (manifest.Id, "id"), (manifest.Version, "version"), (manifest.EntryAssembly, "entry_assembly") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new PluginLoadException($"{path}: '{name}' is missing");
            }
        }
        if (Path.GetFileName(manifest.EntryAssembly) != manifest.EntryAssembly)
        {
            throw new PluginLoadException($"{path}: 'entry_assembly' must be a file name inside the plugin folder");
        }
        return manifest;
    }
}

internal sealed class PluginLoadException(string message) : Exception(message);
