using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

internal sealed partial class BucketAccumulator<F, TAffine, TCoordinates>
{
    /// <summary>Below this many buckets the lanes' set-up costs more than it saves.</summary>
    private const int MinimumVectorReduction = 64;

    /// <summary>
    /// Σ (b + 1)·bucket_b by running sums: S collects the buckets from the top, T collects S at every step,
    /// so bucket b is counted b + 1 times. In G1 on AVX-512 the buckets are cut into eight segments of
    /// length L, reduced side by side in <see cref="JacobianVector"/> lanes; segment s yields its sum S_s and
    /// its weighted sum T_s relative to its first bucket, and the total is Σ_s T_s + L·Σ_s s·S_s.
    /// </summary>
    internal void WeightedSum(out JacobianPoint<F> result)
    {
        if (_prefixVectors is not null && _batchSize > 0 && _top + 1 >= MinimumVectorReduction)
        {
            WeightedSumInLanes(out JacobianPoint<Fp> lanes);
            result = Unsafe.As<JacobianPoint<Fp>, JacobianPoint<F>>(ref lanes);
            return;
        }
        JacobianPoint<F> running = default, total = default;
        for (int b = _top; b >= 0; b--)
        {
            AddBucket(ref running, b);
            if (!running.IsIdentity)
            {
                total.Add(running);
            }
        }
        result = total;
    }

    /// <summary>Σ bucket_b.</summary>
    internal void Sum(out JacobianPoint<F> result)
    {
        JacobianPoint<F> total = default;
        for (int b = _top; b >= 0; b--)
        {
            AddBucket(ref total, b);
        }
        result = total;
    }

    private void AddBucket(ref JacobianPoint<F> sum, int b)
    {
        byte state = _state[b];
        if ((state & AffinePart) != 0)
        {
            sum.AddAffine(_buckets[b].X, _buckets[b].Y);
        }
        if ((state & OverflowPart) != 0)
        {
            sum.Add(_overflow[b]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WeightedSumInLanes(out JacobianPoint<Fp> result)
    {
        const int lanes = FpVector.Lanes;
        int length = (_top + lanes) / lanes;
        Span<Fp> xs = stackalloc Fp[lanes], ys = stackalloc Fp[lanes];
        Span<ulong> absent = stackalloc ulong[lanes];
        JacobianVector running = default, total = default;
        for (int j = length - 1; j >= 0; j--)
        {
            bool overflow = false;
            for (int s = 0; s < lanes; s++)
            {
                int b = s * length + j;
                byte state = b <= _top ? _state[b] : (byte)0;
                overflow |= (state & OverflowPart) != 0;
                if ((state & AffinePart) != 0)
                {
                    xs[s] = Unsafe.As<F, Fp>(ref _buckets[b].X);
                    ys[s] = Unsafe.As<F, Fp>(ref _buckets[b].Y);
                    absent[s] = 0;
                }
                else
                {
                    xs[s] = ys[s] = Fp.Zero;
                    absent[s] = ulong.MaxValue;
                }
            }
            if (overflow || !running.TryAddAffine(FpVector.Load(in xs[0]), FpVector.Load(in ys[0]), Vector512.Create<ulong>(absent)))
            {
                StepInScalars(ref running, ref total, j, length);
            }
            else if (!total.TryAdd(running))
            {
                AddInScalars(ref total, running);
            }
        }
        Span<JacobianPoint<Fp>> sums = stackalloc JacobianPoint<Fp>[lanes];
        Span<JacobianPoint<Fp>> weighted = stackalloc JacobianPoint<Fp>[lanes];
        running.Store(sums);
        total.Store(weighted);
        // Σ_s s·S_s by a running sum over the segments, then times L, plus Σ_s T_s.
        JacobianPoint<Fp> segmentRunning = default, offsets = default, sum = default;
        for (int s = lanes - 1; s >= 1; s--)
        {
            segmentRunning.Add(sums[s]);
            offsets.Add(segmentRunning);
        }
        Curves.ShortWeierstrass<Fp>.Multiply(offsets.X, offsets.Y, offsets.Z, new BigInteger(length), out sum.X, out sum.Y, out sum.Z);
        for (int s = 0; s < lanes; s++)
        {
            sum.Add(weighted[s]);
        }
        result = sum;
    }

    /// <summary>One step of every segment with the scalar formulas, which handle P = ±Q and overflow parts.</summary>
    private void StepInScalars(ref JacobianVector running, ref JacobianVector total, int j, int length)
    {
        Span<JacobianPoint<Fp>> s = stackalloc JacobianPoint<Fp>[FpVector.Lanes];
        Span<JacobianPoint<Fp>> t = stackalloc JacobianPoint<Fp>[FpVector.Lanes];
        running.Store(s);
        total.Store(t);
        for (int lane = 0; lane < FpVector.Lanes; lane++)
        {
            int b = lane * length + j;
            if (b <= _top)
            {
                AddBucket(ref Unsafe.As<JacobianPoint<Fp>, JacobianPoint<F>>(ref s[lane]), b);
            }
            if (!s[lane].IsIdentity)
            {
                t[lane].Add(s[lane]);
            }
        }
        running = JacobianVector.Load(s);
        total = JacobianVector.Load(t);
    }

    private static void AddInScalars(ref JacobianVector total, in JacobianVector running)
    {
        Span<JacobianPoint<Fp>> s = stackalloc JacobianPoint<Fp>[FpVector.Lanes];
        Span<JacobianPoint<Fp>> t = stackalloc JacobianPoint<Fp>[FpVector.Lanes];
        running.Store(s);
        total.Store(t);
        for (int lane = 0; lane < FpVector.Lanes; lane++)
        {
            t[lane].Add(s[lane]);
        }
        total = JacobianVector.Load(t);
    }
}
