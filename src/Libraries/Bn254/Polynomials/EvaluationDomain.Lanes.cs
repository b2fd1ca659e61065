using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using FrLanes = CredentialHub.Bn254.Msm.MontgomeryLanes<CredentialHub.Bn254.Msm.FrLaneModulus>;

namespace CredentialHub.Bn254.Polynomials;

/// <summary>
/// The butterflies, scalings and powers of the transform eight at a time in AVX-512 lanes
/// (<see cref="Msm.MontgomeryLanes{M}"/> over Fr). Stages whose blocks have at least eight pairs take
/// eight consecutive pairs per step. The first three stages (pairs 1, 2 and 4 apart) are done on tiles
/// of 8×8 elements: lane m holds block m of the tile, vector p its element p (a strided load transposes
/// the tile), so the three stages become butterflies between whole vectors with broadcast twiddles.
/// </summary>
public sealed partial class EvaluationDomain
{
    private const int FirstStagesInLanesCount = 3;

    /// <summary>ω_4 and ω_8, ω_8², ω_8³ in every lane.</summary>
    private static readonly FrLanes Omega4 = Broadcast(RootsOfUnity.Get(2));
    private static readonly FrLanes Omega8 = Broadcast(RootsOfUnity.Get(3));
    private static readonly FrLanes Omega8Squared = Broadcast(RootsOfUnity.Get(3).Square());
    private static readonly FrLanes Omega8Cubed = Broadcast(RootsOfUnity.Get(3).Square() * RootsOfUnity.Get(3));

    private static FrLanes Broadcast(Fr x) => FrLanes.Broadcast(x.L0, x.L1, x.L2, x.L3);

    /// <summary>Stages 1 to 3 over a multiple of 64 elements, one 8×8 tile at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FirstStagesInLanes(Fr* a, int length)
    {
        const nuint stride = 8 * 4;
        for (int tile = 0; tile < length; tile += 64)
        {
            ref ulong words = ref Unsafe.As<Fr, ulong>(ref a[tile]);
            FrLanes v0 = FrLanes.LoadStrided(in words, stride);
            FrLanes v1 = FrLanes.LoadStrided(in Unsafe.Add(ref words, 4), stride);
            FrLanes v2 = FrLanes.LoadStrided(in Unsafe.Add(ref words, 8), stride);
            FrLanes v3 = FrLanes.LoadStrided(in Unsafe.Add(ref words, 12), stride);
            FrLanes v4 = FrLanes.LoadStrided(in Unsafe.Add(ref words, 16), stride);
            FrLanes v5 = FrLanes.LoadStrided(in Unsafe.Add(ref words, 20), stride);
            FrLanes v6 = FrLanes.LoadStrided(in Unsafe.Add(ref words, 24), stride);
            FrLanes v7 = FrLanes.LoadStrided(in Unsafe.Add(ref words, 28), stride);
            // Stage 1: pairs (p, p + 1), twiddle 1.
            Butterfly(ref v0, ref v1);
            Butterfly(ref v2, ref v3);
            Butterfly(ref v4, ref v5);
            Butterfly(ref v6, ref v7);
            // Stage 2: pairs (p, p + 2), twiddles 1, ω_4.
            Butterfly(ref v0, ref v2);
            Butterfly(ref v1, ref v3, Omega4);
            Butterfly(ref v4, ref v6);
            Butterfly(ref v5, ref v7, Omega4);
            // Stage 3: pairs (p, p + 4), twiddles ω_8^p.
            Butterfly(ref v0, ref v4);
            Butterfly(ref v1, ref v5, Omega8);
            Butterfly(ref v2, ref v6, Omega8Squared);
            Butterfly(ref v3, ref v7, Omega8Cubed);
            v0.StoreStrided(ref words, stride);
            v1.StoreStrided(ref Unsafe.Add(ref words, 4), stride);
            v2.StoreStrided(ref Unsafe.Add(ref words, 8), stride);
            v3.StoreStrided(ref Unsafe.Add(ref words, 12), stride);
            v4.StoreStrided(ref Unsafe.Add(ref words, 16), stride);
            v5.StoreStrided(ref Unsafe.Add(ref words, 20), stride);
            v6.StoreStrided(ref Unsafe.Add(ref words, 24), stride);
            v7.StoreStrided(ref Unsafe.Add(ref words, 28), stride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref FrLanes u, ref FrLanes v)
    {
        FrLanes.Add(u, v, out FrLanes sum);
        FrLanes.Subtract(u, v, out v);
        u = sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref FrLanes u, ref FrLanes v, in FrLanes twiddle)
    {
        FrLanes.Multiply(v, twiddle, out FrLanes t);
        FrLanes.Add(u, t, out FrLanes sum);
        FrLanes.Subtract(u, t, out v);
        u = sum;
    }

    /// <summary>lo_j, hi_j ← lo_j + w_j·hi_j, lo_j − w_j·hi_j for j &lt; count, a multiple of eight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ButterfliesInLanes(Fr* lo, Fr* hi, Fr* w, int count)
    {
        for (int j = 0; j < count; j += FrLanes.Count)
        {
            FrLanes u = FrLanes.Load(in lo[j]);
            FrLanes.Multiply(FrLanes.Load(in hi[j]), FrLanes.Load(in w[j]), out FrLanes t);
            FrLanes.Add(u, t, out FrLanes sum);
            FrLanes.Subtract(u, t, out FrLanes difference);
            sum.Store(ref lo[j]);
            difference.Store(ref hi[j]);
        }
    }

    /// <summary>a_j ← a_j·factor for whole groups of eight in [start, end); returns where the groups stop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int ScaleInLanes(Fr* a, int start, int end, Fr factor)
    {
        FrLanes f = Broadcast(factor);
        int j = start;
        for (; j + FrLanes.Count <= end; j += FrLanes.Count)
        {
            FrLanes.Multiply(FrLanes.Load(in a[j]), f, out FrLanes product);
            product.Store(ref a[j]);
        }
        return j;
    }

    /// <summary>
    /// a_j ← a_j·g^j for whole groups of eight from start on, the lanes holding g^j … g^(j+7) and stepping by
    /// g^8; on return <paramref name="power"/> is g to the first index left to the caller, which is returned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int MultiplyByPowersInLanes(Fr* a, int start, int end, ref Fr power, Fr g)
    {
        if (end - start < FrLanes.Count)
        {
            return start;
        }
        Lanes<Fr> first = default;
        Fr p = power;
        for (int lane = 0; lane < FrLanes.Count; lane++)
        {
            first[lane] = p;
            p *= g;
        }
        FrLanes powers = FrLanes.Load(in first[0]);
        FrLanes step = Broadcast(FieldMath.Pow(g, [(ulong)FrLanes.Count]));
        int j = start;
        for (; j + FrLanes.Count <= end; j += FrLanes.Count)
        {
            FrLanes.Multiply(FrLanes.Load(in a[j]), powers, out FrLanes product);
            product.Store(ref a[j]);
            FrLanes.Multiply(powers, step, out powers);
        }
        powers.Store(ref first[0]);
        power = first[0];
        return j;
    }
}
