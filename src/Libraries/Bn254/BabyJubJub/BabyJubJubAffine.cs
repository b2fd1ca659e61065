using System.Numerics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.BabyJubJub;

/// <summary>
/// A point (x, y) of BabyJubJub (<see cref="BabyJubJubCurve"/>) in affine coordinates; the identity is
/// (0, 1) (<c>default</c>, (0, 0), is not a point). <see cref="Add"/> and <see cref="MultiplyReference"/> are the
/// affine formulas of circomlibjs (one inversion per addition): the slow twin of <see cref="BabyJubJubPoint"/>.
/// Packing: 32 bytes, y little-endian with bit 255 set when x &gt; (r − 1)/2 (circomlibjs <c>packPoint</c>).
/// Unpacking is strict: it refuses y ≥ r, a y with no point, and the sign bit on x = 0 (−0 is not a
/// second encoding). circomlibjs's <c>unpackPoint</c> also refuses x = 0, i.e. the identity and (0, −1);
/// this reader accepts them with the sign bit clear. Not constant time.
/// </summary>
public readonly struct BabyJubJubAffine : IEquatable<BabyJubJubAffine>
{
    public const int PackedSize = 32;

    public readonly Fr X, Y;

    public BabyJubJubAffine(Fr x, Fr y)
    {
        X = x; Y = y;
    }

    public static BabyJubJubAffine Identity => new(Fr.Zero, Fr.One);

    public bool IsIdentity => X.IsZero && Y.IsOne;

    public bool IsOnCurve
    {
        get
        {
            Fr x2 = X.Square(), y2 = Y.Square();
            return BabyJubJubCurve.A * x2 + y2 == Fr.One + BabyJubJubCurve.D * x2 * y2;
        }
    }

    /// <summary>On the curve and of order dividing l.</summary>
    public bool IsInSubgroup => IsOnCurve && ToExtended().IsInSubgroup;

    public BabyJubJubPoint ToExtended() => new(X, Y, X * Y, Fr.One);

    public BabyJubJubAffine Negate() => new(-X, Y);

    /// <summary>
    /// The twisted Edwards addition ((x₁y₂ + y₁x₂)/(1 + d·x₁x₂y₁y₂), (y₁y₂ − a·x₁x₂)/(1 − d·x₁x₂y₁y₂)),
    /// complete on this curve.
    /// </summary>
    public static BabyJubJubAffine Add(BabyJubJubAffine p, BabyJubJubAffine q)
    {
        Fr x1x2 = p.X * q.X, y1y2 = p.Y * q.Y;
        Fr dxxyy = BabyJubJubCurve.D * x1x2 * y1y2;
        Fr x = (p.X * q.Y + p.Y * q.X) * (Fr.One + dxxyy).Inverse();
        Fr y = (y1y2 - BabyJubJubCurve.A * x1x2) * (Fr.One - dxxyy).Inverse();
        return new BabyJubJubAffine(x, y);
    }

    /// <summary>k·P by right-to-left double-and-add in affine coordinates, as circomlibjs <c>mulPointEscalar</c>; k ≥ 0.</summary>
    public BabyJubJubAffine MultiplyReference(BigInteger k)
    {
        if (k.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), "scalar must be non-negative");
        }
        BabyJubJubAffine result = Identity, power = this;
        for (; !k.IsZero; k >>= 1)
        {
            if (!k.IsEven)
            {
                result = Add(result, power);
            }
            power = Add(power, power);
        }
        return result;
    }

    /// <summary>k·P through extended coordinates.</summary>
    public BabyJubJubAffine Multiply(BigInteger k) => ToExtended().Multiply(k).ToAffine();

    public void Pack(Span<byte> destination)
    {
        if (destination.Length < PackedSize)
        {
            throw new ArgumentException($"a packed point takes {PackedSize} bytes; the destination holds {destination.Length}", nameof(destination));
        }
        Y.WriteBytes(destination[..PackedSize], bigEndian: false);
        if (FrSquareRoot.IsNegative(X))
        {
            destination[PackedSize - 1] |= 0x80;
        }
    }

    public byte[] Pack()
    {
        var bytes = new byte[PackedSize];
        Pack(bytes);
        return bytes;
    }

    /// <summary>Decodes a packed point; false unless the bytes are the packing of a point on the curve.</summary>
    public static bool TryUnpack(ReadOnlySpan<byte> packed, out BabyJubJubAffine point)
    {
        point = default;
        if (packed.Length != PackedSize)
        {
            return false;
        }
        Span<byte> yBytes = stackalloc byte[PackedSize];
        packed.CopyTo(yBytes);
        bool negative = (yBytes[PackedSize - 1] & 0x80) != 0;
        yBytes[PackedSize - 1] &= 0x7F;
        if (!Fr.TryReadBytes(yBytes, bigEndian: false, out Fr y))
        {
            return false;
        }
        // x² = (1 − y²)/(a − d·y²); the denominator never vanishes because a/d is not a square.
        Fr y2 = y.Square();
        Fr denominator = BabyJubJubCurve.A - BabyJubJubCurve.D * y2;
        if (denominator.IsZero || !FrSquareRoot.TrySqrt((Fr.One - y2) * denominator.Inverse(), out Fr x))
        {
            return false;
        }
        if (negative)
        {
            if (x.IsZero)
            {
                return false;
            }
            x = -x;
        }
        point = new BabyJubJubAffine(x, y);
        return true;
    }

    /// <summary>Decodes a packed point or throws <see cref="FormatException"/> naming the fault.</summary>
    public static BabyJubJubAffine Unpack(ReadOnlySpan<byte> packed) =>
        TryUnpack(packed, out var point)
            ? point
            : throw new FormatException(packed.Length != PackedSize
                ? $"a packed BabyJubJub point has {PackedSize} bytes; got {packed.Length}"
                : $"'{Convert.ToHexString(packed)}' is not the packing of a BabyJubJub point (y ≥ r, no x for this y, or a signed zero x)");

    public static bool operator ==(BabyJubJubAffine a, BabyJubJubAffine b) => a.X == b.X && a.Y == b.Y;
    public static bool operator !=(BabyJubJubAffine a, BabyJubJubAffine b) => !(a == b);
    public bool Equals(BabyJubJubAffine other) => this == other;
    public override bool Equals(object? obj) => obj is BabyJubJubAffine other && this == other;
    public override int GetHashCode() => HashCode.Combine(X, Y);
    public override string ToString() => $"BabyJubJub({X}, {Y})";
}
