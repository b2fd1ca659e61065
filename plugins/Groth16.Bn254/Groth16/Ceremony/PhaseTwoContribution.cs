using CredentialHub.Bn254.Curves;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// One contribution recorded in section 10 of a .zkey (FORMATS "Section 10"; snarkjs zkey_utils.js readContribution):
/// delta after it (G1), the proof of knowledge of its secret (g1_s, g1_sx = x·g1_s and g2_spx = x·hashToG2(transcript)),
/// the transcript hash, its type (0 a contribution, 1 a beacon) and its parameters: the name, and for a beacon the
/// iterations exponent and the beacon hash.
/// </summary>
internal sealed record PhaseTwoContribution(
    G1Affine DeltaAfter, G1Affine G1S, G1Affine G1Sx, G2Affine G2Spx, byte[] Transcript, uint Type,
    string? Name, int? IterationsExponent, byte[]? BeaconHash)
{
    internal const uint ContributionType = 0;
    internal const uint BeaconType = 1;

    /// <summary>The most characters of a name snarkjs keeps (it writes <c>name.substring(0, 64)</c>).</summary>
    internal const int MaxNameLength = 64;

    /// <summary>The longest beacon hash: its length is one byte, and snarkjs refuses 256 bytes or more.</summary>
    internal const int MaxBeaconHashBytes = 255;

    internal bool IsBeacon => Type == BeaconType;
}
