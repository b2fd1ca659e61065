using System.Numerics;
using System.Text;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Inputs;
using CredentialHub.Circuits.Witness;
using CredentialHub.Groth16;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Circuits.Tests.Inputs;

/// <summary>
/// The one input validator: a proving request's inputs read once into typed signals, against the circuit's declarations
/// (problems named by JSON path, before any work) and the witness calculator's rules (problems worded as the engine
/// words them, for the job to fail with), with the modulus of the circuit's proof system.
/// </summary>
public sealed class InputValidatorTests
{
    private static readonly CircuitInput[] Solvency =
    [
        new("assets", 8, 64, true), new("liabilities", 8, 64, true), new("salt", 1, null, true), new("institution_hash", 1, null, true),
    ];

    private static readonly IInputValidator Validator = new InputValidator(new Registry(new Groth16ProofSystem()));

    private static CircuitDescriptor Circuit(IReadOnlyList<CircuitInput> inputs, string protocol = "groth16", string curve = "bn128") =>
        new("demo", "a circuit", 0, "development", protocol, curve, 2, inputs, null, new Dictionary<string, string>(), "bundled", null);

    private static string Inputs(string assets = """["1","2","3","4","5","6","7","8"]""", string salt = "\"7\"", string extra = "") =>
        $$"""{"assets":{{assets}},"liabilities":["0","0","0","0","0","0","0","0"],"salt":{{salt}},"institution_hash":"9"{{extra}}}""";

    private static InputReading Read(string json, IReadOnlyList<CircuitInput>? declared = null) =>
        Validator.Read(Circuit(declared ?? Solvency), Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Declared_inputs_are_read_into_typed_signals_with_their_shapes()
    {
        var reading = Read(Inputs(assets: """[["1","2","3","4"],["5","6","7","8"]]"""));
        Assert.Null(reading.Problem);
        var signals = reading.Signals!.ToDictionary(s => s.Name);
        Assert.Equal([.. Enumerable.Range(1, 8).Select(i => new BigInteger(i))], signals["assets"].Values);
        Assert.Equal([2, 4], signals["assets"].Shape!);
        Assert.Equal([7], signals["salt"].Values);
        Assert.Empty(signals["salt"].Shape!);
        Assert.Equal("[1][2]", signals["assets"].IndexPath(6));
    }

    [Theory]
    [InlineData("[1]", "inputs", "must be a JSON object of input signals")]
    [InlineData("{\"bogus\":\"1\"}", "inputs.bogus", "is not an input of circuit 'demo'")]
    [InlineData("{\"salt\":\"1\"}", "inputs.assets", "is missing")]
    public void The_document_and_names_are_checked_first(string json, string field, string problem)
    {
        var reading = Read(json);
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, field, problem), reading.Problem);
        Assert.Null(reading.Signals);
    }

    [Theory]
    [InlineData("""["1","2","3","4","5","6","7"]""", "\"7\"", "inputs.assets", "takes 8 values, got 7")]
    [InlineData("""["1","2","3","4","5","18446744073709551616","7","8"]""", "\"7\"", "inputs.assets[5]", "must lie in [0, 2^64)")]
    [InlineData("""["1","2","3","4","5","6","7","8"]""", "\"21888242871839275222246405745257275088548364400416034343698204186575808495617\"", "inputs.salt", "must be below the field modulus r")]
    [InlineData("""["1","2","3","4","5","6","7","8"]""", "\"0x1f\"", "inputs.salt", "must be a decimal string without sign, spaces or leading zeros")]
    [InlineData("""["1","2","3","4","5","6","7","8"]""", "\"007\"", "inputs.salt", "must be a decimal string without sign, spaces or leading zeros")]
    [InlineData("""["1","2","3","4","5","6","7","8"]""", "\"-7\"", "inputs.salt", "must be a decimal string without sign, spaces or leading zeros")]
    [InlineData("""["1","2","3","4","5","6","7","8"]""", "7", "inputs.salt", "must be a decimal string")]
    [InlineData("""["1","2","3","4","5","6","7","8"]""", "true", "inputs.salt", "must be a decimal string")]
    [InlineData("""["1","2","3","4","5","6","7","8"]""", "[\"1\",\"2\"]", "inputs.salt", "takes 1 value, got 2")]
    [InlineData("""["1","2",true,"4","5","6","7"]""", "\"7\"", "inputs.assets", "takes 8 values, got 7")]
    [InlineData("""[["1","2","3","4","5"],["6","7","-8"]]""", "\"7\"", "inputs.assets[1][2]", "must be a decimal string without sign, spaces or leading zeros")]
    [InlineData("""[["1","2","3","4","5"],["6","7","8"]]""", "\"1111111111111111111111111111111111111111111111111111111111111111111111111111111\"", "inputs.salt", "must be a decimal string without sign, spaces or leading zeros")]
    [InlineData("""["1","2","3","4","5","6","7","8"]""", "[[[[[[[[[[[[[[[[[\"7\"]]]]]]]]]]]]]]]]]", "inputs.salt[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]", "is nested more than 16 levels deep")]
    public void A_value_against_its_declaration_is_named_by_its_path(string assets, string salt, string field, string problem) =>
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, field, problem), Read(Inputs(assets, salt)).Problem);

    [Fact]
    public void What_only_the_witness_calculator_refuses_comes_back_in_its_words_after_any_declaration_problem()
    {
        // Ragged arrays fit the declarations (8 values) but not circom's rules: the job fails with the engine's message.
        var ragged = Read(Inputs(assets: """[["1","2","3","4","5"],["6","7","8"]]"""));
        Assert.Equal(new InputProblem(InputProblemKind.Circuit, "inputs", "assets[1]: has 3 elements, but assets[0] has 5; arrays must be rectangular"), ragged.Problem);

        // A problem against the declarations further on still comes first.
        var both = Read(Inputs(assets: """[["1","2","3","4","5"],["6","7","8"]]""", salt: "\"-1\""));
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, "inputs.salt", "must be a decimal string without sign, spaces or leading zeros"), both.Problem);
        var missing = Read("""{"assets":[["1","2","3","4","5"],["6","7","8"]]}""");
        Assert.Equal(("inputs.liabilities", "is missing"), (missing.Problem!.Field, missing.Problem.Problem));
    }

    [Theory]
    [InlineData("""{"a":"-1"}""", "a: is negative; values must lie in [0, r)")]
    [InlineData("""{"a":[[1,2],[3]]}""", "a[1]: has 1 elements, but a[0] has 2; arrays must be rectangular")]
    [InlineData("""{"a":"21888242871839275222246405745257275088548364400416034343698204186575808495617"}""", "a: is not below the field modulus r")]
    [InlineData("""{"a":1,"b":true}""", "b: true is not a number; expected a decimal string, a 0x-hex string or a JSON integer")]
    public void A_circuit_that_declares_nothing_is_read_by_the_witness_calculators_rules(string json, string message) =>
        Assert.Equal(new InputProblem(InputProblemKind.Circuit, "inputs", message), Read(json, []).Problem);

    [Fact]
    public void Undeclared_inputs_take_every_form_the_calculator_takes()
    {
        var signals = Read("""{"a":"0x1f","b":[[1,2],[3,4]],"c":"007"}""", []).Signals!;
        Assert.Equal([31], signals[0].Values);
        Assert.Equal([1, 2, 3, 4], signals[1].Values);
        Assert.Equal([7], signals[2].Values);
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, "inputs", "must be a JSON object of input signals"), Read("\"x\"", []).Problem);
    }

    [Fact]
    public void The_modulus_is_the_scalar_field_of_the_circuits_proof_system()
    {
        var small = new InputValidator(new Registry(new SmallField()));
        var declared = new[] { new CircuitInput("x", 1, null, true) };
        var tooLarge = small.Read(Circuit(declared, "small", "tiny"), """{"x":"1000"}"""u8);
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, "inputs.x", "must be below the field modulus r"), tooLarge.Problem);
        Assert.Null(small.Read(Circuit(declared, "small", "tiny"), """{"x":"999"}"""u8).Problem);
        Assert.Equal(new InputProblem(InputProblemKind.Circuit, "inputs", "x: is not below the field modulus r"), small.Read(Circuit([], "small", "tiny"), """{"x":"1000"}"""u8).Problem);

        // A proof system that does not say leaves the field to the witness calculator's own check.
        Assert.Null(small.Read(Circuit(declared, "unknown", "none"), """{"x":"1000"}"""u8).Problem);
    }

    [Fact]
    public void Typed_inputs_are_checked_against_the_declarations_with_the_paths_a_request_would_have()
    {
        var declared = new[] { new CircuitInput("v", 3, 8, true), new CircuitInput("n", 1, null, true) };
        var circuit = Circuit(declared);
        Assert.Null(Validator.Check(circuit, [new InputSignal("v", [1, 2, 3], [3]), new InputSignal("n", [5], [])]));
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, "inputs.v[1]", "must lie in [0, 2^8)"),
            Validator.Check(circuit, [new InputSignal("v", [1, 256, 3], [3]), new InputSignal("n", [5], [])]));
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, "inputs.n", "must be below the field modulus r"),
            Validator.Check(circuit, [new InputSignal("v", [1, 2, 3], [3]), new InputSignal("n", [CircuitInputs.FieldModulus], [])]));
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, "inputs.v", "takes 3 values, got 2"),
            Validator.Check(circuit, [new InputSignal("v", [1, 2], [2])]));
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, "inputs.n", "is missing"),
            Validator.Check(circuit, [new InputSignal("v", [1, 2, 3], [3])]));
        Assert.Equal(new InputProblem(InputProblemKind.Declaration, "inputs.w", "is not an input of circuit 'demo'"),
            Validator.Check(circuit, [new InputSignal("w", [1])]));
    }

    [Theory]
    [InlineData("num2bits")]
    [InlineData("matrix")]
    [InlineData("poseidon")]
    public void The_witness_of_typed_inputs_is_the_witness_of_their_document(string circuit)
    {
        string folder = Path.Combine(Repository.Root, "tests", "Circuits.Tests", "vectors", circuit);
        var input = File.ReadAllBytes(Path.Combine(folder, "input.json"));
        var calculator = WitnessEngine.Create().Load(File.ReadAllBytes(Path.Combine(folder, "O1", "circuit.wasm")), "circuit.wasm");
        var reading = Validator.Read(Circuit([]), input);
        Assert.Null(reading.Problem);
        // The witness handed to a prover holds the values of snarkjs's .wtns (past its 76-byte header), in the same field.
        var witness = calculator.Calculate(reading.Signals!, null, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "O1", "witness.wtns"))[76..], witness.Values.ToArray());
        Assert.Equal(calculator.CalculateWtns(input, null, CancellationToken.None)[76..], witness.Values.ToArray());
        Assert.Equal((CircuitInputs.FieldModulus, 32, calculator.WitnessLength), (witness.Modulus, witness.ElementSize, witness.Length));

        // Values outside the calculator's field are refused however they reach it.
        var outside = new InputSignal(reading.Signals![0].Name, [.. reading.Signals[0].Values.Select(_ => CircuitInputs.FieldModulus)], reading.Signals[0].Shape);
        var refused = Assert.Throws<WitnessException>(() => calculator.Calculate([outside, .. reading.Signals.Skip(1)], null, CancellationToken.None));
        Assert.Equal(WitnessFailure.InvalidInput, refused.Failure);
        Assert.Contains("is not below the field modulus r", refused.Message, StringComparison.Ordinal);
    }

    private sealed class Registry(IProofSystem system) : IProofSystemCatalog
    {
        public IReadOnlyList<IProofSystem> ProofSystems { get; } = [system];

        public IReadOnlyList<ProofPluginStatus> Plugins { get; } = [];

        public IProofSystem? Find(string protocol, string curve) =>
            system.Protocol == protocol && system.SupportsCurve(curve) ? system : null;
    }

    /// <summary>A proof system over a field of 1000 elements: only its modulus is used here.</summary>
    private sealed class SmallField : IProofSystem
    {
        public string Id => "small";

        public string Protocol => "small";

        public string Curve => "tiny";

        public BigInteger? ScalarFieldModulus => 1000;

        public bool SupportsCurve(string curveName) => curveName == Curve;

        public IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson) => throw new NotSupportedException();

        public VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson) => throw new NotSupportedException();
    }
}
