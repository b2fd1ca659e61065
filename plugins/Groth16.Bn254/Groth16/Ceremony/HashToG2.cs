using CredentialHub.Bn254.Curves;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// snarkjs's hash to G2 (keypair.js hashToG2): a <see cref="ChaChaRng"/> seeded with the hash's first 32 bytes read as
/// eight big-endian words, then one point drawn as ffjavascript's G2.fromRng draws it (<see cref="RngSampling.NextG2"/>).
/// A contribution's proof of knowledge uses it on the transcript hash to get g2_sp, the point its secret multiplies.
/// </summary>
internal static class HashToG2
{
    internal static G2Affine Hash(ReadOnlySpan<byte> hash)
    {
        var rng = ChaChaRng.FromHash(hash);
        try
        {
            return RngSampling.NextG2(rng).ToAffine();
        }
        finally
        {
            rng.Clear();
        }
    }
}
