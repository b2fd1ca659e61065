using System.Security.Cryptography;
using System.Text;
using CredentialHub.Circuits;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Groth16;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Proofs.Api;
using CredentialHub.Proofs.Provers;
using CredentialHub.Proofs.Storage;
using CredentialHub.Proofs.Tests.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CredentialHub.Proofs.Tests.Api;

/// <summary>
/// The proving endpoint's warm-up at start-up, on the real Circuits module with the snarkjs vector <c>multi</c> as a
/// bundled circuit (its inputs declared): it proves the circuit's shipped example inputs when its SHA256SUMS lists them,
/// and zeros for each declared input otherwise, or when the example is refused (with a warning naming why).
/// </summary>
public sealed class ProofsApiWarmupTests : IDisposable
{
    private readonly TemporaryDirectory _circuits = new("credentialhub-warmup-");

    public void Dispose() => _circuits.Dispose();

    private static readonly string[] Artifacts = ["circuit.wasm", "circuit.zkey", "verification_key.json"];

    private const string Configuration = """
        { "id": "multi", "description": "the snarkjs vector multi", "wasm_file": "circuit.wasm", "zkey_file": "circuit.zkey",
          "vkey_file": "verification_key.json", "max_attributes": 0, "security_level": "development",
          "inputs": { "x": {}, "y": {}, "z": {}, "a": { "length": 12 }, "k": {} } }
        """;

    /// <summary>The bundled folder, with <paramref name="example"/> as example-input.json (listed in SHA256SUMS) when given.</summary>
    private void Folder(byte[]? example)
    {
        string folder = Path.Combine(_circuits.Path, "multi");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "circuit.json"), Configuration);
        var files = new List<string>(Artifacts) { "circuit.json" };
        foreach (string file in Artifacts)
        {
            File.WriteAllBytes(Path.Combine(folder, file), TestCircuits.Vector("multi", file));
        }
        if (example is not null)
        {
            File.WriteAllBytes(Path.Combine(folder, "example-input.json"), example);
            files.Add("example-input.json");
        }
        File.WriteAllLines(Path.Combine(folder, "SHA256SUMS"),
            files.Select(file => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file))))}  {file}"));
    }

    /// <summary>Runs the warm-up over the bundled folder; returns the inputs it proved, as "name=v1,v2" lines.</summary>
    private async Task<List<string>> WarmUpAsync(TestLoggerFactory loggers)
    {
        await using var module = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IProofSystemCatalog>(new FixedProofSystems(new Groth16ProofSystem()))
            .AddCircuitsModule(circuits => circuits.CircuitsDirectory = _circuits.Path)
            .BuildServiceProvider();
        foreach (var service in module.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
        var catalog = module.GetRequiredService<ICircuitCatalog>();
        Assert.Empty(catalog.Refused);
        var backend = new RecordingBackend();
        var warmup = new ProofsApiWarmup(catalog, module.GetRequiredService<IInputValidator>(), Options.Create(new HttpJsonOptions()),
            Options.Create(new ProofsModuleOptions()), backend, new InMemoryProofStore(), loggers.CreateLogger<ProofsApiWarmup>());
        await warmup.StartAsync(CancellationToken.None);
        return backend.Proved;
    }

    [Fact]
    public async Task The_shipped_example_inputs_are_proved()
    {
        Folder(TestCircuits.Vector("multi", "input.json"));

        var proved = await WarmUpAsync(new TestLoggerFactory());

        Assert.Equal(["x=3", "y=11", "z=49", "a=1,2,3,4,5,6,7,8,9,10,11,12", "k=7"], proved);
    }

    [Fact]
    public async Task Without_an_example_zeros_are_proved_for_each_declared_input()
    {
        Folder(example: null);
        var loggers = new TestLoggerFactory();

        var proved = await WarmUpAsync(loggers);

        Assert.Equal(["x=0", "y=0", "z=0", "a=" + string.Join(",", Enumerable.Repeat("0", 12)), "k=0"], proved);
        Assert.DoesNotContain(loggers.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Theory]
    [InlineData("{\"x\": \"3\"}", "refused (inputs.y: ")]
    [InlineData("[1, 2]", "refused (not a JSON object in a request of at most ")]
    [InlineData("{\"x\": ", "refused (not a JSON object in a request of at most ")]
    public async Task An_example_the_circuit_refuses_is_reported_and_zeros_are_proved(string example, string reason)
    {
        Folder(Encoding.UTF8.GetBytes(example));
        var loggers = new TestLoggerFactory();

        var proved = await WarmUpAsync(loggers);

        Assert.Equal("x=0", proved[0]);
        Assert.Equal(5, proved.Count);
        var warning = Assert.Single(loggers.Entries, e => e.Level == LogLevel.Warning);
        Assert.StartsWith("the example inputs of circuit multi are ", warning.Message, StringComparison.Ordinal);
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("; the warm-up proves zeros instead", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>Records the inputs of each call (copied: the warm-up clears them afterwards), then refuses as a prover may.</summary>
    private sealed class RecordingBackend : IProvingBackend
    {
        public List<string> Proved { get; } = [];

        public Task<ProvingResult> ProveAsync(Guid jobId, ILoadedCircuit circuit, IReadOnlyList<InputSignal> inputs, CancellationToken cancellationToken)
        {
            Proved.AddRange(inputs.Select(input => $"{input.Name}={string.Join(",", input.Values)}"));
            throw new ProvingException("recorded");
        }
    }
}
