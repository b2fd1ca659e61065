using System.Numerics;
using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Curves;

/// <summary>
/// Group law of y² = x³ + b (a = 0) over any field of the tower, in Jacobian coordinates
/// (x = X/Z², y = Y/Z³; Z = 0 is the point at infinity). Formulas from the Explicit-Formulas Database:
/// dbl-2009-l, add-2007-bl and madd-2007-bl, with the exceptional cases (P = Q, P = −Q, infinity)
/// handled explicitly. Outputs may alias inputs: every result is computed before it is stored.
/// Written once and used for G1 (over Fp) and G2 (over Fp2). Not constant time.
/// </summary>
internal static class ShortWeierstrass<F> where F : struct, IField<F>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Double(in F x, in F y, in F z, out F x3, out F y3, out F z3)
    {
        if (z.IsZero)
        {
            x3 = x; y3 = y; z3 = z;
            return;
        }
        F a = x.Square();
        F b = y.Square();
        F c = b.Square();
        F d = ((x + b).Square() - a - c).Double();
        F e = a.Double() + a;
        F f = e.Square();
        F nx = f - d.Double();
        F ny = e * (d - nx) - c.Double().Double().Double();
        F nz = (y * z).Double();
        x3 = nx; y3 = ny; z3 = nz;
    }

    internal static void Add(in F x1, in F y1, in F z1, in F x2, in F y2, in F z2, out F x3, out F y3, out F z3)
    {
        if (z1.IsZero)
        {
            x3 = x2; y3 = y2; z3 = z2;
            return;
        }
        if (z2.IsZero)
        {
            x3 = x1; y3 = y1; z3 = z1;
            return;
        }
        F z1z1 = z1.Square();
        F z2z2 = z2.Square();
        F u1 = x1 * z2z2;
        F u2 = x2 * z1z1;
        F s1 = y1 * z2 * z2z2;
        F s2 = y2 * z1 * z1z1;
        F h = u2 - u1;
        F rr = s2 - s1;
        if (h.IsZero)
        {
            if (rr.IsZero)
            {
                Double(x1, y1, z1, out x3, out y3, out z3);
            }
            else
            {
                SetInfinity(out x3, out y3, out z3);
            }
            return;
        }
        F i = h.Double().Square();
        F j = h * i;
        rr = rr.Double();
        F v = u1 * i;
        F nx = rr.Square() - j - v.Double();
        F ny = rr * (v - nx) - (s1 * j).Double();
        F nz = ((z1 + z2).Square() - z1z1 - z2z2) * h;
        x3 = nx; y3 = ny; z3 = nz;
    }

    /// <summary>(x1:y1:z1) + (x2, y2) with the second point affine; (0, 0) is the affine infinity.</summary>
    internal static void AddMixed(in F x1, in F y1, in F z1, in F x2, in F y2, out F x3, out F y3, out F z3)
    {
        if (x2.IsZero && y2.IsZero)
        {
            x3 = x1; y3 = y1; z3 = z1;
            return;
        }
        if (z1.IsZero)
        {
            x3 = x2; y3 = y2; z3 = F.One;
            return;
        }
        F z1z1 = z1.Square();
        F u2 = x2 * z1z1;
        F s2 = y2 * z1 * z1z1;
        F h = u2 - x1;
        F rr = s2 - y1;
        if (h.IsZero)
        {
            if (rr.IsZero)
            {
                Double(x1, y1, z1, out x3, out y3, out z3);
            }
            else
            {
                SetInfinity(out x3, out y3, out z3);
            }
            return;
        }
        F hh = h.Square();
        F i = hh.Double().Double();
        F j = h * i;
        rr = rr.Double();
        F v = x1 * i;
        F nx = rr.Square() - j - v.Double();
        F ny = rr * (v - nx) - (y1 * j).Double();
        F nz = (z1 + h).Square() - z1z1 - hh;
        x3 = nx; y3 = ny; z3 = nz;
    }

    internal static void SetInfinity(out F x, out F y, out F z)
    {
        x = F.One; y = F.One; z = F.Zero;
    }

    internal static void ToAffine(in F x, in F y, in F z, out F ax, out F ay)
    {
        if (z.IsZero)
        {
            ax = F.Zero; ay = F.Zero;
            return;
        }
        F zinv = z.Inverse();
        F zinv2 = zinv.Square();
        ax = x * zinv2;
        ay = y * zinv2 * zinv;
    }

    internal static bool IsOnCurveAffine(in F x, in F y, in F b) => y.Square() == x.Square() * x + b;

    internal static bool IsOnCurveJacobian(in F x, in F y, in F z, in F b)
    {
        if (z.IsZero)
        {
            return true;
        }
        F z2 = z.Square();
        F z6 = z2.Square() * z2;
        return y.Square() == x.Square() * x + b * z6;
    }

    internal static bool Equal(in F x1, in F y1, in F z1, in F x2, in F y2, in F z2)
    {
        if (z1.IsZero || z2.IsZero)
        {
            return z1.IsZero && z2.IsZero;
        }
        F z1z1 = z1.Square();
        F z2z2 = z2.Square();
        return x1 * z2z2 == x2 * z1z1 && y1 * z2z2 * z2 == y2 * z1z1 * z1;
    }

    /// <summary>[k](x:y:z) by left-to-right double-and-add; negative k negates.</summary>
    internal static void Multiply(in F x, in F y, in F z, BigInteger k, out F x3, out F y3, out F z3)
    {
        F px = x, py = k.Sign < 0 ? -y : y, pz = z;
        byte[] e = BigInteger.Abs(k).ToByteArray(isUnsigned: true, isBigEndian: false);
        SetInfinity(out F rx, out F ry, out F rz);
        for (int i = e.Length * 8 - 1; i >= 0; i--)
        {
            Double(rx, ry, rz, out rx, out ry, out rz);
            if (((e[i >> 3] >> (i & 7)) & 1) != 0)
            {
                Add(rx, ry, rz, px, py, pz, out rx, out ry, out rz);
            }
        }
        x3 = rx; y3 = ry; z3 = rz;
    }
}
