namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// A declared input signal: its name, how many values it takes (flattened), and the bit width each value must
/// fit, when narrower than the field. <see cref="DecimalOnly"/> refuses hex and JSON numbers.
/// </summary>
public sealed record CircuitInput(string Name, int Length, int? Bits, bool DecimalOnly);
