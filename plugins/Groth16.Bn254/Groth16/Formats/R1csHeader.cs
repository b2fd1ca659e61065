namespace CredentialHub.Groth16.Formats;

/// <summary>The counts of an .r1cs header (section 1).</summary>
internal readonly record struct R1csHeader(int NWires, int NPubOut, int NPubIn, int NPrvIn, ulong NLabels, int NConstraints)
{
    /// <summary>Outputs plus public inputs, as a zkey's nPublic counts them.</summary>
    public int NPublic => NPubOut + NPubIn;
}
