using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>
/// plugin-manifest &lt;plugin-folder&gt; --id &lt;id&gt; --version &lt;version&gt; --entry &lt;assembly.dll&gt;: writes the
/// folder's plugin.json for this host's contract version, with the SHA-256 of the entry assembly as built. The
/// way to package a plugin: build it, run this on its output folder, drop the folder into plugins/.
/// </summary>
internal static class PluginManifestCommand
{
    private const string Usage = "plugin-manifest takes a folder and three options: <plugin-folder> --id <id> --version <version> --entry <assembly.dll>";

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            stderr.WriteLine(Usage);
            return CommandLine.Unusable;
        }
        string folder = args[0];
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i += 2)
        {
            string option = args[i];
            if (option is not ("--id" or "--version" or "--entry"))
            {
                stderr.WriteLine($"plugin-manifest: unknown option '{option}'");
                stderr.WriteLine(Usage);
                return CommandLine.Unusable;
            }
            if (i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]))
            {
                stderr.WriteLine($"plugin-manifest: {option} needs a value");
                return CommandLine.Unusable;
            }
            if (!options.TryAdd(option, args[i + 1]))
            {
                stderr.WriteLine($"plugin-manifest: {option} is given twice");
                return CommandLine.Unusable;
            }
        }
        foreach (string required in new[] { "--id", "--version", "--entry" })
        {
            if (!options.ContainsKey(required))
            {
                stderr.WriteLine($"plugin-manifest: {required} is missing");
                stderr.WriteLine(Usage);
                return CommandLine.Unusable;
            }
        }

        string entryName = options["--entry"];
        if (Path.GetFileName(entryName) != entryName)
        {
            stderr.WriteLine($"plugin-manifest: --entry must be a file name inside {folder}, not a path ('{entryName}')");
            return CommandLine.Unusable;
        }
        if (!Directory.Exists(folder))
        {
            stderr.WriteLine($"{folder}: no such plugin folder");
            return CommandLine.Unusable;
        }
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
        var manifest = new PluginManifest(options["--id"], options["--version"], ProofSystemContract.Version, entryName, sha256);
        string path = Path.Combine(folder, PluginManifest.FileName);
        if (!ArtifactFiles.TryWrite(path, manifest.ToJson(), stderr))
        {
            return CommandLine.Unusable;
        }
        stdout.WriteLine($"{path}: {manifest.Id} {manifest.Version}, contract version {manifest.ContractVersion}, {entryName} SHA-256 {sha256}");
        return CommandLine.Success;
    }
}
