using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Hashing;

namespace CredentialHub.Bn254.BabyJubJub;

/// <summary>
/// EdDSA on BabyJubJub with Poseidon as the challenge hash, exactly as circomlibjs 0.1.7's
/// <c>eddsa.prv2pub</c>, <c>signPoseidon</c> and <c>verifyPoseidon</c> (and circomlib's
/// <c>EdDSAPoseidonVerifier</c> circuit) define it; the message is one field element.
/// Keys: h = BLAKE-512(private key); s = h[0..32) pruned (low 3 bits cleared, bit 255 cleared, bit 254
/// set) read little-endian; A = Base8·(s &gt;&gt; 3).
/// Sign: r = BLAKE-512(h[32..64) ‖ msg as 32 bytes little-endian) read little-endian, mod l;
/// R8 = Base8·r; hm = Poseidon(R8.x, R8.y, A.x, A.y, msg); S = (r + hm·s) mod l.
/// Verify: R8 and A on the curve, S &lt; l, then Base8·S = R8 + (8·hm)·A.
/// Interop hazards: circomlibjs checks only that R8 and A lie on the curve, not in the subgroup, and so
/// does this class (a key of small order, the identity included, makes forgery trivial: callers that
/// accept keys from outside should require <see cref="EdDsaPublicKey.IsInSubgroup"/>); the nonce is
/// reduced modulo l while s is not, so S uses the full pruned s. Not constant time: do not sign where
/// an attacker can time the signer.
/// </summary>
public static class EdDsaPoseidon
{
    public const int PrivateKeySize = 32;

    public static EdDsaPublicKey DerivePublicKey(ReadOnlySpan<byte> privateKey)
    {
        Span<byte> h = stackalloc byte[Blake512.HashSizeInBytes];
        BigInteger s = ExpandPrivateKey(privateKey, h);
        return new EdDsaPublicKey(BabyJubJubPoint.MultiplyBase8(s >> 3).ToAffine());
    }

    public static EdDsaSignature Sign(ReadOnlySpan<byte> privateKey, Fr message)
    {
        Span<byte> h = stackalloc byte[Blake512.HashSizeInBytes];
        BigInteger s = ExpandPrivateKey(privateKey, h);
        BabyJubJubAffine a = BabyJubJubPoint.MultiplyBase8(s >> 3).ToAffine();

        Span<byte> nonceInput = stackalloc byte[64];
        h[32..].CopyTo(nonceInput);
        message.WriteBytes(nonceInput[32..], bigEndian: false);
        Span<byte> nonceHash = stackalloc byte[Blake512.HashSizeInBytes];
        Blake512.HashData(nonceInput, nonceHash);
        BigInteger l = BabyJubJubCurve.SubgroupOrder;
        BigInteger r = new BigInteger(nonceHash, isUnsigned: true, isBigEndian: false) % l;

        BabyJubJubAffine r8 = BabyJubJubPoint.MultiplyBase8(r).ToAffine();
        BigInteger hm = Challenge(r8, a, message);
        return new EdDsaSignature(r8, (r + hm * s) % l);
    }

    public static bool Verify(Fr message, EdDsaSignature signature, EdDsaPublicKey publicKey)
    {
        BabyJubJubAffine r8 = signature.R8, a = publicKey.Point;
        if (!r8.IsOnCurve || !a.IsOnCurve || signature.S >= BabyJubJubCurve.SubgroupOrder)
        {
            return false;
        }
        BigInteger hm = Challenge(r8, a, message);
        BabyJubJubPoint left = BabyJubJubPoint.MultiplyBase8(signature.S);
        // (8·hm)·A as three doublings of hm·A: A need not lie in the subgroup, so 8·hm is not reduced.
        BabyJubJubPoint right = r8.ToExtended() + a.ToExtended().Multiply(hm).Double().Double().Double();
        return left == right;
    }

    /// <summary>Writes h = BLAKE-512(private key) and returns the pruned scalar s.</summary>
    private static BigInteger ExpandPrivateKey(ReadOnlySpan<byte> privateKey, Span<byte> h)
    {
        if (privateKey.Length != PrivateKeySize)
        {
            throw new ArgumentException($"an EdDSA private key has {PrivateKeySize} bytes; got {privateKey.Length}", nameof(privateKey));
        }
        Blake512.HashData(privateKey, h);
        Span<byte> pruned = stackalloc byte[32];
        h[..32].CopyTo(pruned);
        pruned[0] &= 0xF8;
        pruned[31] &= 0x7F;
        pruned[31] |= 0x40;
        return new BigInteger(pruned, isUnsigned: true, isBigEndian: false);
    }

    private static BigInteger Challenge(BabyJubJubAffine r8, BabyJubJubAffine a, Fr message) =>
        Poseidon.Hash(r8.X, r8.Y, a.X, a.Y, message).ToBigInteger();
}
