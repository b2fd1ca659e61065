using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Eight points in Jacobian coordinates, one per lane of <typeparamref name="TLanes"/> (G1 over Fp lanes,
/// G2 over Fp2 lanes), for the running sums of the bucket reduction. The formulas are those of
/// <see cref="Curves.ShortWeierstrass{F}"/> (madd-2007-bl, add-2007-bl), computed in every lane at once;
/// lanes holding the identity (Z = 0) or adding nothing are settled by masks. The cases the formulas do
/// not cover (P = ±Q) are reported instead of handled: the caller then does that step with the scalar
/// twin, which has the branches. The default value is eight identities. Not constant time.
/// </summary>
internal struct JacobianLanes<TLanes> where TLanes : struct, IFieldLanes<TLanes>
{
    public TLanes X, Y, Z;

    /// <summary>
    /// this ← this + (x, y) in every lane not set in <paramref name="absent"/>; false, with nothing
    /// changed, when a lane would add a point to itself or to its negation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryAddAffine(in TLanes x, in TLanes y, Vector512<ulong> absent)
    {
        Vector512<ulong> identity = Z.IsZero();
        TLanes.Square(Z, out TLanes z1z1);
        TLanes.Multiply(x, z1z1, out TLanes u2);
        TLanes.Subtract(u2, X, out TLanes h);
        if ((h.IsZero() & ~identity & ~absent) != Vector512<ulong>.Zero)
        {
            return false;
        }
        TLanes.Multiply(Z, z1z1, out TLanes z1Cubed);
        TLanes.Multiply(y, z1Cubed, out TLanes s2);
        TLanes.Subtract(s2, Y, out TLanes r);
        TLanes.Add(r, r, out r);
        TLanes.Square(h, out TLanes hh);
        TLanes.Add(hh, hh, out TLanes i);
        TLanes.Add(i, i, out i);
        TLanes.Multiply(h, i, out TLanes j);
        TLanes.Multiply(X, i, out TLanes v);
        TLanes.Square(r, out TLanes x3);
        TLanes.Subtract(x3, j, out x3);
        TLanes.Subtract(x3, v, out x3);
        TLanes.Subtract(x3, v, out x3);
        TLanes.Subtract(v, x3, out TLanes y3);
        TLanes.Multiply(r, y3, out y3);
        TLanes.Multiply(Y, j, out TLanes yj);
        TLanes.Subtract(y3, yj, out y3);
        TLanes.Subtract(y3, yj, out y3);
        TLanes.Add(Z, h, out TLanes z3);
        TLanes.Square(z3, out z3);
        TLanes.Subtract(z3, z1z1, out z3);
        TLanes.Subtract(z3, hh, out z3);
        X = TLanes.Select(absent, X, TLanes.Select(identity, x, x3));
        Y = TLanes.Select(absent, Y, TLanes.Select(identity, y, y3));
        Z = TLanes.Select(absent, Z, TLanes.Select(identity, TLanes.One, z3));
        return true;
    }

    /// <summary>this ← this + other in every lane; false, with nothing changed, when a lane would add a point to ±itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryAdd(in JacobianLanes<TLanes> other)
    {
        Vector512<ulong> identity = Z.IsZero();
        Vector512<ulong> otherIdentity = other.Z.IsZero();
        TLanes.Square(Z, out TLanes z1z1);
        TLanes.Square(other.Z, out TLanes z2z2);
        TLanes.Multiply(X, z2z2, out TLanes u1);
        TLanes.Multiply(other.X, z1z1, out TLanes u2);
        TLanes.Subtract(u2, u1, out TLanes h);
        if ((h.IsZero() & ~identity & ~otherIdentity) != Vector512<ulong>.Zero)
        {
            return false;
        }
        TLanes.Multiply(other.Z, z2z2, out TLanes z2Cubed);
        TLanes.Multiply(Y, z2Cubed, out TLanes s1);
        TLanes.Multiply(Z, z1z1, out TLanes z1Cubed);
        TLanes.Multiply(other.Y, z1Cubed, out TLanes s2);
        TLanes.Subtract(s2, s1, out TLanes r);
        TLanes.Add(r, r, out r);
        TLanes.Add(h, h, out TLanes i);
        TLanes.Square(i, out i);
        TLanes.Multiply(h, i, out TLanes j);
        TLanes.Multiply(u1, i, out TLanes v);
        TLanes.Square(r, out TLanes x3);
        TLanes.Subtract(x3, j, out x3);
        TLanes.Subtract(x3, v, out x3);
        TLanes.Subtract(x3, v, out x3);
        TLanes.Subtract(v, x3, out TLanes y3);
        TLanes.Multiply(r, y3, out y3);
        TLanes.Multiply(s1, j, out TLanes s1j);
        TLanes.Subtract(y3, s1j, out y3);
        TLanes.Subtract(y3, s1j, out y3);
        TLanes.Add(Z, other.Z, out TLanes z3);
        TLanes.Square(z3, out z3);
        TLanes.Subtract(z3, z1z1, out z3);
        TLanes.Subtract(z3, z2z2, out z3);
        TLanes.Multiply(z3, h, out z3);
        X = TLanes.Select(otherIdentity, X, TLanes.Select(identity, other.X, x3));
        Y = TLanes.Select(otherIdentity, Y, TLanes.Select(identity, other.Y, y3));
        Z = TLanes.Select(otherIdentity, Z, TLanes.Select(identity, other.Z, z3));
        return true;
    }

    /// <summary>Lane j as a scalar point over F, the field the lanes stand for.</summary>
    internal readonly void Store<F>(Span<JacobianPoint<F>> points) where F : struct, IField<F>
    {
        Lanes<F> x = default, y = default, z = default;
        X.Store(ref x[0]);
        Y.Store(ref y[0]);
        Z.Store(ref z[0]);
        for (int j = 0; j < Lanes<F>.Count; j++)
        {
            points[j] = new JacobianPoint<F> { X = x[j], Y = y[j], Z = z[j] };
        }
    }

    internal static JacobianLanes<TLanes> Load<F>(ReadOnlySpan<JacobianPoint<F>> points) where F : struct, IField<F>
    {
        Lanes<F> x = default, y = default, z = default;
        for (int j = 0; j < Lanes<F>.Count; j++)
        {
            x[j] = points[j].X;
            y[j] = points[j].Y;
            z[j] = points[j].Z;
        }
        return new JacobianLanes<TLanes> { X = TLanes.Load(in x[0]), Y = TLanes.Load(in y[0]), Z = TLanes.Load(in z[0]) };
    }
}
