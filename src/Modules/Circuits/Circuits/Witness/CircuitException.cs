namespace CredentialHub.Circuits.Witness;

/// <summary>
/// A circom 2 witness calculator stopped the run through its <c>exceptionHandler</c> import (FORMATS.md §7).
/// <see cref="Code"/> is circom's code: 1 signal not found, 2 too many signals set, 3 signal already set,
/// 4 assert failed, 5 not enough memory, 6 input array access exceeds size. The message is circom's text for the
/// code followed by what the module printed through <c>printErrorMessage</c>, such as the template and line of a
/// failed assert.
/// </summary>
internal sealed class CircuitException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
