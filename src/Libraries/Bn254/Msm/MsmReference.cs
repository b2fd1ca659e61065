using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// The slow twin of <see cref="Msm"/>: every term by double-and-add, then summed. Shares no code with
/// the fast path beyond the group law itself, so the tests compare two independent computations.
/// </summary>
public static class MsmReference
{
    public static G1Jacobian MultiScalarMul(ReadOnlySpan<G1Affine> points, ReadOnlySpan<Fr> scalars)
    {
        CheckLengths(points.Length, scalars.Length);
        G1Jacobian sum = G1Jacobian.Identity;
        for (int i = 0; i < points.Length; i++)
        {
            sum += points[i].Multiply(scalars[i].ToBigInteger());
        }
        return sum;
    }

    public static G2Jacobian MultiScalarMul(ReadOnlySpan<G2Affine> points, ReadOnlySpan<Fr> scalars)
    {
        CheckLengths(points.Length, scalars.Length);
        G2Jacobian sum = G2Jacobian.Identity;
        for (int i = 0; i < points.Length; i++)
        {
            sum += points[i].Multiply(scalars[i].ToBigInteger());
        }
        return sum;
    }

    private static void CheckLengths(int points, int scalars)
    {
        if (points != scalars)
        {
            throw new ArgumentException($"{points} points but {scalars} scalars: the two spans must have the same length", nameof(scalars));
        }
    }
}
