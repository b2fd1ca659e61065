using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// A mutable point in Jacobian coordinates over F (x = X/Z², y = Y/Z³), the default value being the
/// identity (Z = 0): partial sums of the multi-scalar multiplication, updated in place in arrays.
/// </summary>
internal struct JacobianPoint<F> where F : struct, IField<F>
{
    public F X, Y, Z;

    public readonly bool IsIdentity => Z.IsZero;

    public void Add(in JacobianPoint<F> other) =>
        ShortWeierstrass<F>.Add(X, Y, Z, other.X, other.Y, other.Z, out X, out Y, out Z);

    /// <summary>this ← this + (x, y) for an affine point other than the identity.</summary>
    public void AddAffine(in F x, in F y) =>
        ShortWeierstrass<F>.AddMixed(X, Y, Z, x, y, out X, out Y, out Z);

    public void Double() => ShortWeierstrass<F>.Double(X, Y, Z, out X, out Y, out Z);
}
