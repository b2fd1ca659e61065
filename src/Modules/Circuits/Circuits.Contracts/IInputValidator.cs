namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// The one reader and checker of circuit inputs. A proving request's inputs are read once, into typed signals, by the
/// rules the witness calculator applies (integers in [0, r) as decimal strings, 0x-hex strings or JSON integers,
/// rectangular arrays flattened row-major) and against what the circuit's configuration declares (names, lengths,
/// bit widths, decimal-only values), with r the scalar field of the circuit's proof system. One set of limits holds
/// everywhere: <see cref="MaxNesting"/>, <see cref="MaxValues"/>, <see cref="MaxValueLength"/>.
/// </summary>
public interface IInputValidator
{
    /// <summary>Deepest array nesting accepted; circuits declare far fewer dimensions.</summary>
    public const int MaxNesting = 16;

    /// <summary>Most values accepted across all signals of one document.</summary>
    public const int MaxValues = 1_000_000;

    /// <summary>Longest string or number token accepted: r has 77 digits, 0x plus 64 hex digits is 66.</summary>
    public const int MaxValueLength = 80;

    /// <summary>
    /// Reads the inputs of a proving request for a circuit (the JSON value of its <c>inputs</c> member). A problem
    /// against the circuit's declarations names the JSON path of the value (<c>inputs.assets[3]</c>) and never repeats
    /// it; inputs the declarations allow but the witness calculator's rules refuse (or, for a circuit that declares no
    /// inputs, any problem past the document's shape) come back as a <see cref="InputProblemKind.Circuit"/> problem,
    /// worded as the witness engine words it.
    /// </summary>
    InputReading Read(CircuitDescriptor circuit, ReadOnlySpan<byte> inputsJson);

    /// <summary>
    /// Checks inputs another module built (typed, no JSON) against what the circuit declares: null when they fit, else
    /// the first problem with the JSON path the same inputs would have in a request.
    /// </summary>
    InputProblem? Check(CircuitDescriptor circuit, IReadOnlyList<InputSignal> inputs);
}
