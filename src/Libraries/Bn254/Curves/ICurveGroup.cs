using System.Numerics;

namespace CredentialHub.Bn254.Curves;

/// <summary>A point of G1 or G2 in Jacobian form: what the group-law test-suite and scalar multiplication need.</summary>
public interface ICurveGroup<T> : IEquatable<T> where T : struct, ICurveGroup<T>
{
    static abstract T Identity { get; }
    static abstract T Generator { get; }
    bool IsIdentity { get; }
    bool IsOnCurve { get; }
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator -(T a);
    static abstract bool operator ==(T a, T b);
    static abstract bool operator !=(T a, T b);
    T Double();
    T Multiply(BigInteger k);
}
