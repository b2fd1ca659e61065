using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>File handling shared by the verbs that take binary artifacts: opening, writing, the prover lookup.</summary>
internal static class ArtifactFiles
{
    internal static FileStream? OpenRead(string path, TextWriter stderr)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{path}: cannot be read ({e.Message})");
            return null;
        }
    }

    internal static bool TryWrite(string path, string text, TextWriter stderr)
    {
        try
        {
            File.WriteAllText(path, text);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{path}: cannot be written ({e.Message})");
            return false;
        }
    }

    internal static IProver? FindGroth16Prover(ProofSystemCatalog catalog, TextWriter stderr)
    {
        if (catalog.FindProver("groth16") is { } prover)
        {
            return prover;
        }
        stderr.WriteLine($"no proof-system plugin can make groth16 proofs (plugins directory: {catalog.Directory})");
        return null;
    }

    /// <summary>Runs a verb body, turning the contract's exceptions into messages and exit codes.</summary>
    internal static int Guard(TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ArtifactFormatException e)
        {
            stderr.WriteLine(e.Message);
            return CommandLine.Unusable;
        }
        catch (ProvingException e)
        {
            stderr.WriteLine(e.Message);
            return CommandLine.Negative;
        }
        catch (IOException e)
        {
            stderr.WriteLine(e.Message);
            return CommandLine.Unusable;
        }
    }
}
