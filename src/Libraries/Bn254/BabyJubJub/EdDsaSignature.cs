using System.Numerics;

namespace CredentialHub.Bn254.BabyJubJub;

/// <summary>
/// An EdDSA signature (R8, S) on BabyJubJub: R8 a point, S an integer that a valid signature keeps below
/// l. Packed as circomlibjs's <c>packSignature</c>: packed R8 (32 bytes) then S little-endian (32 bytes).
/// <see cref="TryUnpack"/> is strict (R8 must decode, S &lt; l); a signature built from parts may hold any
/// S, and <see cref="EdDsaPoseidon.Verify"/> refuses S ≥ l.
/// </summary>
public readonly struct EdDsaSignature : IEquatable<EdDsaSignature>
{
    public const int PackedSize = 64;

    public BabyJubJubAffine R8 { get; }
    public BigInteger S { get; }

    public EdDsaSignature(BabyJubJubAffine r8, BigInteger s)
    {
        if (s.Sign < 0 || s.GetBitLength() > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "S must be a 256-bit non-negative integer");
        }
        R8 = r8;
        S = s;
    }

    public byte[] Pack()
    {
        var bytes = new byte[PackedSize];
        R8.Pack(bytes);
        S.TryWriteBytes(bytes.AsSpan(BabyJubJubAffine.PackedSize), out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    public static bool TryUnpack(ReadOnlySpan<byte> packed, out EdDsaSignature signature)
    {
        signature = default;
        if (packed.Length != PackedSize || !BabyJubJubAffine.TryUnpack(packed[..BabyJubJubAffine.PackedSize], out var r8))
        {
            return false;
        }
        var s = new BigInteger(packed[BabyJubJubAffine.PackedSize..], isUnsigned: true, isBigEndian: false);
        if (s >= BabyJubJubCurve.SubgroupOrder)
        {
            return false;
        }
        signature = new EdDsaSignature(r8, s);
        return true;
    }

    public static bool operator ==(EdDsaSignature a, EdDsaSignature b) => a.R8 == b.R8 && a.S == b.S;
    public static bool operator !=(EdDsaSignature a, EdDsaSignature b) => !(a == b);
    public bool Equals(EdDsaSignature other) => this == other;
    public override bool Equals(object? obj) => obj is EdDsaSignature other && this == other;
    public override int GetHashCode() => HashCode.Combine(R8, S);
    public override string ToString() => $"EdDsaSignature(R8 = ({R8.X}, {R8.Y}), S = {S})";
}
