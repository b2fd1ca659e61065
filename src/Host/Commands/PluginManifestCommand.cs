using System.CommandLine;
using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.CommandFiles;

namespace CredentialHub.Host.Commands;

/// <summary>
/// plugin-manifest &lt;plugin-folder&gt; --id &lt;id&gt; --version &lt;version&gt; --entry &lt;assembly.dll&gt;: writes the
/// folder's plugin.json for this host's contract version, with the SHA-256 of the entry assembly as built. The
/// way to package a plugin: build it, run this on its output folder, drop the folder into plugins/. The id and the
/// version are checked by the loader's own rules (<see cref="PluginManifest.IdProblem"/>,
/// <see cref="PluginManifest.VersionProblem"/>), so that a manifest it writes is one the loader accepts.
/// </summary>
internal static class PluginManifestCommand
{
    internal static Command Create()
    {
        var folder = new Argument<string>("plugin-folder") { Description = "the plugin's build output (where plugin.json is written)" };
        folder.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } path && !Directory.Exists(path))
            {
                result.AddError($"{path}: no such plugin folder");
            }
        });
        var id = Required("--id", "id", "the plugin's id: 1 to 64 letters, digits, '.', '_' or '-' (e.g. groth16-bn254)", PluginManifest.IdProblem);
        var version = Required("--version", "version", "the plugin's version, a semantic version (e.g. 1.0.0)", PluginManifest.VersionProblem);
        var entry = Required("--entry", "assembly.dll", "the entry assembly's file name, inside the folder", value =>
            Path.GetFileName(value) == value && value.Length > 0 ? null : $"must be a file name inside the plugin folder, not a path ('{value}')");
        var command = new Command("plugin-manifest", """
            Write a plugin folder's plugin.json: this host's contract version, the entry assembly's SHA-256.
            Exit codes: 0 written, 2 missing folder, entry assembly or option, or an invalid id or version.
            """) { folder, id, version, entry };
        // Checked here rather than by Option.Required, to say "--version is missing" as this command always has.
        command.Validators.Add(result =>
        {
            if (result.GetResult(folder) is null)
            {
                result.AddError("<plugin-folder> is missing");
            }
            foreach (var option in new[] { id, version, entry })
            {
                if (result.GetResult(option) is null)
                {
                    result.AddError($"{option.Name} is missing");
                }
            }
        });
        command.SetAction(parse => Run(parse.GetRequiredValue(folder), parse.GetRequiredValue(id), parse.GetRequiredValue(version),
            parse.GetRequiredValue(entry), parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>An option the command needs, its value checked by <paramref name="problem"/> (null when the value is good).</summary>
    private static Option<string> Required(string name, string helpName, string description, Func<string, string?> problem)
    {
        var option = new Option<string>(name) { Description = description + " (required)", HelpName = helpName };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && problem(value) is { } message)
            {
                result.AddError($"{name} {message}");
            }
        });
        return option;
    }

    private static int Run(string folder, string id, string version, string entryName, TextWriter stderr)
    {
        string entry = Path.Combine(folder, entryName);
        if (!File.Exists(entry))
        {
            stderr.WriteLine($"{entry}: the entry assembly is missing (build the plugin first)");
            return CommandLine.Unusable;
        }

        string sha256;
        try
        {
            sha256 = PluginManifest.ComputeSha256(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{entry}: cannot be read ({e.Message})");
            return CommandLine.Unusable;
        }
        var manifest = new PluginManifest(id, version, ProofSystemContract.Version, entryName, sha256);
        string path = Path.Combine(folder, PluginManifest.FileName);
        if (!ArtifactFiles.TryWrite(path, manifest.ToJson(), stderr))
        {
            return CommandLine.Unusable;
        }
        stderr.WriteLine($"{path}: {manifest.Id} {manifest.Version}, contract version {manifest.ContractVersion}, {entryName} SHA-256 {sha256}");
        return CommandLine.Success;
    }
}
