using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The Dockerfile without Docker (not available on these machines): linted by two Dockerfile linters (dockerfilelint and
/// dockerfile-utils, npm), and its image built as a folder: its own publish command, its circuits copied, its file modes
/// (nothing writable), its environment and entry point, run by an unprivileged user with only a temporary folder
/// writable, as a container with a read-only root file system runs it. The service starts, is healthy and proves.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ContainerImageTests : IDisposable
{
    private const int Unprivileged = 65534;

    private readonly TemporaryDirectory _dir = new("credentialhub-image-");

    public void Dispose()
    {
        // Read-only folders cannot be emptied by the temporary folder's clean-up: made writable again first.
        foreach (string directory in Directory.EnumerateDirectories(_dir.Path, "*", SearchOption.AllDirectories).Prepend(_dir.Path))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _dir.Dispose();
    }

    private static string Dockerfile => File.ReadAllText(Repository.Path("Dockerfile"));

    [Theory]
    [InlineData("dockerfilelint")]
    [InlineData("dockerfile-utils")]
    public async Task The_Dockerfile_passes_the_linter_which_finds_the_faults_of_a_bad_one(string linter)
    {
        var ours = await LintAsync(linter, Repository.Path("Dockerfile"));
        Assert.True(ours.Clean, $"{linter} on the Dockerfile:\n{ours.Output}");

        string bad = Path.Combine(_dir.Path, "Bad.Dockerfile");
        File.WriteAllText(bad, "FROM mcr.microsoft.com/dotnet/aspnet\nRUN apt-get install curl\nEXPOSE 80000\nCMD dotnet x.dll\nCMD dotnet y.dll\n");
        var refused = await LintAsync(linter, bad);
        Assert.False(refused.Clean, $"{linter} on a faulty Dockerfile found nothing:\n{refused.Output}");
    }

    [Fact]
    public void The_image_runs_as_an_unprivileged_user_with_nothing_writable()
    {
        var runtime = Stages(Dockerfile)[^1];
        var users = runtime.Where(i => i.Instruction == "USER").ToList();
        Assert.NotEmpty(users);
        Assert.DoesNotMatch(@"^(root|0)(:|$)", users[^1].Arguments);
        Assert.Contains(runtime, i => i.Instruction == "RUN" && i.Arguments.Contains("chmod 0555", StringComparison.Ordinal) && i.Arguments.Contains("chmod 0444", StringComparison.Ordinal));
        var entry = runtime.Single(i => i.Instruction == "ENTRYPOINT");
        Assert.StartsWith("[", entry.Arguments, StringComparison.Ordinal);
        var environment = Environment(runtime);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);

        string compose = File.ReadAllText(Repository.Path("deploy", "docker-compose.yml"));
        Assert.Contains("read_only: true", compose, StringComparison.Ordinal);
        Assert.Matches(@"tmpfs:\s*\n\s*- /tmp", compose);
    }

    [Fact]
    public async Task The_image_built_as_a_folder_serves_proofs_as_an_unprivileged_user_on_a_read_only_file_system()
    {
        var stages = Stages(Dockerfile);
        var build = stages[0];
        var runtime = stages[^1];
        string app = Path.Combine(_dir.Path, "app");

        // The build stage's publish command, into our folder instead of /app.
        var publish = build.Single(i => i.Instruction == "RUN" && i.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
        // A publish for a runtime (-r, for ReadyToRun) builds the host into a folder of its own (bin/<configuration>/<tfm>/<rid>/)
        // and leaves the suite's build alone; without one, --no-build: the suite's own build of the same configuration is
        // published (building again here would rewrite the binary other tests are running).
        var arguments = publish.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(a => a == "/app" ? app : a).ToList();
        if (!arguments.Contains("-r"))
        {
            arguments.Add("--no-build");
        }
        Assert.Equal("Release", HostProcess.Configuration);
        var published = await ExternalProcess.RunAsync("dotnet", arguments, Repository.Root, timeout: TimeSpan.FromMinutes(8));
        Assert.True(published.ExitCode == 0, $"dotnet {string.Join(' ', arguments)}:\n{published.Output}");
        // The service's own assemblies are compiled ahead of time (ReadyToRun code beside their IL; an assembly of
        // interfaces and enums alone has no code to compile and stays as it is).
        foreach (string name in new[] { "Host", "Proofs", "Security", "Circuits", "Credentials", "Monitoring", "Web" })
        {
            string assembly = Path.Combine(app, $"CredentialHub.{name}.dll");
            using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
            Assert.True(reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{Path.GetFileName(assembly)} has no ReadyToRun code");
        }

        // The runtime stage: its COPY of the circuits and its file modes (directories 0555, files 0444).
        foreach (var copy in runtime.Where(i => i.Instruction == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal)))
        {
            string[] parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            CopyDirectory(Repository.Path(parts[0].TrimEnd('/')), Path.Combine(app, parts[1].Replace("/app/", "", StringComparison.Ordinal).TrimEnd('/')));
        }
        foreach (string directory in Directory.EnumerateDirectories(app, "*", SearchOption.AllDirectories).Prepend(app))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        foreach (string file in Directory.EnumerateFiles(app, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        var before = Snapshot(app);

        // The one writable place, as the compose file's tmpfs /tmp: the prover processes' sockets go there.
        string temporary = Path.Combine(_dir.Path, "tmp");
        Directory.CreateDirectory(temporary);
        var environment = Environment(runtime);
        int port = Loopback.FreePort();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["CIRCUITS_DIR"] = environment["CIRCUITS_DIR"].Replace("/app", app, StringComparison.Ordinal);
        environment["PLUGINS_DIR"] = environment["PLUGINS_DIR"].Replace("/app", app, StringComparison.Ordinal);
        environment["SECRET_KEY"] = "Zq8vN3xLp0Ww7Rt2Yb5Kc9Hs4Jd6Mf1G";
        environment["TMPDIR"] = temporary;
        environment["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        environment["HOME"] = "/nonexistent";
        var entry = JsonSerializer.Deserialize<string[]>(runtime.Single(i => i.Instruction == "ENTRYPOINT").Arguments)!;
        bool root = System.Environment.UserName == "root";
        if (root)
        {
            ExternalProcess.Wait(() => ExternalProcess.RunAsync("chown", [$"{Unprivileged}:{Unprivileged}", temporary]));
        }
        var start = new ProcessStartInfo(root ? "setpriv" : entry[0])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (root ? [$"--reuid={Unprivileged}", $"--regid={Unprivileged}", "--clear-groups", .. entry] : entry.Skip(1)))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Output() { lock (output) { return output.ToString(); } }
        try
        {
            var clock = Stopwatch.StartNew();
            while (!Output().Contains("CredentialHub ready on", StringComparison.Ordinal))
            {
                Assert.False(process.HasExited, $"the service stopped (exit code {(process.HasExited ? process.ExitCode : 0)}):\n{Output()}");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"not ready within 3 minutes:\n{Output()}");
                await Task.Delay(200);
            }
            string key = AdminKey().Match(Output()).Groups[1].Value;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Add("X-API-Key", key);
            using var health = await http.GetAsync("/health");
            string healthBody = await health.Content.ReadAsStringAsync();
            Assert.True(health.StatusCode == HttpStatusCode.OK && healthBody.Contains("\"status\":\"healthy\"", StringComparison.Ordinal), $"/health: {(int)health.StatusCode} {healthBody}\n{Output()}");
            string inputs = File.ReadAllText(Path.Combine(app, "circuits", "solvency", "example-input.json"));
            using var proved = await http.PostAsync("/proofs/generate", new StringContent($$"""{"circuit_id":"solvency","inputs":{{inputs}}}""", Encoding.UTF8, "application/json"));
            string proof = await proved.Content.ReadAsStringAsync();
            Assert.True(proved.StatusCode == HttpStatusCode.OK, $"generate: {(int)proved.StatusCode} {proof}\n{Output()}");
            using var verified = await http.PostAsJsonAsync("/proofs/verify", new { proof_id = JsonDocument.Parse(proof).RootElement.GetProperty("proof_id").GetString() });
            Assert.Contains("\"valid\":true", await verified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", Output(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        // Nothing in the image's folder was written.
        Assert.Equal(before, Snapshot(app));
    }

    [GeneratedRegex(@"admin API key \(.*\): (chk_[A-Za-z0-9_-]+)")]
    private static partial Regex AdminKey();

    private static async Task<(bool Clean, string Output)> LintAsync(string linter, string file)
    {
        string tool = Repository.Path("node_modules", ".bin", linter);
        Assert.True(File.Exists(tool), $"{linter} is required for this test and is missing: {tool} (run `npm ci` at the repository root)");
        var result = await ExternalProcess.RunAsync(tool, linter == "dockerfile-utils" ? ["lint", file] : [file], timeout: TimeSpan.FromMinutes(1));
        // dockerfilelint exits with the number of issues; dockerfile-utils prints each problem and exits 0.
        bool clean = linter == "dockerfile-utils" ? result.Output.Trim().Length == 0 && result.ExitCode == 0 : result.ExitCode == 0 && result.Output.Contains("Issues: None found", StringComparison.Ordinal);
        return (clean, result.Output);
    }

    private sealed record Line(string Instruction, string Arguments);

    /// <summary>The Dockerfile's instructions by stage (continuation lines joined, comments dropped).</summary>
    private static List<List<Line>> Stages(string dockerfile)
    {
        var stages = new List<List<Line>>();
        var joined = new StringBuilder();
        foreach (string raw in dockerfile.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || (line.Trim().Length == 0 && joined.Length == 0))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                joined.Append(line[..^1].Trim()).Append(' ');
                continue;
            }
            joined.Append(line.Trim());
            string text = joined.ToString();
            joined.Clear();
            int space = text.IndexOf(' ');
            var instruction = new Line(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim());
            if (instruction.Instruction == "FROM")
            {
                stages.Add([]);
            }
            stages[^1].Add(instruction);
        }
        return stages;
    }

    /// <summary>The stage's ENV values (KEY=value pairs).</summary>
    private static Dictionary<string, string> Environment(List<Line> stage)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in stage.Where(i => i.Instruction == "ENV"))
        {
            foreach (string pair in env.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = pair.Split('=', 2);
                environment[parts[0]] = parts[1];
            }
        }
        return environment;
    }

    private static string Snapshot(string folder) => string.Join("\n", Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(p => $"{p} {(File.Exists(p) ? new FileInfo(p).Length : -1)} {File.GetLastWriteTimeUtc(p):O}"));

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
