using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Eight G1 points in Jacobian coordinates, one per <see cref="FpVector"/> lane, for the running sums
/// of the bucket reduction. The formulas are those of <see cref="Curves.ShortWeierstrass{F}"/>
/// (madd-2007-bl, add-2007-bl), computed in every lane at once; lanes holding the identity (Z = 0) or
/// adding nothing are settled by masks. The cases the formulas do not cover (P = ±Q) are reported
/// instead of handled: the caller then does that step with the scalar twin, which has the branches.
/// The default value is eight identities. Not constant time.
/// </summary>
internal struct JacobianVector
{
    public FpVector X, Y, Z;

    /// <summary>
    /// this ← this + (x, y) in every lane not set in <paramref name="absent"/>; false, with nothing
    /// changed, when a lane would add a point to itself or to its negation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryAddAffine(in FpVector x, in FpVector y, Vector512<ulong> absent)
    {
        Vector512<ulong> identity = Z.IsZero();
        FpVector.Multiply(Z, Z, out FpVector z1z1);
        FpVector.Multiply(x, z1z1, out FpVector u2);
        FpVector.Subtract(u2, X, out FpVector h);
        if ((h.IsZero() & ~identity & ~absent) != Vector512<ulong>.Zero)
        {
            return false;
        }
        FpVector.Multiply(Z, z1z1, out FpVector z1Cubed);
        FpVector.Multiply(y, z1Cubed, out FpVector s2);
        FpVector.Subtract(s2, Y, out FpVector r);
        FpVector.Add(r, r, out r);
        FpVector.Multiply(h, h, out FpVector hh);
        FpVector.Add(hh, hh, out FpVector i);
        FpVector.Add(i, i, out i);
        FpVector.Multiply(h, i, out FpVector j);
        FpVector.Multiply(X, i, out FpVector v);
        FpVector.Multiply(r, r, out FpVector x3);
        FpVector.Subtract(x3, j, out x3);
        FpVector.Subtract(x3, v, out x3);
        FpVector.Subtract(x3, v, out x3);
        FpVector.Subtract(v, x3, out FpVector y3);
        FpVector.Multiply(r, y3, out y3);
        FpVector.Multiply(Y, j, out FpVector yj);
        FpVector.Subtract(y3, yj, out y3);
        FpVector.Subtract(y3, yj, out y3);
        FpVector.Add(Z, h, out FpVector z3);
        FpVector.Multiply(z3, z3, out z3);
        FpVector.Subtract(z3, z1z1, out z3);
        FpVector.Subtract(z3, hh, out z3);
        X = FpVector.Select(absent, X, FpVector.Select(identity, x, x3));
        Y = FpVector.Select(absent, Y, FpVector.Select(identity, y, y3));
        Z = FpVector.Select(absent, Z, FpVector.Select(identity, FpVector.One, z3));
        return true;
    }

    /// <summary>this ← this + other in every lane; false, with nothing changed, when a lane would add a point to ±itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryAdd(in JacobianVector other)
    {
        Vector512<ulong> identity = Z.IsZero();
        Vector512<ulong> otherIdentity = other.Z.IsZero();
        FpVector.Multiply(Z, Z, out FpVector z1z1);
        FpVector.Multiply(other.Z, other.Z, out FpVector z2z2);
        FpVector.Multiply(X, z2z2, out FpVector u1);
        FpVector.Multiply(other.X, z1z1, out FpVector u2);
        FpVector.Subtract(u2, u1, out FpVector h);
        if ((h.IsZero() & ~identity & ~otherIdentity) != Vector512<ulong>.Zero)
        {
            return false;
        }
        FpVector.Multiply(other.Z, z2z2, out FpVector z2Cubed);
        FpVector.Multiply(Y, z2Cubed, out FpVector s1);
        FpVector.Multiply(Z, z1z1, out FpVector z1Cubed);
        FpVector.Multiply(other.Y, z1Cubed, out FpVector s2);
        FpVector.Subtract(s2, s1, out FpVector r);
        FpVector.Add(r, r, out r);
        FpVector.Add(h, h, out FpVector i);
        FpVector.Multiply(i, i, out i);
        FpVector.Multiply(h, i, out FpVector j);
        FpVector.Multiply(u1, i, out FpVector v);
        FpVector.Multiply(r, r, out FpVector x3);
        FpVector.Subtract(x3, j, out x3);
        FpVector.Subtract(x3, v, out x3);
        FpVector.Subtract(x3, v, out x3);
        FpVector.Subtract(v, x3, out FpVector y3);
        FpVector.Multiply(r, y3, out y3);
        FpVector.Multiply(s1, j, out FpVector s1j);
        FpVector.Subtract(y3, s1j, out y3);
        FpVector.Subtract(y3, s1j, out y3);
        FpVector.Add(Z, other.Z, out FpVector z3);
        FpVector.Multiply(z3, z3, out z3);
        FpVector.Subtract(z3, z1z1, out z3);
        FpVector.Subtract(z3, z2z2, out z3);
        FpVector.Multiply(z3, h, out z3);
        X = FpVector.Select(otherIdentity, X, FpVector.Select(identity, other.X, x3));
        Y = FpVector.Select(otherIdentity, Y, FpVector.Select(identity, other.Y, y3));
        Z = FpVector.Select(otherIdentity, Z, FpVector.Select(identity, other.Z, z3));
        return true;
    }

    /// <summary>Lane j as a scalar point.</summary>
    internal readonly void Store(Span<JacobianPoint<Fp>> points)
    {
        Span<Fp> x = stackalloc Fp[FpVector.Lanes], y = stackalloc Fp[FpVector.Lanes], z = stackalloc Fp[FpVector.Lanes];
        X.Store(ref x[0]);
        Y.Store(ref y[0]);
        Z.Store(ref z[0]);
        for (int j = 0; j < FpVector.Lanes; j++)
        {
            points[j] = new JacobianPoint<Fp> { X = x[j], Y = y[j], Z = z[j] };
        }
    }

    internal static JacobianVector Load(ReadOnlySpan<JacobianPoint<Fp>> points)
    {
        Span<Fp> x = stackalloc Fp[FpVector.Lanes], y = stackalloc Fp[FpVector.Lanes], z = stackalloc Fp[FpVector.Lanes];
        for (int j = 0; j < FpVector.Lanes; j++)
        {
            x[j] = points[j].X;
            y[j] = points[j].Y;
            z[j] = points[j].Z;
        }
        return new JacobianVector { X = FpVector.Load(in x[0]), Y = FpVector.Load(in y[0]), Z = FpVector.Load(in z[0]) };
    }
}
