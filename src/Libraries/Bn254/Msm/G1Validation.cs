using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using FpLanes = CredentialHub.Bn254.Msm.MontgomeryLanes<CredentialHub.Bn254.Msm.FpLaneModulus>;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// <see cref="G1Affine.AllValid"/>: canonical coordinates checked one point at a time (a comparison of limbs), then
/// y² = x³ + 3 for eight points at a time in AVX-512 lanes where supported (the identity (0, 0) passes); the scalar
/// <see cref="G1Affine.IsOnCurve"/> elsewhere and for the last points.
/// </summary>
internal static class G1Validation
{
    internal static bool AllValid(ReadOnlySpan<G1Affine> points, bool useVectors = true)
    {
        int i = 0;
        if (useVectors && FpLanes.IsSupported && points.Length >= FpLanes.Count)
        {
            var b = FpLanes.Broadcast(G1Affine.B.L0, G1Affine.B.L1, G1Affine.B.L2, G1Affine.B.L3);
            ref ulong words = ref Unsafe.As<G1Affine, ulong>(ref MemoryMarshal.GetReference(points));
            const nuint Stride = 8;
            for (; i + FpLanes.Count <= points.Length; i += FpLanes.Count)
            {
                for (int j = i; j < i + FpLanes.Count; j++)
                {
                    if (!points[j].X.IsCanonical || !points[j].Y.IsCanonical)
                    {
                        return false;
                    }
                }
                ref ulong first = ref Unsafe.Add(ref words, (nint)(Stride * (nuint)i));
                var x = FpLanes.LoadStrided(in first, Stride);
                var y = FpLanes.LoadStrided(in Unsafe.Add(ref first, 4), Stride);
                FpLanes.Square(y, out var y2);
                FpLanes.Square(x, out var x2);
                FpLanes.Multiply(x2, x, out var x3);
                FpLanes.Add(x3, b, out var right);
                FpLanes.Subtract(y2, right, out var difference);
                var valid = difference.IsZero() | (x.IsZero() & y.IsZero());
                if (!Vector512.EqualsAll(valid, Vector512<ulong>.AllBitsSet))
                {
                    return false;
                }
            }
        }
        for (; i < points.Length; i++)
        {
            if (!points[i].X.IsCanonical || !points[i].Y.IsCanonical || !points[i].IsOnCurve)
            {
                return false;
            }
        }
        return true;
    }
}
