using System.Numerics;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Circuits.Contracts;

/// <summary>A prepared circuit.</summary>
public interface IWitnessCalculator
{
    /// <summary>
    /// The number of witness values every run produces (circom's <c>getWitnessSize</c>, read when the calculator was
    /// loaded): the r1cs's wire count, including the constant 1, which a proving key's signal count must equal.
    /// </summary>
    int WitnessLength { get; }

    /// <summary>The prime of the field the circuit was compiled for (circom's <c>getRawPrime</c>, read when loaded).</summary>
    BigInteger Prime { get; }

    /// <summary>
    /// Computes the witness for a JSON input and returns it as .wtns bytes (identical to
    /// `snarkjs wtns calculate`). Throws <see cref="WitnessException"/> naming the signal and index of a
    /// bad input, or carrying circom's error code and message when the circuit fails, and
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    byte[] CalculateWtns(ReadOnlySpan<byte> inputJson, ICollection<string>? log, CancellationToken cancellationToken);

    /// <summary>
    /// Computes the witness for inputs already read (<see cref="IInputValidator"/>), as field elements for the prover
    /// (named "witness" in its messages; the caller clears it once used). Throws <see cref="WitnessException"/> when
    /// the signals do not match the circuit's (names, sizes) or the circuit fails, and
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    Witness Calculate(IReadOnlyList<InputSignal> inputs, ICollection<string>? log, CancellationToken cancellationToken);
}
