using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CredentialHub.Groth16.Tests.NativeProver;

/// <summary>
/// credentialhub-prover (plugins/Groth16.Bn254/Prover) compiled ahead of time, once per test class, into a temporary
/// folder: <c>dotnet publish Prover.csproj -c &lt;the tests' configuration&gt; -r &lt;this machine's RID&gt;</c>. It is published
/// from a copy of the sources it is made of (its project, the plugin, the SDK, the libraries it links and the
/// repository's build props), in a folder of its own: the publish restores and builds for a runtime identifier, and
/// doing that in the repository's own projects would rewrite their obj/ and bin/ folders while the other test
/// assemblies run from them. The first publish on a machine restores the ILCompiler packages and compiles everything to
/// native code, linked by clang with zlib (clang and zlib1g-dev, which .ci/run installs), hence the ten minutes allowed.
/// </summary>
public sealed class NativeProverBinary : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    /// <summary>What the prover is built from, relative to the repository root.</summary>
    private static readonly string[] Sources =
    [
        "Directory.Build.props", "Directory.Packages.props",
        "src/Libraries/Directory.Build.props", "src/Libraries/Bn254", "src/Libraries/CommandFiles",
        "src/ProofSystems/ProofSystems.Contracts", "plugins/Groth16.Bn254/Groth16", "plugins/Groth16.Bn254/Prover",
    ];

    private readonly TemporaryDirectory _directory = new("credentialhub-native-prover-");

    public NativeProverBinary()
    {
        string sources = _directory.File("src");
        foreach (string source in Sources)
        {
            Copy(Repository.Path(source.Split('/')), System.IO.Path.Combine(sources, source));
        }
        string output = _directory.File("out");
        string[] arguments =
        [
            "publish", System.IO.Path.Combine(sources, "plugins", "Groth16.Bn254", "Prover", "Prover.csproj"),
            "-c", HostProcess.Configuration, "-r", RuntimeInformation.RuntimeIdentifier, "-o", output,
            "--disable-build-servers", "-nologo",
        ];
        var clock = Stopwatch.StartNew();
        var publish = ExternalProcess.Wait(() => ExternalProcess.RunAsync("dotnet", arguments, sources,
            [new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"), new("DOTNET_NOLOGO", "1")], timeout: PublishTimeout, installHint: "install the .NET 10 SDK"));
        PublishTime = clock.Elapsed;
        Path = System.IO.Path.Combine(output, OperatingSystem.IsWindows() ? "credentialhub-prover.exe" : "credentialhub-prover");
        if (publish.ExitCode != 0 || !File.Exists(Path))
        {
            _directory.Dispose();
            throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} failed with exit code {publish.ExitCode} (NativeAOT links with clang and needs zlib1g-dev):\n{publish.Output}");
        }
    }

    /// <summary>A file, or a folder without its bin/ and obj/, copied to <paramref name="target"/>.</summary>
    private static void Copy(string source, string target)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            return;
        }
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = System.IO.Path.GetRelativePath(source, file);
            string top = relative.Split(System.IO.Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
            {
                continue;
            }
            Copy(file, System.IO.Path.Combine(target, relative));
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
