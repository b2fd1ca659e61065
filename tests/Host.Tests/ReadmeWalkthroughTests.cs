using System.Net;
using System.Text.Json;
using Xunit.Sdk;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The README's Tutorial and Adding a circuit run as written: their <c>sh</c> blocks in order, in one bash session,
/// against a live host on the embedded defaults, each block exiting 0 and printing the outputs its <c># →</c> lines
/// document; the circuit the walkthrough bundles is then served by a host started on its folder.
/// </summary>
public class ReadmeWalkthroughTests
{
    private static readonly string[] Sections = ["tutorial", "adding-a-circuit"];

    private static IReadOnlyList<WalkthroughBlock> Blocks() => ReadmeWalkthrough.Blocks(File.ReadAllText(Repository.Path("README.md")), Sections);

    [Fact]
    public void The_walkthroughs_are_marked_and_document_their_outputs()
    {
        var blocks = Blocks();
        foreach (string section in Sections)
        {
            var run = blocks.Where(b => b.Section == section && b.Run).ToList();
            Assert.True(run.Count >= 5, $"section {section}: {run.Count} blocks run");
            Assert.True(run.Count(b => b.Expected.Count > 0) >= run.Count / 2, $"section {section}: most blocks should document their output with '# →' lines");
        }
        // The reader's settings are lines the test replaces: the script refuses a walkthrough that no longer assigns them.
        string script = ReadmeWalkthrough.Script(blocks, new Dictionary<string, string> { ["BASE"] = "http://b", ["KEY"] = "k'ey", ["H"] = "dotnet h.dll" });
        Assert.Contains("\nBASE='http://b'\n", script, StringComparison.Ordinal);
        Assert.Contains("\nKEY='k'\\''ey'\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("KEY=chk_", script, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ReadmeWalkthrough.Script(blocks, new Dictionary<string, string> { ["NOT_IN_THE_README"] = "x" }));
        Assert.Throws<FormatException>(() => ReadmeWalkthrough.Blocks("```sh\necho\n```\n", "tutorial"));
    }

    [Fact]
    public void A_documented_output_matches_what_it_shows_with_an_ellipsis_for_anything()
    {
        var block = new WalkthroughBlock("t", 1, "", ["{\"valid\":false,\"reason\":\"…\"}", "true"], true);
        Assert.Empty(ReadmeWalkthrough.Unmatched(block, "noise\n{\"valid\":false,\"reason\":\"the pairing equation does not hold\"}\n  true  \n"));
        Assert.Equal(["{\"valid\":false,\"reason\":\"…\"}"], ReadmeWalkthrough.Unmatched(block, "{\"valid\":true,\"reason\":null}\ntrue"));
        Assert.Equal(["true"], ReadmeWalkthrough.Unmatched(block, "{\"valid\":false,\"reason\":\"x\"}\nuntrue"));
    }

    [Fact]
    public async Task The_tutorial_and_adding_a_circuit_run_as_written_against_a_live_host()
    {
        var blocks = Blocks();
        using var scratch = new TemporaryDirectory("credentialhub-walkthrough-");
        try
        {
            var repositoryCircuits = LayOut(scratch.Path);
            // The embedded defaults (in memory, a secret of the process only, the rate limits on) with the repository's
            // circuits; only the deadline is longer, as a proof on a loaded machine may take more than the default 10 s.
            await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
            {
                ["SECRET_KEY"] = "",
                ["RATE_LIMIT_PER_MINUTE"] = "",
                ["PROVE_RATE_LIMIT_PER_MINUTE"] = "",
                ["PROOF_TIMEOUT_SECONDS"] = "120",
            });
            Assert.Contains("SECRET_KEY is not set", host.Output, StringComparison.Ordinal);
            string script = ReadmeWalkthrough.Script(blocks, new Dictionary<string, string>
            {
                ["BASE"] = host.Address.GetLeftPart(UriPartial.Authority),
                ["KEY"] = host.ApiKey!,
                ["H"] = $"dotnet {HostProcess.HostDll}",
            });
            string file = scratch.File("walkthrough.sh");
            await File.WriteAllTextAsync(file, script);
            var result = await ExternalProcess.RunAsync("bash", [file], scratch.Path, [new("NO_COLOR", "1")],
                timeout: TimeSpan.FromMinutes(10), installHint: "apt-get install bash curl jq");
            var outputs = ReadmeWalkthrough.Outputs(result.Stdout);
            if (result.ExitCode != 0 || !result.Stdout.Contains(ReadmeWalkthrough.DoneMarker, StringComparison.Ordinal))
            {
                int failed = outputs.Count == 0 ? -1 : outputs.Keys.Max();
                string where = failed < 0 ? "before the first block" : $"in the block at README.md line {blocks[failed].Line} ({blocks[failed].Section}):\n{blocks[failed].Code}\n--- it printed:\n{outputs[failed]}";
                throw new XunitException($"the walkthrough exited {result.ExitCode} {where}\n--- stderr:\n{result.Stderr}\n--- host:\n{host.Tail(2000)}");
            }
            for (int i = 0; i < blocks.Count; i++)
            {
                if (!blocks[i].Run)
                {
                    continue;
                }
                var unmatched = ReadmeWalkthrough.Unmatched(blocks[i], outputs[i]);
                Assert.True(unmatched.Count == 0,
                    $"the block at README.md line {blocks[i].Line} ({blocks[i].Section}) did not print {string.Join(" / ", unmatched)}:\n{blocks[i].Code}\n--- it printed:\n{outputs[i]}");
            }
            // The upload of Adding a circuit ran (and proving with it, its # → lines checked above).
            Assert.Contains(blocks, b => b.Run && b.Section == "adding-a-circuit" && b.Code.Contains("-F configuration=@", StringComparison.Ordinal));
            await ServedAsBundledAsync(scratch.Path, repositoryCircuits);
        }
        finally
        {
            Unlink(scratch.Path);
        }
    }

    /// <summary>
    /// The folders the walkthrough added to the scratch <c>circuits/</c>, with their SHA256SUMS, are loaded by a host
    /// started on that folder: each served as a bundled circuit, in service, and proving.
    /// </summary>
    private static async Task ServedAsBundledAsync(string root, IReadOnlySet<string> repositoryCircuits)
    {
        var added = Directory.GetDirectories(Path.Combine(root, "circuits")).Where(f => !repositoryCircuits.Contains(Path.GetFileName(f))).ToList();
        Assert.NotEmpty(added);
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["CIRCUITS_DIR"] = Path.Combine(root, "circuits"),
            ["PROOF_TIMEOUT_SECONDS"] = "120",
        });
        foreach (string folder in added)
        {
            using var configuration = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "circuit.json")));
            string id = configuration.RootElement.GetProperty("id").GetString()!;
            using var response = await host.Http.GetAsync($"/circuits/{id}");
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /circuits/{id} on a host started on the walkthrough's circuits/: {(int)response.StatusCode} {body}\n{host.Tail()}");
            using var circuit = JsonDocument.Parse(body);
            Assert.Equal("bundled", circuit.RootElement.GetProperty("origin").GetString());
            Assert.Equal("in-service", circuit.RootElement.GetProperty("status").GetString());
        }
        using var health = await host.Http.GetAsync("/health");
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"/health: {(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}");
        Assert.DoesNotContain("refused", host.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A scratch folder laid out like the repository for the walkthrough: <c>circuits/</c> holding links to the shipped
    /// circuits (the walkthrough adds its own folder there, never in the repository) and <c>node_modules/</c> holding
    /// links to the installed packages, but a copy of circomlib, which circom2 cannot read through a link. Returns the
    /// names of the shipped circuits.
    /// </summary>
    private static IReadOnlySet<string> LayOut(string root)
    {
        string modules = Repository.Path("node_modules");
        if (!Directory.Exists(Path.Combine(modules, "circom2")) || !Directory.Exists(Path.Combine(modules, "circomlib")))
        {
            throw new XunitException($"{modules} lacks circom2 or circomlib: run 'npm ci' at the repository root (the README's test command does)");
        }
        string circuits = Directory.CreateDirectory(Path.Combine(root, "circuits")).FullName;
        var shipped = new HashSet<string>(StringComparer.Ordinal);
        foreach (string folder in Directory.GetDirectories(HostProcess.CircuitsDirectory))
        {
            shipped.Add(Path.GetFileName(folder));
            Directory.CreateSymbolicLink(Path.Combine(circuits, Path.GetFileName(folder)), folder);
        }
        string scratchModules = Directory.CreateDirectory(Path.Combine(root, "node_modules")).FullName;
        foreach (string entry in Directory.EnumerateFileSystemEntries(modules))
        {
            string target = Path.Combine(scratchModules, Path.GetFileName(entry));
            if (Path.GetFileName(entry) == "circomlib")
            {
                CopyDirectory(entry, target);
            }
            else if (Directory.Exists(entry))
            {
                Directory.CreateSymbolicLink(target, entry);
            }
            else
            {
                File.CreateSymbolicLink(target, entry);
            }
        }
        return shipped;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (string folder in Directory.GetDirectories(from))
        {
            CopyDirectory(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    /// <summary>Removes the links <see cref="LayOut"/> made (the links only: what they point to stays), before the scratch folder is deleted.</summary>
    private static void Unlink(string root)
    {
        foreach (string folder in new[] { "circuits", "node_modules" }.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    File.Delete(entry.FullName);
                }
            }
        }
    }
}
