using System.CommandLine;
using System.CommandLine.Parsing;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.CommandFiles;

/// <summary>
/// File handling shared by the verbs that take files: their arguments (an input must exist, an output's folder must
/// exist: both checked while the command line is parsed, before any work), opening, writing and saying what was
/// written, and the contract's exceptions turned into messages and exit codes (<see cref="ExitCodes"/>). Relative paths are
/// relative to the working directory of the caller. Shared by the host's verbs and the native prover, so that both say
/// the same about the same files.
/// </summary>
public static class ArtifactFiles
{
    /// <summary>A file the verb reads: refused while parsing, naming it, when there is no such file.</summary>
    public static Argument<string> Input(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result => Check(result, result.GetValueOrDefault<string>(), InputProblem));
        return argument;
    }

    /// <summary>A file the verb writes: refused while parsing, naming the folder, when its folder does not exist.</summary>
    public static Argument<string> Output(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result => Check(result, result.GetValueOrDefault<string>(), OutputProblem));
        return argument;
    }

    /// <summary>An option naming a file the verb reads, checked as <see cref="Input"/> is.</summary>
    public static Option<string> InputOption(string name, string helpName, string description)
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

    public static string? InputProblem(string path) =>
        File.Exists(path) ? null
            : Directory.Exists(path) ? $"{path}: cannot be read (a folder, not a file)"
            : $"{path}: cannot be read (no such file)";

    public static string? OutputProblem(string path)
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

    public static FileStream? OpenRead(string path, TextWriter stderr)
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

    public static bool TryWrite(string path, string text, TextWriter stderr) =>
        TryWrite(path, System.Text.Encoding.UTF8.GetBytes(text), stderr);

    /// <summary>Writes a file and says so on standard error (its full path and size); a failure is named there too.</summary>
    public static bool TryWrite(string path, byte[] bytes, TextWriter stderr)
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
    public static void Wrote(string path, TextWriter stderr) =>
        stderr.WriteLine($"wrote {Path.GetFullPath(path)} ({new FileInfo(path).Length} bytes)");

    /// <summary>Runs a verb body, turning the contract's exceptions into messages and exit codes.</summary>
    public static int Guard(TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ArtifactFormatException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.Unusable;
        }
        catch (ProvingException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.Negative;
        }
        catch (IOException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.Unusable;
        }
    }
}
