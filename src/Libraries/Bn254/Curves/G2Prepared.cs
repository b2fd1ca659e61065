using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Curves;

/// <summary>
/// A G2 point with the line coefficients of its Miller loop precomputed. A verification key's fixed
/// points (β, γ, δ) are prepared once and reused for every proof.
/// </summary>
public sealed class G2Prepared
{
    internal readonly LineCoefficients[] Lines;

    public bool IsIdentity { get; }

    private G2Prepared(LineCoefficients[] lines, bool isIdentity)
    {
        Lines = lines;
        IsIdentity = isIdentity;
    }

    public static G2Prepared Prepare(G2Affine q)
    {
        if (q.IsIdentity)
        {
            return new G2Prepared([], true);
        }
        var lines = new List<LineCoefficients>(100);
        Fp2 x = q.X, y = q.Y, z = Fp2.One;
        G2Affine minusQ = q.Negate();
        foreach (sbyte digit in Pairing.LoopDigits)
        {
            lines.Add(DoublingStep(ref x, ref y, ref z));
            if (digit != 0)
            {
                lines.Add(AdditionStep(ref x, ref y, ref z, digit > 0 ? q : minusQ));
            }
        }
        lines.Add(AdditionStep(ref x, ref y, ref z, q.Psi()));
        lines.Add(AdditionStep(ref x, ref y, ref z, q.Psi2().Negate()));
        return new G2Prepared(lines.ToArray(), false);
    }

    /// <summary>T ← 2T (homogeneous projective, x = X/Z, y = Y/Z); returns the tangent line at T.</summary>
    private static LineCoefficients DoublingStep(ref Fp2 x, ref Fp2 y, ref Fp2 z)
    {
        Fp2 a = (x * y).MulByFp(Pairing.Half);
        Fp2 b = y.Square();
        Fp2 c = z.Square();
        Fp2 e = G2Affine.B * (c.Double() + c);
        Fp2 f = e.Double() + e;
        Fp2 g = (b + f).MulByFp(Pairing.Half);
        Fp2 h = (y + z).Square() - (b + c);
        Fp2 i = e - b;
        Fp2 j = x.Square();
        Fp2 e2 = e.Square();
        x = a * (b - f);
        y = g.Square() - (e2.Double() + e2);
        z = b * h;
        return new LineCoefficients(-h, j.Double() + j, i);
    }

    /// <summary>T ← T + Q for affine Q; returns the line through T and Q.</summary>
    private static LineCoefficients AdditionStep(ref Fp2 x, ref Fp2 y, ref Fp2 z, G2Affine q)
    {
        Fp2 o = y - q.Y * z;
        Fp2 l = x - q.X * z;
        Fp2 c = o.Square();
        Fp2 d = l.Square();
        Fp2 e = l * d;
        Fp2 f = z * c;
        Fp2 g = x * d;
        Fp2 h = e + f - g.Double();
        Fp2 j = o * q.X - l * q.Y;
        Fp2 ny = o * (g - h) - e * y;
        x = l * h;
        y = ny;
        z = e * z;
        return new LineCoefficients(l, -o, j);
    }
}
