namespace CredentialHub.Bn254.BabyJubJub;

/// <summary>
/// An EdDSA public key A = Base8·(s &gt;&gt; 3) on BabyJubJub (<see cref="EdDsaPoseidon.DerivePublicKey"/>);
/// 32 bytes packed as circomlibjs's <c>packPoint</c>. A key read from bytes is only checked to be on the
/// curve, as circomlibjs's <c>verifyPoseidon</c> does; <see cref="IsInSubgroup"/> tells the stricter story.
/// </summary>
public readonly struct EdDsaPublicKey : IEquatable<EdDsaPublicKey>
{
    public BabyJubJubAffine Point { get; }

    public EdDsaPublicKey(BabyJubJubAffine point)
    {
        Point = point;
    }

    public bool IsInSubgroup => Point.IsInSubgroup;

    public byte[] Pack() => Point.Pack();

    public static bool TryUnpack(ReadOnlySpan<byte> packed, out EdDsaPublicKey key)
    {
        bool ok = BabyJubJubAffine.TryUnpack(packed, out var point);
        key = new EdDsaPublicKey(point);
        return ok;
    }

    public static bool operator ==(EdDsaPublicKey a, EdDsaPublicKey b) => a.Point == b.Point;
    public static bool operator !=(EdDsaPublicKey a, EdDsaPublicKey b) => !(a == b);
    public bool Equals(EdDsaPublicKey other) => this == other;
    public override bool Equals(object? obj) => obj is EdDsaPublicKey other && this == other;
    public override int GetHashCode() => Point.GetHashCode();
    public override string ToString() => $"EdDsaPublicKey({Point.X}, {Point.Y})";
}
