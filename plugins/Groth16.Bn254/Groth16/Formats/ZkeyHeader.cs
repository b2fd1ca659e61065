using CredentialHub.Bn254.Curves;

namespace CredentialHub.Groth16.Formats;

/// <summary>Sections 1 and 2 of a BN254 Groth16 .zkey (FORMATS §2): the counts and the header points, checked by <see cref="ZkeyFile.ReadHeader"/>.</summary>
internal sealed record ZkeyHeader(
    int NVars, int NPublic, int DomainSize,
    G1Affine Alpha1, G1Affine Beta1, G2Affine Beta2, G2Affine Gamma2, G1Affine Delta1, G2Affine Delta2);
