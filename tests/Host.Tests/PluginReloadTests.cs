using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Tests;

/// <summary>
/// PLUGINS_RELOAD against the built host, as an operator uses it: plugin folders replaced under a running service are
/// loaded again (manifest and SHA-256 checked again) and show in /health without a restart, a refused update leaves the
/// version before serving and says so, circuits are bound to the new Groth16 and still prove; without PLUGINS_RELOAD
/// nothing is reloaded.
/// </summary>
public sealed class PluginReloadTests : IDisposable
{
    private const string HashproofEntry = "CredentialHub.Hashproof.dll";

    private static readonly TimeSpan QuietPeriod = CredentialHub.Host.Plugins.PluginReloader.QuietPeriod;

    private readonly TemporaryDirectory _dir = new("credentialhub-reload-");

    public void Dispose() => _dir.Dispose();

    private string Plugins => Path.Combine(_dir.Path, "plugins");

    /// <summary>Only the solvency circuit, so that binding the circuits again stays quick.</summary>
    private string Circuits => Path.Combine(_dir.Path, "circuits");

    private static string HashproofBuild => Repository.Path("tests", "Plugins", "Hashproof", "bin", HostProcess.Configuration, "net10.0");

    private Dictionary<string, string> Environment(bool reload)
    {
        // The first proof after a reload runs the new plugin version's code before it is compiled, as after a start:
        // on a loaded machine that is more than the default deadline.
        var environment = new Dictionary<string, string>
        {
            ["PLUGINS_DIR"] = Plugins,
            ["CIRCUITS_DIR"] = Circuits,
            ["PROOF_TIMEOUT_SECONDS"] = "120",
            ["PROOF_WAIT_SECONDS"] = "120",
        };
        if (reload)
        {
            environment["PLUGINS_RELOAD"] = "true";
        }
        return environment;
    }

    [Fact]
    public async Task With_PLUGINS_RELOAD_replaced_plugin_folders_are_served_without_a_restart()
    {
        await PrepareAsync();
        await using var server = await HostProcess.StartAsync(Environment(reload: true));
        int pid = server.Process.Id;
        Assert.Equal(("loaded", "1.0.0", (string?)null), Plugin(await HealthAsync(server), "hashproof"));

        // The hashproof folder replaced by another build: version 2.0.0 (moved into place whole, as a deployment does).
        string staging = await PackageHashproofAsync(Path.Combine(_dir.Path, "staging"), "2.0.0");
        Directory.Delete(Path.Combine(Plugins, "hashproof"), recursive: true);
        Directory.Move(staging, Path.Combine(Plugins, "hashproof"));
        // The prover process starts again with the new proof systems: /health is degraded until it is ready.
        var health = await WaitForAsync(server, h => Plugin(h, "hashproof").Version == "2.0.0" && h.RootElement.GetProperty("status").GetString() == "healthy");
        Assert.Equal(("loaded", "2.0.0", (string?)null), Plugin(health, "hashproof"));
        Assert.Equal("healthy", health.RootElement.GetProperty("status").GetString());
        Assert.Contains("Plugin hashproof 2.0.0 reloaded from hashproof, replacing 1.0.0", server.Output, StringComparison.Ordinal);

        // An update that fails the SHA-256 check is refused with the reason; 2.0.0 serves on, and /health says so.
        string actual = Sha256(Path.Combine(Plugins, "hashproof", HashproofEntry));
        string wrong = new('0', 64);
        EditManifest("hashproof", m => (m["version"], m["sha256"]) = ("3.0.0", wrong));
        health = await WaitForAsync(server, h => Plugin(h, "hashproof").Status != "loaded");
        string reason = $"entry assembly {HashproofEntry} has SHA-256 {actual}, the manifest says {wrong}";
        Assert.Equal(("update-refused", "2.0.0", reason), Plugin(health, "hashproof"));
        Assert.Equal("degraded", health.RootElement.GetProperty("status").GetString());
        Assert.Equal("1 plugin update(s) refused, the version loaded before serving", ProofSystemsCheck(health).GetProperty("description").GetString());
        Assert.Equal(["groth16-bn254", "hashproof"], ProofSystemsCheck(health).GetProperty("data").GetProperty("proof_systems").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains($"Plugin folder hashproof update refused: {reason}; plugin hashproof 2.0.0 loaded before keeps serving", server.Output, StringComparison.Ordinal);

        // Groth16 replaced (0.1.1 in its manifest): the circuit is bound to the new version and proves with it.
        EditManifest("groth16-bn254", m => m["version"] = "0.1.1");
        health = await WaitForAsync(server, h => Plugin(h, "groth16-bn254").Version == "0.1.1");
        Assert.Equal(("loaded", "0.1.1", (string?)null), Plugin(health, "groth16-bn254"));
        await WaitForAsync(server, _ => server.Output.Contains("proof systems changed: 1 bundled circuit(s) loaded again against them, 0 kept, 0 refused", StringComparison.Ordinal));
        string inputs = File.ReadAllText(Path.Combine(Circuits, "solvency", "example-input.json"));
        using var proved = await server.Http.PostAsync("/proofs/generate", new StringContent($$"""{"circuit_id":"solvency","inputs":{{inputs}}}""", Encoding.UTF8, "application/json"));
        string proof = await proved.Content.ReadAsStringAsync();
        Assert.True(proved.StatusCode == HttpStatusCode.OK, $"generate: {(int)proved.StatusCode} {proof}");

        Assert.False(server.Process.HasExited);
        Assert.Equal(pid, server.Process.Id);
        Assert.Single(server.Output.Split('\n'), line => line.Contains("Now listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_PLUGINS_RELOAD_a_changed_plugin_folder_is_not_reloaded()
    {
        await PrepareAsync();
        await using var server = await HostProcess.StartAsync(Environment(reload: false));

        EditManifest("hashproof", m => m["version"] = "2.0.0");
        EditManifest("groth16-bn254", m => m["version"] = "0.1.1");
        // Well past the quiet period after which a reloading host would have loaded the folders again.
        await Task.Delay(QuietPeriod * 4);

        using var health = await HealthAsync(server);
        Assert.Equal(("loaded", "1.0.0", (string?)null), Plugin(health, "hashproof"));
        Assert.Equal(("loaded", "0.1.0", (string?)null), Plugin(health, "groth16-bn254"));
        Assert.DoesNotContain("PLUGINS_RELOAD", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("reloaded from", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("proof systems changed", server.Output, StringComparison.Ordinal);
    }

    /// <summary>plugins/ with the bundled Groth16 (0.1.0) and Hashproof 1.0.0; circuits/ with solvency.</summary>
    private async Task PrepareAsync()
    {
        CopyDirectory(Path.Combine(HostProcess.HostDirectory, "plugins", "groth16-bn254"), Path.Combine(Plugins, "groth16-bn254"));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Plugins, "groth16-bn254", "plugin.json")))!;
        Assert.Equal("0.1.0", manifest["version"]!.GetValue<string>());
        await PackageHashproofAsync(Path.Combine(Plugins, "hashproof"), "1.0.0");
        CopyDirectory(HostProcess.SolvencyDirectory, Path.Combine(Circuits, "solvency"));
    }

    /// <summary>Hashproof's build output in a folder with the manifest the `plugin-manifest` command writes.</summary>
    private static async Task<string> PackageHashproofAsync(string target, string version)
    {
        CopyDirectory(HashproofBuild, target);
        var result = await HostProcess.RunAsync(["plugin-manifest", target, "--id", "hashproof", "--version", version, "--entry", HashproofEntry]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"contract version {ProofSystemContract.Version}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        return target;
    }

    private void EditManifest(string folder, Action<JsonObject> edit)
    {
        string path = Path.Combine(Plugins, folder, "plugin.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }

    private static async Task<JsonDocument> HealthAsync(RunningHost server)
    {
        using var response = await server.Http.GetAsync("/health");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>/health once it satisfies a condition (polled; a minute at most, reloads take a quiet second and a load).</summary>
    private static async Task<JsonDocument> WaitForAsync(RunningHost server, Func<JsonDocument, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var health = await HealthAsync(server);
            if (condition(health))
            {
                return health;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"/health did not reach the expected state: {health.RootElement}\n{server.Tail()}");
            }
            health.Dispose();
            await Task.Delay(200);
        }
    }

    private static JsonElement ProofSystemsCheck(JsonDocument health) => health.RootElement.GetProperty("checks").GetProperty("proof_systems");

    /// <summary>A plugin folder's status, version and error in /health (all null while the folder is not listed).</summary>
    private static (string? Status, string? Version, string? Error) Plugin(JsonDocument health, string folder)
    {
        var plugins = ProofSystemsCheck(health).GetProperty("data").GetProperty("plugins").EnumerateArray()
            .Where(p => p.GetProperty("folder").GetString() == folder).ToList();
        return plugins is [var plugin]
            ? (plugin.GetProperty("status").GetString(), plugin.GetProperty("version").GetString(), plugin.GetProperty("error").GetString())
            : (null, null, null);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
