using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CredentialHub.Groth16.Tests.NativeProver;

/// <summary>
/// credentialhub-prover (plugins/Groth16.Bn254/Prover) compiled ahead of time, once per test class, into a temporary
/// folder: <c>dotnet publish Prover.csproj -c &lt;the tests' configuration&gt; -r &lt;this machine's RID&gt;</c>. The
/// first publish on a machine restores the ILCompiler packages and compiles everything to native code, linked by clang
/// with zlib (clang and zlib1g-dev, which .ci/run installs), hence the ten minutes allowed; a later one finds its native
/// object up to date in the project's obj folder and takes seconds.
/// </summary>
public sealed class NativeProverBinary : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private readonly TemporaryDirectory _directory = new("credentialhub-native-prover-");

    public NativeProverBinary()
    {
        string[] arguments =
        [
            "publish", Repository.Path("plugins", "Groth16.Bn254", "Prover", "Prover.csproj"),
            "-c", HostProcess.Configuration, "-r", RuntimeInformation.RuntimeIdentifier, "-o", _directory.Path,
            // The libraries it links are the ones this test project was built with (it references them): built again
            // here they could be rewritten under other test assemblies. No build server outlives the publish.
            "--no-dependencies", "--disable-build-servers", "-nologo",
        ];
        var clock = Stopwatch.StartNew();
        var publish = ExternalProcess.Wait(() => ExternalProcess.RunAsync("dotnet", arguments, Repository.Root,
            [new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"), new("DOTNET_NOLOGO", "1")], timeout: PublishTimeout, installHint: "install the .NET 10 SDK"));
        PublishTime = clock.Elapsed;
        Path = _directory.File(OperatingSystem.IsWindows() ? "credentialhub-prover.exe" : "credentialhub-prover");
        if (publish.ExitCode != 0 || !File.Exists(Path))
        {
            _directory.Dispose();
            throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} failed with exit code {publish.ExitCode} (NativeAOT links with clang and needs zlib1g-dev):\n{publish.Output}");
        }
    }

    /// <summary>The published executable.</summary>
    public string Path { get; }

    /// <summary>How long the publish took.</summary>
    public TimeSpan PublishTime { get; }

    /// <summary>Runs the executable to its end (one minute at most) in <paramref name="workingDirectory"/>.</summary>
    public Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        ExternalProcess.RunAsync(Path, arguments, workingDirectory, timeout: TimeSpan.FromMinutes(1));

    public void Dispose() => _directory.Dispose();
}
