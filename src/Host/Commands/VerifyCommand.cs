using System.CommandLine;
using System.Text.Json;
using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.CommandFiles;

namespace CredentialHub.Host.Commands;

/// <summary>verify &lt;verification_key.json&gt; &lt;public.json&gt; &lt;proof.json&gt; (the argument order of snarkjs).</summary>
internal static class VerifyCommand
{
    internal static Command Create()
    {
        var key = ArtifactFiles.Input("verification_key.json", "the verification key (snarkjs JSON; its protocol and curve pick the plugin)");
        var publicSignals = ArtifactFiles.Input("public.json", "the public signals");
        var proof = ArtifactFiles.Input("proof.json", "the proof");
        var command = new Command("verify", """
            Check a snarkjs proof; prints OK, or INVALID: <reason>, on standard output.
            Exit codes: 0 valid, 1 invalid, 2 unusable input.
            """) { key, publicSignals, proof };
        command.SetAction(parse => Run(parse.GetRequiredValue(key), parse.GetRequiredValue(publicSignals), parse.GetRequiredValue(proof),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string keyFile, string publicFile, string proofFile, TextWriter stdout, TextWriter stderr)
    {
        byte[]? keyJson = ReadFile(keyFile, stderr), publicJson = ReadFile(publicFile, stderr), proofJson = ReadFile(proofFile, stderr);
        if (keyJson is null || publicJson is null || proofJson is null)
        {
            return CommandLine.Unusable;
        }
        var catalog = CommandLine.LoadPlugins(stderr);

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
