namespace CredentialHub.Circuits.Contracts;

/// <summary>Why a witness could not be computed; the message names the signal, section or circom error.</summary>
public sealed class WitnessException(WitnessFailure failure, string message, int? circomErrorCode = null) : Exception(message)
{
    public WitnessFailure Failure { get; } = failure;

    /// <summary>circom's code when <see cref="Failure"/> is <see cref="WitnessFailure.CircuitFailed"/> (4 = assert failed).</summary>
    public int? CircomErrorCode { get; } = circomErrorCode;
}
