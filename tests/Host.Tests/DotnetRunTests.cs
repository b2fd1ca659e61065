using CredentialHub.TestSupport;

namespace CredentialHub.Host.Tests;

/// <summary>
/// Under <c>dotnet run</c> the environment takes effect as it does for the built binary: no launch profile sets
/// ASPNETCORE_ENVIRONMENT or the address behind the caller's back, and standard output carries only the command's data.
/// </summary>
public class DotnetRunTests
{
    private static Task<ProcessResult> DotnetRunAsync(IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>> environment) =>
        ExternalProcess.RunAsync("dotnet",
            ["run", "--no-build", "-c", HostProcess.Configuration, "--project", Repository.Path("src", "Host"), .. arguments],
            HostProcess.DefaultWorkingDirectory,
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
}
