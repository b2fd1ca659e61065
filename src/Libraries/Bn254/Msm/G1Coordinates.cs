using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

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
