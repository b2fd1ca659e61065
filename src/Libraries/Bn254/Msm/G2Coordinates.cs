using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

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
