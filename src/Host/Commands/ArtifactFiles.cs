using System.CommandLine;
using System.CommandLine.Parsing;
using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>
/// File handling shared by the verbs that take files: their arguments (an input must exist, an output's folder must
/// exist: both checked while the command line is parsed, before any work), opening, writing and saying what was
/// written, the prover lookup. Relative paths are relative to the working directory of the caller.
/// </summary>
internal static class ArtifactFiles
{
    /// <summary>A file the verb reads: refused while parsing, naming it, when there is no such file.</summary>
    internal static Argument<string> Input(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result => Check(result, result.GetValueOrDefault<string>(), InputProblem));
        return argument;
    }

    /// <summary>A file the verb writes: refused while parsing, naming the folder, when its folder does not exist.</summary>
    internal static Argument<string> Output(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result => Check(result, result.GetValueOrDefault<string>(), OutputProblem));
        return argument;
    }

    /// <summary>An option naming a file the verb reads, checked as <see cref="Input"/> is.</summary>
    internal static Option<string> InputOption(string name, string helpName, string description)
    {
        var option = new Option<string>(name) { Description = description, HelpName = helpName };
        option.Validators.Add(result => Check(result, result.GetValueOrDefault<string>(), InputProblem));
        return option;
    }

    private static void Check(SymbolResult result, string? path, Func<string, string?> problem)
    {
        if (path is not null && problem(path) is { } message)
        {
            result.AddError(message);
        }
    }

    internal static string? InputProblem(string path) =>
        File.Exists(path) ? null
            : Directory.Exists(path) ? $"{path}: cannot be read (a folder, not a file)"
            : $"{path}: cannot be read (no such file)";

    internal static string? OutputProblem(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{path}: cannot be written ({e.Message})";
        }
        if (Directory.Exists(full))
        {
            return $"{path}: cannot be written (a folder, not a file)";
        }
        string? folder = Path.GetDirectoryName(full);
        return folder is null || Directory.Exists(folder) ? null : $"{path}: cannot be written: the folder {folder} does not exist";
    }

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

    internal static bool TryWrite(string path, string text, TextWriter stderr) =>
        TryWrite(path, System.Text.Encoding.UTF8.GetBytes(text), stderr);

    /// <summary>Writes a file and says so on standard error (its full path and size); a failure is named there too.</summary>
    internal static bool TryWrite(string path, byte[] bytes, TextWriter stderr)
    {
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{path}: cannot be written ({e.Message})");
            return false;
        }
        Wrote(path, stderr);
        return true;
    }

    /// <summary>The line every verb writes on standard error for each file it wrote: "wrote &lt;full path&gt; (&lt;size&gt; bytes)".</summary>
    internal static void Wrote(string path, TextWriter stderr) =>
        stderr.WriteLine($"wrote {Path.GetFullPath(path)} ({new FileInfo(path).Length} bytes)");

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
