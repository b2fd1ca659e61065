namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// Circuit inputs that cannot be used. For a <see cref="InputProblemKind.Declaration"/> problem, <see cref="Field"/> is
/// the JSON path of the value at fault (<c>inputs.assets[3]</c>) and <see cref="Problem"/> says what is wrong
/// (<c>must lie in [0, 2^64)</c>); for a <see cref="InputProblemKind.Circuit"/> problem, <see cref="Field"/> is
/// <c>inputs</c> and <see cref="Problem"/> the witness engine's message, naming the signal and index
/// (<c>assets[1]: has 3 elements, but assets[0] has 5; arrays must be rectangular</c>). Never a value: inputs are private.
/// </summary>
public sealed record InputProblem(InputProblemKind Kind, string Field, string Problem);
