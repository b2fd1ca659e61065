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
