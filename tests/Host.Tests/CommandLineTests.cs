using CredentialHub.Host.Plugins;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The command line as a whole (System.CommandLine): help for the binary and every verb without starting the server,
/// usage errors with exit code 2 naming what was wrong, relative paths from the caller's working directory, nothing but
/// data on standard output, inputs and output folders checked before any work, plugin ids and versions checked.
/// </summary>
public class CommandLineTests : IDisposable
{
    private static readonly string[] Verbs = ["verify", "prove", "setup", "ptau", "export-vkey", "zkey", "witness", "fullprove", "plugin-manifest", "keys", "help"];

    private readonly TemporaryDirectory _dir = new("credentialhub-cli-");

    public void Dispose() => _dir.Dispose();

    /// <summary>A command bounded by 30 s: a server started by mistake fails the test instead of running.</summary>
    private static Task<ProcessResult> Run(params string[] arguments) => HostProcess.RunAsync(arguments, timeout: TimeSpan.FromSeconds(30));

    private static void AssertHelp(ProcessResult result, string usage)
    {
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        Assert.StartsWith($"Usage:\n  {usage}", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("help")]
    [InlineData("--urls", "http://127.0.0.1:1", "--help")]
    public async Task Help_for_the_binary_lists_every_verb_and_the_exit_codes_and_serves_nothing(params string[] arguments)
    {
        var result = await Run(arguments);
        AssertHelp(result, "CredentialHub.Host [command] [options]");
        foreach (string verb in Verbs)
        {
            Assert.Contains($"\n  {verb} ", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
        Assert.Contains("Exit codes: 0 success, 1 a negative answer", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("prover-worker", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify", "<verification_key.json> <public.json> <proof.json>")]
    [InlineData("prove", "<circuit.zkey> <witness.wtns> <proof.json> <public.json>", "--r1cs", "--verify")]
    [InlineData("setup", "<circuit.r1cs> [<pot.ptau> [<circuit.zkey>]]", "--insecure-dev", "snarkjs groth16 setup")]
    [InlineData("ptau", "[command]", "info")]
    [InlineData("ptau info", "<pot.ptau>", "BLAKE2b-512")]
    [InlineData("export-vkey", "<circuit.zkey> <verification_key.json>")]
    [InlineData("zkey", "[command]", "contribute", "beacon", "verify", "export-vkey")]
    [InlineData("zkey verify", "<circuit.r1cs> <pot.ptau> <circuit.zkey>", "snarkjs zkey verify")]
    [InlineData("zkey contribute", "<in.zkey> <out.zkey>", "--name", "--entropy")]
    [InlineData("zkey beacon", "<in.zkey> <out.zkey> <beacon-hash> <iterations-exp>", "--name")]
    [InlineData("zkey export-vkey", "<circuit.zkey> <verification_key.json>")]
    [InlineData("witness", "<circuit.wasm> <input.json> <witness.wtns>")]
    [InlineData("fullprove", "<input.json> <circuit.wasm> <circuit.zkey> <proof.json> <public.json>", "--verify")]
    [InlineData("plugin-manifest", "<plugin-folder>", "--id", "--version", "--entry")]
    [InlineData("keys", "[command]", "create", "list", "rotate", "revoke")]
    [InlineData("keys create", "", "--scope", "--name")]
    [InlineData("keys list", "")]
    [InlineData("keys rotate", "<key-id>")]
    [InlineData("keys revoke", "<key-id>")]
    public async Task Every_verb_has_help_with_its_arguments_and_options_on_standard_output(string verb, string arguments, params string[] mentioned)
    {
        string[] path = verb.Split(' ');
        string usage = $"CredentialHub.Host {verb} {arguments}".TrimEnd();
        string[][] forms = [[.. path, "--help"], [.. path, "-h"], ["help", .. path]];
        foreach (string[] form in forms)
        {
            var result = await Run(form);
            AssertHelp(result, usage);
            Assert.Contains("Description:", result.Stdout, StringComparison.Ordinal);
            foreach (string word in mentioned)
            {
                Assert.Contains(word, result.Stdout, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Help_ignores_missing_arguments_and_keys_help_still_works()
    {
        AssertHelp(await Run("prove", "only-one-file", "--help"), "CredentialHub.Host prove");
        AssertHelp(await Run("keys", "help"), "CredentialHub.Host keys [command]");
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var result = await Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> UsageErrors() => new()
    {
        { ["frobnicate"], "unknown command 'frobnicate'" },
        { ["help", "frobnicate"], "help: unknown command 'frobnicate'" },
        { ["verify", HostProcess.Vector("multi", "verification_key.json")], "verify: Required argument 'public.json' missing" },
        { ["verify", HostProcess.Vector("multi", "verification_key.json"), HostProcess.Vector("multi", "public.json"), HostProcess.Vector("multi", "proof.json"), "extra"], "verify: Unrecognized command or argument 'extra'" },
        { ["prove", HostProcess.Vector("multi", "circuit.zkey"), HostProcess.Vector("multi", "witness.wtns"), "p.json", "s.json", "--frobnicate"], "prove: Unrecognized command or argument '--frobnicate'" },
        { ["prove", HostProcess.Vector("multi", "circuit.zkey"), HostProcess.Vector("multi", "witness.wtns"), "p.json", "s.json", "--r1cs"], "--r1cs" },
        { ["setup", HostProcess.Vector("multi", "circuit.r1cs")], "setup: Required argument 'circuit.zkey' missing" },
        { ["setup", HostProcess.Vector("multi", "circuit.r1cs"), HostProcess.Vector("multi", "circuit.r1cs"), "k.zkey", "--insecure-dev"], "setup: give a ptau or --insecure-dev, not both" },
        { ["setup", HostProcess.Vector("multi", "circuit.r1cs"), "no-such.ptau", "k.zkey"], "no-such.ptau: cannot be read (no such file)" },
        { ["ptau"], "ptau: a command is needed: info" },
        { ["ptau", "info", "no-such.ptau"], "no-such.ptau: cannot be read (no such file)" },
        { ["keys"], "keys: a command is needed: create, list, rotate, revoke" },
        { ["keys", "frobnicate"], "keys: unknown command 'frobnicate'" },
        { ["keys", "create"], "keys create: --scope is required" },
        { ["keys", "create", "--scope"], "--scope" },
        { ["keys", "rotate", "abc"], "keys rotate: 'abc' is not a key id" },
        { ["keys", "revoke"], "keys revoke: Required argument 'key-id' missing" },
        { ["plugin-manifest"], "plugin-manifest: <plugin-folder> is missing" },
        { ["plugin-manifest", ".", "--id", "x", "--entry", "x.dll"], "plugin-manifest: --version is missing" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task A_usage_error_exits_2_naming_what_was_wrong_and_showing_the_usage(string[] arguments, string message)
    {
        var result = await Run(arguments);
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}: {result.Output}");
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_paths_are_those_of_the_callers_working_directory_and_standard_output_carries_data_alone()
    {
        foreach (string file in new[] { "verification_key.json", "public.json", "proof.json", "circuit.zkey", "circuit.wasm", "input.json" })
        {
            File.Copy(HostProcess.Vector("multi", file), _dir.File(file));
        }
        Directory.CreateDirectory(_dir.File("out"));

        var verify = await HostProcess.RunAsync(["verify", "verification_key.json", "public.json", "proof.json"], workingDirectory: _dir.Path);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.Equal("OK\n", verify.Stdout.ReplaceLineEndings("\n"));

        var export = await HostProcess.RunAsync(["export-vkey", "circuit.zkey", "out/vk.json"], workingDirectory: _dir.Path);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal("", export.Stdout);
        Assert.Contains($"wrote {_dir.File("out/vk.json")} ({new FileInfo(_dir.File("out/vk.json")).Length} bytes)", export.Stderr, StringComparison.Ordinal);

        var witness = await HostProcess.RunAsync(["witness", "circuit.wasm", "input.json", "out/w.wtns"], workingDirectory: _dir.Path);
        Assert.True(witness.ExitCode == 0, witness.Stderr);
        Assert.Equal(File.ReadAllBytes(HostProcess.Vector("multi", "witness.wtns")), File.ReadAllBytes(_dir.File("out/w.wtns")));
        Assert.Contains($"wrote {_dir.File("out/w.wtns")}", witness.Stderr, StringComparison.Ordinal);

        var prove = await HostProcess.RunAsync(["prove", "circuit.zkey", "out/w.wtns", "out/proof.json", "out/public.json"], workingDirectory: _dir.Path);
        Assert.True(prove.ExitCode == 0, prove.Stderr);
        Assert.Equal("", prove.Stdout);
        Assert.Contains($"wrote {_dir.File("out/proof.json")}", prove.Stderr, StringComparison.Ordinal);
        Assert.Contains($"wrote {_dir.File("out/public.json")}", prove.Stderr, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(HostProcess.Vector("multi", "public.json")), File.ReadAllText(_dir.File("out/public.json")));

        var missing = await HostProcess.RunAsync(["verify", "verification_key.json", "public.json", "nothere.json"], workingDirectory: _dir.Path);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nothere.json: cannot be read (no such file)", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_file_in_a_missing_folder_is_refused_before_any_work()
    {
        string gone = _dir.File("gone");
        string Refusal(string file) => $"{Path.Combine(gone, file)}: cannot be written: the folder {gone} does not exist";

        // A witness of another circuit: proving would fail with exit code 1, after loading the key; the folder is checked first.
        var prove = await Run("prove", HostProcess.Vector("multi", "circuit.zkey"), HostProcess.Vector("poseidon", "witness.wtns"), _dir.File("p.json"), Path.Combine(gone, "s.json"));
        Assert.Equal(2, prove.ExitCode);
        Assert.Contains(Refusal("s.json"), prove.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("the proving key expects", prove.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("p.json")));

        // A failing assert would exit 1 once the circuit ran: it never runs.
        File.WriteAllText(_dir.File("in.json"), """{"commitment":"1","bound":"21","scope":"1","secret":"1","salt":"1","value":"21"}""");
        var witness = await Run("witness", HostProcess.Vector("poseidon", "circuit.wasm"), _dir.File("in.json"), Path.Combine(gone, "w.wtns"));
        Assert.Equal(2, witness.ExitCode);
        Assert.Contains(Refusal("w.wtns"), witness.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Assert Failed", witness.Output, StringComparison.Ordinal);

        var setup = await Run("setup", HostProcess.Vector("poseidon", "circuit.r1cs"), Path.Combine(gone, "dev.zkey"), "--insecure-dev");
        Assert.Equal(2, setup.ExitCode);
        Assert.Contains(Refusal("dev.zkey"), setup.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", setup.Stderr, StringComparison.Ordinal);

        var fullprove = await Run("fullprove", HostProcess.Vector("multi", "input.json"), HostProcess.Vector("multi", "circuit.wasm"), HostProcess.Vector("multi", "circuit.zkey"), Path.Combine(gone, "proof.json"), _dir.File("public.json"));
        Assert.Equal(2, fullprove.ExitCode);
        Assert.Contains(Refusal("proof.json"), fullprove.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("public.json")));

        var export = await Run("export-vkey", HostProcess.Vector("multi", "circuit.zkey"), Path.Combine(gone, "vk.json"));
        Assert.Equal(2, export.ExitCode);
        Assert.Contains(Refusal("vk.json"), export.Stderr, StringComparison.Ordinal);

        Assert.False(Directory.Exists(gone));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Every_missing_input_is_named_before_any_work()
    {
        var result = await Run("fullprove", _dir.File("no-input.json"), HostProcess.Vector("multi", "circuit.wasm"), _dir.File("no.zkey"), _dir.File("proof.json"), _dir.File("public.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{_dir.File("no-input.json")}: cannot be read (no such file)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{_dir.File("no.zkey")}: cannot be read (no such file)", result.Stderr, StringComparison.Ordinal);

        var r1cs = await Run("prove", HostProcess.Vector("multi", "circuit.zkey"), HostProcess.Vector("multi", "witness.wtns"), _dir.File("p.json"), _dir.File("s.json"), "--r1cs", _dir.File("no.r1cs"));
        Assert.Equal(2, r1cs.ExitCode);
        Assert.Contains($"{_dir.File("no.r1cs")}: cannot be read (no such file)", r1cs.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("p.json")));
    }

    [Theory]
    [InlineData("--id", "bad id", "is not a plugin id")]
    [InlineData("--id", "../escape", "is not a plugin id")]
    [InlineData("--id", "-dash-first", "is not a plugin id")]
    [InlineData("--id", "", "is not a plugin id")]
    [InlineData("--version", "1", "is not a semantic version")]
    [InlineData("--version", "1.0", "is not a semantic version")]
    [InlineData("--version", "v1.0.0", "is not a semantic version")]
    [InlineData("--version", "01.0.0", "is not a semantic version")]
    [InlineData("--version", "1.0.0-", "is not a semantic version")]
    [InlineData("--version", "", "is not a semantic version")]
    public async Task Plugin_manifest_refuses_an_invalid_id_or_version_with_the_reason(string option, string value, string reason)
    {
        File.WriteAllBytes(_dir.File("Plugin.dll"), [1, 2, 3]);
        var options = new Dictionary<string, string> { ["--id"] = "acme-plonk", ["--version"] = "1.0.0", ["--entry"] = "Plugin.dll", [option] = value };
        var result = await Run(["plugin-manifest", _dir.Path, .. options.SelectMany(o => new[] { o.Key, o.Value })]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"plugin-manifest: {option} '{value}' {reason}", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("plugin.json")));
    }

    [Fact]
    public async Task Plugin_manifest_accepts_a_semantic_version_with_pre_release_and_build_and_the_loader_reads_it()
    {
        File.WriteAllBytes(_dir.File("Plugin.dll"), [1, 2, 3]);
        var result = await Run("plugin-manifest", _dir.Path, "--id", "Acme.Plonk_2", "--version", "2.1.0-beta.1+build.5", "--entry", "Plugin.dll");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.Contains($"wrote {_dir.File("plugin.json")}", result.Stderr, StringComparison.Ordinal);
        var manifest = PluginManifest.Read(_dir.File("plugin.json"));
        Assert.Equal(("Acme.Plonk_2", "2.1.0-beta.1+build.5"), (manifest.Id, manifest.Version));
    }

    [Theory]
    [InlineData("bad id", "1.0.0", "'id' 'bad id' is not a plugin id")]
    [InlineData("ok", "1.0", "'version' '1.0' is not a semantic version")]
    public void The_loader_applies_the_same_rule_to_a_manifest(string id, string version, string message)
    {
        string path = _dir.File("plugin.json");
        File.WriteAllText(path, new PluginManifest(id, version, 2, "Plugin.dll", new string('0', 64)).ToJson());
        var refused = Assert.Throws<PluginLoadException>(() => PluginManifest.Read(path));
        Assert.StartsWith($"{path}: {message}", refused.Message, StringComparison.Ordinal);
    }
}
