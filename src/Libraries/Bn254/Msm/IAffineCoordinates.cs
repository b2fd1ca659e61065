using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// How the multi-scalar multiplication reads an affine point of a group over the coordinate field F,
/// so that one algorithm, specialised by the JIT, serves G1 (over Fp) and G2 (over Fp2).
/// </summary>
internal interface IAffineCoordinates<F, TAffine>
    where F : struct, IField<F>
    where TAffine : unmanaged
{
    static abstract F X(in TAffine point);
    static abstract F Y(in TAffine point);

    /// <summary>True for the encoding (0, 0) of the point at infinity.</summary>
    static abstract bool IsIdentity(in TAffine point);
}

/// <summary>G1 affine points: coordinates in Fp.</summary>
internal struct G1Coordinates : IAffineCoordinates<Fp, G1Affine>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp X(in G1Affine point) => point.X;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Y(in G1Affine point) => point.Y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsIdentity(in G1Affine point) => point.IsIdentity;
}

/// <summary>G2 affine points: coordinates in Fp2.</summary>
internal struct G2Coordinates : IAffineCoordinates<Fp2, G2Affine>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 X(in G2Affine point) => point.X;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Y(in G2Affine point) => point.Y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsIdentity(in G2Affine point) => point.IsIdentity;
}
