using CredentialHub.Host.Plugins;
using CredentialHub.Settings;

namespace CredentialHub.Host.Commands;

/// <summary>
/// The command-line verbs of the host binary. Each reaches the proof backends through the same
/// plugin catalog and contract as the HTTP API. Exit codes: 0 success, 1 a negative answer
/// (e.g. an invalid proof), 2 unusable input or usage.
/// </summary>
internal static class CommandLine
{
    internal const int Success = 0;
    internal const int Negative = 1;
    internal const int Unusable = 2;

    private static readonly Dictionary<string, Func<string[], ProofSystemCatalog, TextWriter, TextWriter, int>> Verbs = new(StringComparer.Ordinal)
    {
        ["verify"] = VerifyCommand.Run,
        ["prove"] = ProveCommand.Run,
        ["setup"] = SetupCommand.Run,
        ["export-vkey"] = ExportVerificationKeyCommand.Run,
        ["witness"] = WitnessCommand.Run,
        ["fullprove"] = FullProveCommand.Run,
    };

    /// <summary>Verbs that work on files alone and so do not load the plugins.</summary>
    private static readonly Dictionary<string, Func<string[], TextWriter, TextWriter, int>> PluginFreeVerbs = new(StringComparer.Ordinal)
    {
        ["plugin-manifest"] = PluginManifestCommand.Run,
        ["keys"] = KeysCommand.Run,
    };

    /// <summary>True when the arguments name a verb (anything that is not an option for the web host).</summary>
    internal static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args[0] is "help")
        {
            stdout.WriteLine(Usage);
            return Success;
        }
        if (PluginFreeVerbs.TryGetValue(args[0], out var pluginFree))
        {
            return pluginFree(args[1..], stdout, stderr);
        }
        if (!Verbs.TryGetValue(args[0], out var verb))
        {
            stderr.WriteLine($"unknown command '{args[0]}'");
            stderr.WriteLine(Usage);
            return Unusable;
        }
        var catalog = ProofSystemCatalog.Load(SettingsBinding.Peek<HostSettings>(Configuration()).PluginsPath);
        foreach (var failed in catalog.Plugins.Where(s => !s.Loaded))
        {
            stderr.WriteLine($"warning: plugin '{failed.Folder}' skipped: {failed.Error}");
        }
        return verb(args[1..], catalog, stdout, stderr);
    }

    /// <summary>
    /// The settings a command reads, from the service's sources in the service's order: appsettings.json and
    /// appsettings.{environment}.json in the working directory, then environment variables, which win.
    /// </summary>
    internal static IConfiguration Configuration()
    {
        string environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
            : Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
            : Environments.Production;
        return new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }

    internal const string Usage = """
        usage:
          CredentialHub.Host                      serve the HTTP API (options: --urls http://127.0.0.1:8080)
          CredentialHub.Host verify <verification_key.json> <public.json> <proof.json>
                                                  check a snarkjs Groth16 proof; prints OK or INVALID: <reason>
                                                  exit 0 valid, 1 invalid, 2 unreadable input
          CredentialHub.Host prove <circuit.zkey> <witness.wtns> <proof.json> <public.json> [--r1cs <circuit.r1cs>] [--verify]
                                                  make a Groth16 proof (snarkjs/rapidsnark argument order); --r1cs first checks
                                                  the witness against the constraints, --verify checks the proof before writing it
                                                  exit 0 proved, 1 the witness does not fit or satisfy the circuit, 2 unusable input
          CredentialHub.Host setup <circuit.r1cs> <circuit.zkey> --insecure-dev
                                                  a single-party key from random toxic waste: for tests and benchmarks only
          CredentialHub.Host export-vkey <circuit.zkey> <verification_key.json>
                                                  the verification key of a proving key, as snarkjs writes it
          CredentialHub.Host witness <circuit.wasm> <input.json> <witness.wtns>
                                                  run circom's witness calculator (managed WebAssembly); the .wtns equals snarkjs's
                                                  exit 0 computed, 1 the circuit failed (an assert, a trap), 2 unusable circuit or input
          CredentialHub.Host fullprove <input.json> <circuit.wasm> <circuit.zkey> <proof.json> <public.json> [--verify]
                                                  witness then proof, as `snarkjs groth16 fullprove`
          CredentialHub.Host plugin-manifest <plugin-folder> --id <id> --version <version> --entry <assembly.dll>
                                                  write the folder's plugin.json: this host's contract version and the entry
                                                  assembly's SHA-256 (run it on a plugin's build output before deploying it)
                                                  exit 0 written, 2 missing folder, entry assembly or option
          CredentialHub.Host keys create --scope <scope>[,<scope>…] [--name <label>] | keys list | keys rotate <id> | keys revoke <id>
                                                  API keys in the database of DATABASE_URL (scopes: prove, verify, credentials:issue,
                                                  credentials:read, circuits:admin, or all); a new key is printed once on standard output
          CredentialHub.Host help
        """;
}
