using System.Text;
using CredentialHub.Circuits;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Groth16;
using CredentialHub.ProofSystems.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Tests.Jobs;

/// <summary>
/// Real circuits for the job tests, registered once per test run through the Circuits module's own catalog (its
/// loader's checks, the compiled witness engine, the Groth16 backend): the shipped <c>solvency</c> circuit (4,063
/// constraints: a proof takes a while) and the committed snarkjs vectors <c>multi</c> and <c>poseidon</c> (quick).
/// </summary>
internal static class TestCircuits
{
    public const string Multi = "multi", Poseidon = "poseidon", Solvency = "solvency";

    /// <summary>The Circuits module as the host registers it, over the Groth16 backend and the in-memory store.</summary>
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddLogging()
        .AddSingleton<IProofSystemCatalog>(new FixedProofSystems(new Groth16ProofSystem()))
        .AddCircuitsModule(circuits =>
        {
            circuits.CircuitsDirectory = Path.Combine(Path.GetTempPath(), $"no-circuits-{Guid.NewGuid():N}");
            // solvency is registered as shipped, a production circuit: its key is checked against the shipped ptau.
            circuits.PtauDirectory = Repository.Path("circuits", "ptau");
            circuits.CeremonyCacheDirectory = Path.Combine(Path.GetTempPath(), "credentialhub-tests-ceremony-checks");
        })
        .BuildServiceProvider();

    private static readonly Lazy<Task<ICircuitCatalog>> Shared = new(CreateAsync);

    /// <summary>
    /// A new, empty catalog registered as the host registers the Circuits module (no circuits directory, the in-memory
    /// store), logging to <paramref name="loggers"/> when given.
    /// </summary>
    public static ICircuitCatalog EmptyCatalog(ILoggerFactory? loggers = null) => Module(loggers).GetRequiredService<ICircuitCatalog>();

    /// <summary>The Circuits module as the host registers it, with no proof system.</summary>
    public static ServiceProvider Module(ILoggerFactory? loggers = null, params IProofSystem[] proofSystems)
    {
        var services = new ServiceCollection().AddLogging();
        if (loggers is not null)
        {
            services.AddSingleton(loggers);
        }
        return services
            .AddSingleton<IProofSystemCatalog>(new FixedProofSystems(proofSystems))
            .AddCircuitsModule(circuits => circuits.CircuitsDirectory = Path.Combine(Path.GetTempPath(), $"no-circuits-{Guid.NewGuid():N}"))
            .BuildServiceProvider();
    }

    /// <summary>The module's one input validator, as the endpoint reads a request's inputs.</summary>
    public static IInputValidator Validator => Services.GetRequiredService<IInputValidator>();

    /// <summary>The catalog the circuits are registered in (shared: take no circuit of it out of service).</summary>
    public static async Task<ICircuitCatalog> CatalogAsync() => await Shared.Value;

    public static async Task<ILoadedCircuit> LoadAsync(string id) => await (await Shared.Value).LoadAsync(id, CancellationToken.None);

    /// <summary>A file of a committed snarkjs vector (tests/Groth16.Tests/vectors/&lt;circuit&gt;).</summary>
    public static byte[] Vector(string circuit, string file) => File.ReadAllBytes(Repository.Path("tests", "Groth16.Tests", "vectors", circuit, file));

    /// <summary>Inputs the circuit accepts (a fresh buffer each time: the workers clear it).</summary>
    public static byte[] Inputs(string id) => id == Solvency
        ? File.ReadAllBytes(Repository.Path("circuits", Solvency, "example-input.json"))
        : Vector(id, "input.json");

    private static async Task<ICircuitCatalog> CreateAsync()
    {
        var catalog = Services.GetRequiredService<ICircuitCatalog>();
        string solvency = Repository.Path("circuits", Solvency);
        await catalog.RegisterAsync(new CircuitUpload(
            File.ReadAllBytes(Path.Combine(solvency, "circuit.json")),
            File.ReadAllBytes(Path.Combine(solvency, "circuit.wasm")),
            File.ReadAllBytes(Path.Combine(solvency, "circuit_final.zkey")),
            File.ReadAllBytes(Path.Combine(solvency, "verification_key.json")),
            File.ReadAllBytes(Path.Combine(solvency, "circuit.r1cs"))), CancellationToken.None);
        foreach (string vector in new[] { Multi, Poseidon })
        {
            string configuration = $$"""
                { "id": "{{vector}}", "description": "the snarkjs vector {{vector}}", "wasm_file": "circuit.wasm", "zkey_file": "circuit.zkey",
                  "vkey_file": "verification_key.json", "max_attributes": 0, "security_level": "development" }
                """;
            await catalog.RegisterAsync(new CircuitUpload(
                Encoding.UTF8.GetBytes(configuration), Vector(vector, "circuit.wasm"), Vector(vector, "circuit.zkey"), Vector(vector, "verification_key.json"), null),
                CancellationToken.None);
        }
        return catalog;
    }
}
