using System.ComponentModel;
using System.Diagnostics;
using Xunit.Sdk;

namespace CredentialHub.TestSupport;

/// <summary>What a finished process wrote and how it ended.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output followed by standard error.</summary>
    public string Output => Stdout + Stderr;

    public void Deconstruct(out int exitCode, out string output)
    {
        exitCode = ExitCode;
        output = Output;
    }
}

/// <summary>
/// Runs a program to its end and collects its output: node and snarkjs, promtool, pg_ctl, the built host's commands.
/// A program that does not finish in time is killed (with its children) and the test fails saying so; a program that
/// is not installed fails the test with <c>installHint</c>.
/// </summary>
public static class ExternalProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <param name="file">The program (looked up on PATH).</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell).</param>
    /// <param name="workingDirectory">Its working directory; the test's own when null.</param>
    /// <param name="environment">Variables to set; a null value removes the variable from what it inherits.</param>
    /// <param name="standardInput">Written to its standard input, which is then closed; when null the input is not redirected.</param>
    /// <param name="timeout"><see cref="DefaultTimeout"/> when null.</param>
    /// <param name="installHint">How to install the program, for the failure when it is missing.</param>
    public static async Task<ProcessResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null,
        string? standardInput = null,
        TimeSpan? timeout = null,
        string? installHint = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? [])
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        }
        catch (Win32Exception e) when (installHint is not null)
        {
            throw new XunitException($"{file} is missing ({e.Message}): {installHint}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            var limit = timeout ?? DefaultTimeout;
            using var cancel = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new XunitException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {limit.TotalSeconds:0} s");
            }
            return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }

    /// <summary>Waits for an asynchronous run from synchronous code (a constructor, a synchronous test), off the caller's synchronization context.</summary>
    public static ProcessResult Wait(Func<Task<ProcessResult>> run) => Task.Run(run).GetAwaiter().GetResult();
}
