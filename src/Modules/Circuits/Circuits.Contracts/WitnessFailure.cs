namespace CredentialHub.Circuits.Contracts;

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
