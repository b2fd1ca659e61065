using CredentialHub.Circuits.Contracts;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Circuits.Inputs;

/// <summary>
/// The module's <see cref="IInputValidator"/>: <see cref="CircuitInputs"/> with the circuit's declarations and the scalar
/// field of its proof system (the one its protocol and curve name), so that no modulus is written into an endpoint.
/// </summary>
internal sealed class InputValidator(IProofSystemCatalog proofSystems) : IInputValidator
{
    public InputReading Read(CircuitDescriptor circuit, ReadOnlySpan<byte> inputsJson)
    {
        var reading = CircuitInputs.Read(inputsJson, Rules(circuit));
        if (reading.Declared is { } declared)
        {
            return new InputProblem(InputProblemKind.Declaration, declared.Field, declared.Problem);
        }
        if (reading.Circuit is { } circuitProblem)
        {
            return new InputProblem(InputProblemKind.Circuit, "inputs", circuitProblem.Message);
        }
        return new InputReading(reading.Signals, null);
    }

    public InputProblem? Check(CircuitDescriptor circuit, IReadOnlyList<InputSignal> inputs) =>
        CircuitInputs.Check(inputs, Rules(circuit)) is { } problem ? new InputProblem(InputProblemKind.Declaration, problem.Field, problem.Problem) : null;

    private InputRules Rules(CircuitDescriptor circuit) =>
        new(circuit.Id, circuit.Inputs, proofSystems.Find(circuit.Protocol, circuit.Curve)?.ScalarFieldModulus, Request: true);
}
