using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CredentialHub.Bn254.Msm;

internal sealed partial class BucketAccumulator<F, TAffine, TCoordinates>
{
    /// <summary>Below this many buckets the lanes' set-up costs more than it saves.</summary>
    private const int MinimumVectorReduction = 64;

    /// <summary>
    /// Σ (b + 1)·bucket_b by running sums: S collects the buckets from the top, T collects S at every step,
    /// so bucket b is counted b + 1 times. On AVX-512 the buckets are cut into eight segments of length L,
    /// reduced side by side in <see cref="JacobianLanes{TLanes}"/>; segment s yields its sum S_s and its
    /// weighted sum T_s relative to its first bucket, and the total is Σ_s T_s + L·Σ_s s·S_s.
    /// </summary>
    internal void WeightedSum(out JacobianPoint<F> result)
    {
        if (_batchSize > 0 && _top + 1 >= MinimumVectorReduction)
        {
            switch (_lanes)
            {
                case LaneKind.Fp:
                    WeightedSumInLanes<MontgomeryLanes<FpLaneModulus>>(out result);
                    return;
                case LaneKind.Fp2:
                    WeightedSumInLanes<Fp2Lanes>(out result);
                    return;
            }
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
    private void WeightedSumInLanes<TLanes>(out JacobianPoint<F> result) where TLanes : struct, IFieldLanes<TLanes>
    {
        const int lanes = Lanes<F>.Count;
        int length = (_top + lanes) / lanes;
        Lanes<F> xs = default, ys = default;
        Lanes<ulong> absent = default;
        JacobianLanes<TLanes> running = default, total = default;
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
                    xs[s] = _buckets[b].X;
                    ys[s] = _buckets[b].Y;
                    absent[s] = 0;
                }
                else
                {
                    xs[s] = ys[s] = F.Zero;
                    absent[s] = ulong.MaxValue;
                }
            }
            if (overflow || !running.TryAddAffine(TLanes.Load(in xs[0]), TLanes.Load(in ys[0]), Vector512.Create<ulong>(absent)))
            {
                StepInScalars(ref running, ref total, j, length);
            }
            else if (!total.TryAdd(running))
            {
                AddInScalars(ref total, running);
            }
        }
        Lanes<JacobianPoint<F>> sums = default, weighted = default;
        running.Store<F>(sums);
        total.Store<F>(weighted);
        // Σ_s s·S_s by a running sum over the segments, then times L, plus Σ_s T_s.
        JacobianPoint<F> segmentRunning = default, offsets = default, sum = default;
        for (int s = lanes - 1; s >= 1; s--)
        {
            segmentRunning.Add(sums[s]);
            offsets.Add(segmentRunning);
        }
        Curves.ShortWeierstrass<F>.Multiply(offsets.X, offsets.Y, offsets.Z, new BigInteger(length), out sum.X, out sum.Y, out sum.Z);
        for (int s = 0; s < lanes; s++)
        {
            sum.Add(weighted[s]);
        }
        result = sum;
    }

    /// <summary>One step of every segment with the scalar formulas, which handle P = ±Q and overflow parts.</summary>
    private void StepInScalars<TLanes>(ref JacobianLanes<TLanes> running, ref JacobianLanes<TLanes> total, int j, int length)
        where TLanes : struct, IFieldLanes<TLanes>
    {
        Lanes<JacobianPoint<F>> s = default, t = default;
        running.Store<F>(s);
        total.Store<F>(t);
        for (int lane = 0; lane < Lanes<F>.Count; lane++)
        {
            int b = lane * length + j;
            if (b <= _top)
            {
                AddBucket(ref s[lane], b);
            }
            if (!s[lane].IsIdentity)
            {
                t[lane].Add(s[lane]);
            }
        }
        running = JacobianLanes<TLanes>.Load<F>(s);
        total = JacobianLanes<TLanes>.Load<F>(t);
    }

    private static void AddInScalars<TLanes>(ref JacobianLanes<TLanes> total, in JacobianLanes<TLanes> running)
        where TLanes : struct, IFieldLanes<TLanes>
    {
        Lanes<JacobianPoint<F>> s = default, t = default;
        running.Store<F>(s);
        total.Store<F>(t);
        for (int lane = 0; lane < Lanes<F>.Count; lane++)
        {
            t[lane].Add(s[lane]);
        }
        total = JacobianLanes<TLanes>.Load<F>(t);
    }
}
