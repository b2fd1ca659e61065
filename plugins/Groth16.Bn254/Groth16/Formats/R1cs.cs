namespace CredentialHub.Groth16.Formats;

/// <summary>
/// A circom constraint system (.r1cs v1, FORMATS §3; iden3 r1csfile): wires are numbered 0 = the constant 1,
/// then nPubOut outputs, nPubIn public inputs, nPrvIn private inputs and the internal signals, the order of
/// the witness. <see cref="WireToLabel"/> is section 3 when the file has one.
/// </summary>
public sealed class R1cs
{
    public R1cs(int nWires, int nPubOut, int nPubIn, int nPrvIn, ulong nLabels, R1csConstraint[] constraints, ulong[]? wireToLabel)
    {
        if (nWires < 1 || nPubOut < 0 || nPubIn < 0 || nPrvIn < 0 || 1L + nPubOut + nPubIn + nPrvIn > nWires)
        {
            throw new ArgumentException(
                $"nWires = {nWires} must count the constant 1 and the {nPubOut} outputs, {nPubIn} public and {nPrvIn} private inputs",
                nameof(nWires));
        }
        ArgumentNullException.ThrowIfNull(constraints);
        if (wireToLabel is not null && wireToLabel.Length != nWires)
        {
            throw new ArgumentException($"{wireToLabel.Length} labels for {nWires} wires", nameof(wireToLabel));
        }
        NWires = nWires;
        NPubOut = nPubOut;
        NPubIn = nPubIn;
        NPrvIn = nPrvIn;
        NLabels = nLabels;
        Constraints = constraints;
        WireToLabel = wireToLabel;
    }

    /// <summary>Wires, including the constant 1 at index 0.</summary>
    public int NWires { get; }

    public int NPubOut { get; }

    public int NPubIn { get; }

    public int NPrvIn { get; }

    public ulong NLabels { get; }

    /// <summary>Public signals: outputs then public inputs, as a zkey's nPublic counts them.</summary>
    public int NPublic => NPubOut + NPubIn;

    public R1csConstraint[] Constraints { get; }

    public ulong[]? WireToLabel { get; }
}
