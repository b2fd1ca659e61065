using System.Numerics;
using CredentialHub.ProofSystems.Contracts;

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

public enum WitnessFailure
{
    /// <summary>The wasm is not a circom 2 witness calculator within the supported subset.</summary>
    InvalidCircuit,

    /// <summary>The JSON input does not fit the circuit: unknown, missing, mis-sized or out-of-range values.</summary>
    InvalidInput,

    /// <summary>The circuit stopped with a circom error (an assert failed, too many signals, ...).</summary>
    CircuitFailed,

    /// <summary>The run trapped: out-of-bounds memory, division by zero, memory cap, recursion limit.</summary>
    Trapped,
}

/// <summary>Why a witness could not be computed; the message names the signal, section or circom error.</summary>
public sealed class WitnessException(WitnessFailure failure, string message, int? circomErrorCode = null) : Exception(message)
{
    public WitnessFailure Failure { get; } = failure;

    /// <summary>circom's code when <see cref="Failure"/> is <see cref="WitnessFailure.CircuitFailed"/> (4 = assert failed).</summary>
    public int? CircomErrorCode { get; } = circomErrorCode;
}
