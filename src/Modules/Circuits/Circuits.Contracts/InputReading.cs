namespace CredentialHub.Circuits.Contracts;

/// <summary>Inputs read by <see cref="IInputValidator.Read"/>: the typed signals, or the first problem.</summary>
public sealed record InputReading(IReadOnlyList<InputSignal>? Signals, InputProblem? Problem)
{
    public static implicit operator InputReading(InputProblem problem) => new(null, problem);
}
