using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CredentialHub.Host.Plugins;

/// <summary>
/// plugin.json, the manifest every plugin folder carries. <see cref="Sha256"/> pins the entry assembly: the host
/// hashes the file before loading it and skips the plugin on a mismatch. Write one with the host's
/// <c>plugin-manifest</c> command (or, for the bundled plugins, the build does it).
/// </summary>
internal sealed record PluginManifest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("contract_version")] int ContractVersion,
    [property: JsonPropertyName("entry_assembly")] string EntryAssembly,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    internal const string FileName = "plugin.json";

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };

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
        foreach (var (value, name) in new[] { (manifest.Id, "id"), (manifest.Version, "version"), (manifest.EntryAssembly, "entry_assembly"), (manifest.Sha256, "sha256") })
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
        if (!IsSha256Hex(manifest.Sha256))
        {
            throw new PluginLoadException($"{path}: 'sha256' must be 64 lower-case hex digits, not '{manifest.Sha256}'");
        }
        return manifest;
    }

    /// <summary>The manifest as plugin.json holds it.</summary>
    internal string ToJson() => JsonSerializer.Serialize(this, WriteOptions) + "\n";

    /// <summary>The SHA-256 of a file as the manifest states it: 64 lower-case hex digits.</summary>
    internal static string ComputeSha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    private static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
