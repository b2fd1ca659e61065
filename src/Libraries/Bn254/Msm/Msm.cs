using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Multi-scalar multiplication Σ scalars[i]·points[i] in G1 and G2: Pippenger's bucket method with
/// signed digits and batched affine bucket additions (<see cref="Pippenger{F, TAffine, TCoordinates}"/>).
/// Scalars are ordinary <see cref="Fr"/> values; zeros, ones and short scalars cost less than dense ones.
/// <see cref="MsmReference"/> is the slow twin the tests compare it with. Not constant time.
/// </summary>
public static class Msm
{
    /// <param name="maxDegreeOfParallelism">−1 for every core, otherwise the largest number of threads to use.</param>
    public static G1Jacobian MultiScalarMul(ReadOnlySpan<G1Affine> points, ReadOnlySpan<Fr> scalars, int maxDegreeOfParallelism = -1) =>
        MultiScalarMul(points, scalars, maxDegreeOfParallelism, useVectors: true);

    /// <param name="useVectors">False runs the scalar twin of the AVX-512 code, for the tests.</param>
    internal static G1Jacobian MultiScalarMul(ReadOnlySpan<G1Affine> points, ReadOnlySpan<Fr> scalars, int maxDegreeOfParallelism, bool useVectors)
    {
        int cores = Validate(points.Length, scalars.Length, maxDegreeOfParallelism);
        JacobianPoint<Fp> sum = Pippenger<Fp, G1Affine, G1Coordinates>.MultiScalarMul(points, scalars, cores, useVectors);
        return sum.IsIdentity ? G1Jacobian.Identity : new G1Jacobian(sum.X, sum.Y, sum.Z);
    }

    /// <param name="maxDegreeOfParallelism">−1 for every core, otherwise the largest number of threads to use.</param>
    public static G2Jacobian MultiScalarMul(ReadOnlySpan<G2Affine> points, ReadOnlySpan<Fr> scalars, int maxDegreeOfParallelism = -1) =>
        MultiScalarMul(points, scalars, maxDegreeOfParallelism, useVectors: true);

    /// <param name="useVectors">False runs the scalar twin of the AVX-512 code, for the tests.</param>
    internal static G2Jacobian MultiScalarMul(ReadOnlySpan<G2Affine> points, ReadOnlySpan<Fr> scalars, int maxDegreeOfParallelism, bool useVectors)
    {
        int cores = Validate(points.Length, scalars.Length, maxDegreeOfParallelism);
        JacobianPoint<Fp2> sum = Pippenger<Fp2, G2Affine, G2Coordinates>.MultiScalarMul(points, scalars, cores, useVectors);
        return sum.IsIdentity ? G2Jacobian.Identity : new G2Jacobian(sum.X, sum.Y, sum.Z);
    }

    private static int Validate(int points, int scalars, int maxDegreeOfParallelism)
    {
        if (points != scalars)
        {
            throw new ArgumentException($"{points} points but {scalars} scalars: the two spans must have the same length", nameof(scalars));
        }
        if (maxDegreeOfParallelism == -1)
        {
            return Environment.ProcessorCount;
        }
        if (maxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "must be -1 (every core) or at least 1");
        }
        return maxDegreeOfParallelism;
    }
}
