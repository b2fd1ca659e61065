using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CredentialHub.Host.Plugins;

/// <summary>
/// plugin.json, the manifest every plugin folder carries. <see cref="Sha256"/> pins the entry assembly: the host
/// hashes the file before loading it and skips the plugin on a mismatch. Write one with the host's
/// <c>plugin-manifest</c> command (or, for the bundled plugins, the build does it).
/// </summary>
internal sealed partial record PluginManifest(
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
        if (IdProblem(manifest.Id) is { } id)
        {
            throw new PluginLoadException($"{path}: 'id' {id}");
        }
        if (VersionProblem(manifest.Version) is { } version)
        {
            throw new PluginLoadException($"{path}: 'version' {version}");
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

    /// <summary>
    /// Why <paramref name="id"/> cannot be a plugin's id, or null when it can: 1 to 64 ASCII letters, digits, '.', '_'
    /// or '-', starting with a letter or digit (it is shown in /health and log lines). The one rule, applied by the
    /// loader (<see cref="Read"/>) and by the <c>plugin-manifest</c> command.
    /// </summary>
    internal static string? IdProblem(string id) =>
        IdPattern().IsMatch(id) ? null : $"'{id}' is not a plugin id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>
    /// Why <paramref name="version"/> cannot be a plugin's version, or null when it can: a semantic version
    /// (semver.org 2.0.0: MAJOR.MINOR.PATCH, an optional -pre-release and +build). Applied by the loader and the command.
    /// </summary>
    internal static string? VersionProblem(string version) =>
        version.Length <= 128 && SemanticVersionPattern().IsMatch(version) ? null
            : $"'{version}' is not a semantic version: MAJOR.MINOR.PATCH, e.g. 1.0.0 or 2.1.0-beta.1";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\z")]
    private static partial Regex SemanticVersionPattern();

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
