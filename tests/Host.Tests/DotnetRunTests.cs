using CredentialHub.TestSupport;

namespace CredentialHub.Host.Tests;

/// <summary>
/// Under <c>dotnet run</c> the environment takes effect as it does for the built binary: no launch profile sets
/// ASPNETCORE_ENVIRONMENT or the address behind the caller's back, and standard output carries only the command's data.
/// </summary>
public class DotnetRunTests
{
    private static Task<ProcessResult> DotnetRunAsync(IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>> environment, string? workingDirectory = null) =>
        ExternalProcess.RunAsync("dotnet",
            ["run", "--no-build", "-c", HostProcess.Configuration, "--project", Repository.Path("src", "Host"), .. arguments],
            workingDirectory ?? HostProcess.DefaultWorkingDirectory,
            [new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"), new("DOTNET_NOLOGO", "1"), .. environment],
            timeout: TimeSpan.FromMinutes(2));

    [Fact]
    public async Task ASPNETCORE_ENVIRONMENT_from_the_environment_takes_effect_under_dotnet_run()
    {
        // Production without a secret refuses to start; a launch profile setting Development would have let it serve.
        var run = await DotnetRunAsync([], [
            new("ASPNETCORE_ENVIRONMENT", "Production"), new("DOTNET_ENVIRONMENT", null), new("SECRET_KEY", null), new("SECRET_KEY_FILE", null),
            new("DATABASE_URL", null), new("ASPNETCORE_URLS", $"http://127.0.0.1:{Loopback.FreePort()}")]);
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}: {run.Stderr}\n{run.Stdout}");
        Assert.Contains("SECRET_KEY is required in production mode", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("launch settings", run.Stdout + run.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_command_under_dotnet_run_writes_only_its_output_to_standard_output()
    {
        var run = await DotnetRunAsync(["--", "help"], []);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("usage", run.Stdout.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("launch settings", run.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Relative_paths_under_dotnet_run_are_those_of_the_callers_working_directory()
    {
        // The Web SDK would start the program in src/Host; the project sets RunWorkingDirectory to the caller's.
        using var dir = new TemporaryDirectory("credentialhub-run-");
        foreach (string file in new[] { "verification_key.json", "public.json", "proof.json", "circuit.zkey" })
        {
            File.Copy(HostProcess.Vector("multi", file), dir.File(file));
        }
        var verify = await DotnetRunAsync(["--", "verify", "verification_key.json", "public.json", "proof.json"], [], dir.Path);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.Equal("OK", verify.Stdout.Trim());

        var export = await DotnetRunAsync(["--", "export-vkey", "circuit.zkey", "vk.json"], [], dir.Path);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.True(File.Exists(dir.File("vk.json")));
        Assert.False(File.Exists(Repository.Path("src", "Host", "vk.json")));
    }
}
