using System.Runtime.InteropServices;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Msm;

/// <summary>
/// <see cref="G1Affine.AllValid"/> (eight points at a time in AVX-512 lanes) against the scalar checks it replaces
/// (canonical coordinates, <see cref="G1Affine.IsOnCurve"/>), with the lane path and its scalar twin: valid runs of every
/// length around the lane count, the identity, and one bad point (off the curve, a coordinate not below q) at every
/// position of a run.
/// </summary>
public class G1ValidationTests
{
    private static G1Affine[] ValidPoints(int n, int seed)
    {
        var random = new Random(seed);
        var points = new G1Affine[n];
        for (int i = 0; i < n; i++)
        {
            // Every fifth the identity (0, 0), which is valid but not on y² = x³ + 3.
            points[i] = i % 5 == 3 ? G1Affine.Identity : G1Affine.Generator.Multiply(random.NextInt64(1, long.MaxValue)).ToAffine();
        }
        return points;
    }

    private static bool Scalar(ReadOnlySpan<G1Affine> points)
    {
        foreach (var p in points)
        {
            if (!p.X.IsCanonical || !p.Y.IsCanonical || !p.IsOnCurve)
            {
                return false;
            }
        }
        return true;
    }

    public static TheoryData<int> Lengths => [0, 1, 7, 8, 9, 15, 16, 17, 40];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Valid_points_pass_both_ways(int n)
    {
        var points = ValidPoints(n, n);
        Assert.True(Scalar(points));
        Assert.True(G1Affine.AllValid(points));
        Assert.True(G1Validation.AllValid(points, useVectors: false));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void One_point_off_the_curve_is_found_wherever_it_is(int n)
    {
        for (int bad = 0; bad < n; bad++)
        {
            var points = ValidPoints(n, 100 + n);
            var p = points[bad].IsIdentity ? G1Affine.Generator : points[bad];
            points[bad] = new G1Affine(p.X, p.Y + Fp.One);
            Assert.False(Scalar(points));
            Assert.False(G1Affine.AllValid(points));
            Assert.False(G1Validation.AllValid(points, useVectors: false));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_coordinate_not_below_q_is_found_wherever_it_is(int n)
    {
        // q + y is y² = x³ + 3 read modulo q, but not the canonical form a file must hold.
        ulong[] q = [FpParameters.M0, FpParameters.M1, FpParameters.M2, FpParameters.M3];
        for (int bad = 0; bad < n; bad++)
        {
            var points = ValidPoints(n, 200 + n);
            points[bad] = G1Affine.Generator;
            Span<ulong> words = MemoryMarshal.Cast<G1Affine, ulong>(points.AsSpan(bad, 1));
            ulong carry = 0;
            for (int k = 0; k < 4; k++)
            {
                ulong sum = words[4 + k] + q[k] + carry;
                carry = sum < words[4 + k] || (carry == 1 && sum == words[4 + k]) ? 1UL : 0UL;
                words[4 + k] = sum;
            }
            Assert.False(points[bad].Y.IsCanonical);
            Assert.False(G1Affine.AllValid(points));
            Assert.False(G1Validation.AllValid(points, useVectors: false));
        }
    }
}
