using System.Text.Json;
using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>verify &lt;verification_key.json&gt; &lt;public.json&gt; &lt;proof.json&gt; (the argument order of snarkjs).</summary>
internal static class VerifyCommand
{
    internal static int Run(string[] args, ProofSystemCatalog catalog, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 3)
        {
            stderr.WriteLine("verify takes three files: <verification_key.json> <public.json> <proof.json>");
            return CommandLine.Unusable;
        }
        string keyFile = args[0], publicFile = args[1], proofFile = args[2];
        byte[]? keyJson = ReadFile(keyFile, stderr), publicJson = ReadFile(publicFile, stderr), proofJson = ReadFile(proofFile, stderr);
        if (keyJson is null || publicJson is null || proofJson is null)
        {
            return CommandLine.Unusable;
        }

        if (!TryReadScheme(keyJson, out string protocol, out string curve, out string problem))
        {
            stderr.WriteLine($"{keyFile}: {problem}");
            return CommandLine.Unusable;
        }
        var system = catalog.Find(protocol, curve);
        if (system is null)
        {
            stderr.WriteLine($"{keyFile}: no proof-system plugin handles protocol '{protocol}' on curve '{curve}' (plugins directory: {catalog.Directory})");
            return CommandLine.Unusable;
        }

        try
        {
            var key = system.LoadVerificationKey(keyJson);
            var outcome = system.Verify(key, publicJson, proofJson);
            stdout.WriteLine(outcome.ToString());
            return outcome.IsValid ? CommandLine.Success : CommandLine.Negative;
        }
        catch (ProofFormatException e)
        {
            string file = e.Document switch
            {
                ProofDocument.VerificationKey => keyFile,
                ProofDocument.PublicSignals => publicFile,
                _ => proofFile,
            };
            stderr.WriteLine($"{file}: {e.Message}");
            return CommandLine.Unusable;
        }
    }

    private static byte[]? ReadFile(string path, TextWriter stderr)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxDocumentBytes)
            {
                stderr.WriteLine($"{path}: larger than {MaxDocumentBytes / (1024 * 1024)} MiB, not a snarkjs JSON document");
                return null;
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{path}: cannot be read ({e.Message})");
            return null;
        }
    }

    private const long MaxDocumentBytes = 64L * 1024 * 1024;

    /// <summary>The "protocol" and "curve" of a verification key, which select the plugin.</summary>
    private static bool TryReadScheme(byte[] json, out string protocol, out string curve, out string problem)
    {
        protocol = curve = problem = "";
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "$: expected a JSON object";
                return false;
            }
            if (!root.TryGetProperty("protocol", out var p) || p.ValueKind != JsonValueKind.String)
            {
                problem = "$.protocol: missing or not a string";
                return false;
            }
            if (!root.TryGetProperty("curve", out var c) || c.ValueKind != JsonValueKind.String)
            {
                problem = "$.curve: missing or not a string";
                return false;
            }
            protocol = p.GetString()!;
            curve = c.GetString()!;
            return true;
        }
        catch (JsonException e)
        {
            problem = $"$: not valid JSON ({e.Message})";
            return false;
        }
    }
}
