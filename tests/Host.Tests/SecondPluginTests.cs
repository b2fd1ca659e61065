using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Tests;

/// <summary>
/// A second plugin (the test-only Hashproof) packaged as a team would: its build output plus a plugin.json
/// written by the `plugin-manifest` command, dropped into a plugins directory next to a copy of the bundled
/// Groth16 plugin. Also the folders the host must skip: a wrong hash, a missing entry assembly, another
/// contract version.
/// </summary>
public class SecondPluginTests : IDisposable
{
    private const string HashproofEntry = "CredentialHub.Hashproof.dll";
    private static readonly byte[] HmacKey = Convert.FromHexString("00112233445566778899aabbccddeeff");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "credentialhub-plugins-" + Guid.NewGuid().ToString("N"));

    public SecondPluginTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Plugins => Path.Combine(_dir, "plugins");

    private Dictionary<string, string> Environment => new() { ["PLUGINS_DIR"] = Plugins };

    private static string HashproofBuild => Repository.Path("tests", "Plugins", "Hashproof", "bin", HostProcess.Configuration, "net10.0");

    [Fact]
    public async Task Health_lists_both_plugins_as_loaded()
    {
        CopyGroth16();
        await PackageHashproof("hashproof");

        await using var server = await HostProcess.StartAsync(Environment);
        using var response = await server.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        var proofSystems = ProofSystemsCheck(body);
        Assert.Equal(["groth16-bn254", "hashproof"], proofSystems.GetProperty("proof_systems").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.All(proofSystems.GetProperty("plugins").EnumerateArray(), p => Assert.Equal("loaded", p.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Verify_accepts_a_valid_hashproof_proof_and_refuses_a_tampered_one()
    {
        CopyGroth16();
        await PackageHashproof("hashproof");
        string key = Write("vk.json", $$"""{"protocol":"hashproof","curve":"none","nPublic":2,"key":"{{Convert.ToHexStringLower(HmacKey)}}"}""");
        string publicSignals = Write("public.json", """[ "12", "345" ]""");
        string proof = Write("proof.json", $$"""{"protocol":"hashproof","digest":"{{Digest("""["12","345"]""")}}"}""");

        var valid = await HostProcess.RunAsync(["verify", key, publicSignals, proof], Environment);
        Assert.True(valid.ExitCode == 0, valid.Stdout + valid.Stderr);
        Assert.Equal("OK", valid.Stdout.Trim());
        Assert.DoesNotContain("warning", valid.Stderr);

        string tampered = Write("tampered.json", """["12","346"]""");
        var invalid = await HostProcess.RunAsync(["verify", key, tampered, proof], Environment);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal("INVALID: the digest does not match the public signals under this key", invalid.Stdout.Trim());

        string tooMany = Write("three.json", """["12","345","6"]""");
        var count = await HostProcess.RunAsync(["verify", key, tooMany, proof], Environment);
        Assert.Equal(1, count.ExitCode);
        Assert.Equal("INVALID: the key expects 2 public signals, got 3", count.Stdout.Trim());

        string malformed = Write("malformed.json", """{"protocol":"hashproof","digest":"xyz"}""");
        var unreadable = await HostProcess.RunAsync(["verify", key, publicSignals, malformed], Environment);
        Assert.Equal(2, unreadable.ExitCode);
        Assert.Contains($"{malformed}: $.digest:", unreadable.Stderr);

        var groth16 = await HostProcess.RunAsync(["verify", HostProcess.Vector("multi", "verification_key.json"), HostProcess.Vector("multi", "public.json"), HostProcess.Vector("multi", "proof.json")], Environment);
        Assert.True(groth16.ExitCode == 0, groth16.Stderr);
        Assert.Equal("OK", groth16.Stdout.Trim());
    }

    [Fact]
    public async Task Unloadable_plugins_are_skipped_with_their_reasons_while_groth16_loads_and_the_host_serves()
    {
        CopyGroth16();
        await PackageHashproof("bad-hash");
        string wrongHash = new('0', 64);
        EditManifest("bad-hash", m => m["sha256"] = wrongHash);
        await PackageHashproof("missing-entry");
        File.Delete(Path.Combine(Plugins, "missing-entry", HashproofEntry));
        await PackageHashproof("old-contract");
        EditManifest("old-contract", m => m["contract_version"] = 99);
        // A plugin built against the contract before IProver proved from field elements (ReadWitness, Prove(key, Witness)).
        await PackageHashproof("older-contract");
        EditManifest("older-contract", m => m["contract_version"] = ProofSystemContract.Version - 1);
        string actualHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(HashproofBuild, HashproofEntry))));

        await using var server = await HostProcess.StartAsync(Environment);
        for (int request = 0; request < 2; request++)
        {
            using var response = await server.Http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("degraded", body.RootElement.GetProperty("status").GetString());
            var proofSystems = ProofSystemsCheck(body);
            Assert.Equal(["groth16-bn254"], proofSystems.GetProperty("proof_systems").EnumerateArray().Select(e => e.GetString()));
            var plugins = proofSystems.GetProperty("plugins").EnumerateArray()
                .ToDictionary(p => p.GetProperty("folder").GetString()!, p => (Status: p.GetProperty("status").GetString(), Error: p.GetProperty("error").GetString()));
            Assert.Equal(("loaded", (string?)null), plugins["groth16-bn254"]);
            Assert.Equal(("skipped", $"entry assembly {HashproofEntry} has SHA-256 {actualHash}, the manifest says {wrongHash}"), plugins["bad-hash"]);
            Assert.Equal(("skipped", $"entry assembly {HashproofEntry} is missing"), plugins["missing-entry"]);
            Assert.Equal(("skipped", $"built for contract version 99, the host offers {ProofSystemContract.Version}: rebuild the plugin against this host's CredentialHub.ProofSystems.Contracts and write its manifest again (plugin-manifest)"), plugins["old-contract"]);
            Assert.Equal(("skipped", $"built for contract version {ProofSystemContract.Version - 1}, the host offers {ProofSystemContract.Version}: rebuild the plugin against this host's CredentialHub.ProofSystems.Contracts and write its manifest again (plugin-manifest)"), plugins["older-contract"]);
        }
        Assert.False(server.Process.HasExited);
        Assert.Contains($"has SHA-256 {actualHash}, the manifest says {wrongHash}", server.Output);
    }

    [Fact]
    public async Task A_manifest_without_sha256_is_refused()
    {
        CopyGroth16();
        await PackageHashproof("no-hash");
        EditManifest("no-hash", m => m.Remove("sha256"));
        var result = await HostProcess.RunAsync(["verify", HostProcess.Vector("multi", "verification_key.json"), HostProcess.Vector("multi", "public.json"), HostProcess.Vector("multi", "proof.json")], Environment);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("plugin 'no-hash' skipped: ", result.Stderr);
        Assert.Contains("'sha256' is missing", result.Stderr);
    }

    [Fact]
    public async Task Plugin_manifest_refuses_missing_options_and_a_missing_entry_assembly()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        var noEntry = await HostProcess.RunAsync(["plugin-manifest", Path.Combine(_dir, "empty"), "--id", "x", "--version", "1.0.0", "--entry", HashproofEntry]);
        Assert.Equal(2, noEntry.ExitCode);
        Assert.Contains($"{Path.Combine(_dir, "empty", HashproofEntry)}: the entry assembly is missing", noEntry.Stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "empty", "plugin.json")));

        var noVersion = await HostProcess.RunAsync(["plugin-manifest", Path.Combine(_dir, "empty"), "--id", "x", "--entry", HashproofEntry]);
        Assert.Equal(2, noVersion.ExitCode);
        Assert.Contains("--version is missing", noVersion.Stderr);
    }

    /// <summary>The data of the "proof_systems" check in a /health report: proof_systems (ids) and plugins (one per folder).</summary>
    private static JsonElement ProofSystemsCheck(JsonDocument health) =>
        health.RootElement.GetProperty("checks").GetProperty("proof_systems").GetProperty("data");

    private void CopyGroth16() => CopyDirectory(Path.Combine(HostProcess.HostDirectory, "plugins", "groth16-bn254"), Path.Combine(Plugins, "groth16-bn254"));

    /// <summary>Hashproof's build output in plugins/&lt;folder&gt;/ with the manifest the `plugin-manifest` command writes.</summary>
    private async Task PackageHashproof(string folder)
    {
        string target = Path.Combine(Plugins, folder);
        CopyDirectory(HashproofBuild, target);
        var result = await HostProcess.RunAsync(["plugin-manifest", target, "--id", "hashproof", "--version", "1.0.0", "--entry", HashproofEntry]);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    private void EditManifest(string folder, Action<JsonObject> edit)
    {
        string path = Path.Combine(Plugins, folder, "plugin.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Digest(string canonicalPublicSignals) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(HmacKey, Encoding.UTF8.GetBytes(canonicalPublicSignals)));

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
