namespace CredentialHub.Circuits.Inputs;

/// <summary>
/// Circuit inputs that cannot be used. The message names the signal and, inside an array, the index path of
/// the value at fault, e.g. <c>b[1][0]: "0x" is not a decimal or 0x-hex number</c>. Problems with the document
/// as a whole (not a JSON object, malformed JSON before the first key) have an empty <see cref="Signal"/>.
/// </summary>
internal sealed class InputException(string signal, string? index, string problem)
    : Exception(signal.Length == 0 ? $"inputs: {problem}" : $"{signal}{index}: {problem}")
{
    public string Signal { get; } = signal;

    /// <summary>The index path such as <c>[1][0]</c>, or null when the problem is the signal as a whole.</summary>
    public string? Index { get; } = index;

    public string Problem { get; } = problem;
}
