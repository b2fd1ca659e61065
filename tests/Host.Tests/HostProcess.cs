using System.Diagnostics;
using System.Reflection;

namespace CredentialHub.Host.Tests;

/// <summary>Runs the built host binary (src/Host/bin/&lt;configuration&gt;) as operators do, with its plugins folder.</summary>
internal static class HostProcess
{
    internal static string RepositoryRoot { get; } = FindRoot();

    internal static string HostDirectory
    {
        get
        {
            string configuration = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "HostConfiguration").Value!;
            return Path.Combine(RepositoryRoot, "src", "Host", "bin", configuration, "net10.0");
        }
    }

    internal static string Vector(string circuit, string file) =>
        Path.Combine(RepositoryRoot, "tests", "Groth16.Tests", "vectors", circuit, file);

    internal sealed record Result(int ExitCode, string Stdout, string Stderr);

    internal static async Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(HostDirectory, "CredentialHub.Host.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredentialHub.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("CredentialHub.sln not found");
    }
}
