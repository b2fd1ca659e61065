namespace CredentialHub.Circuits.Contracts;

/// <summary>Turns circom witness calculators (circuit.wasm) into reusable calculators.</summary>
public interface IWitnessEngine
{
    /// <summary>
    /// Decodes, validates and prepares a circom 2 witness calculator once, and reads what it declares before any
    /// input (<see cref="IWitnessCalculator.Prime"/>, <see cref="IWitnessCalculator.WitnessLength"/>); the result is
    /// reusable by many concurrent runs, each with its own memory. Throws <see cref="WitnessException"/> (kind
    /// <see cref="WitnessFailure.InvalidCircuit"/>) naming the section and construct at fault.
    /// </summary>
    IWitnessCalculator Load(ReadOnlySpan<byte> wasm, string name);
}
