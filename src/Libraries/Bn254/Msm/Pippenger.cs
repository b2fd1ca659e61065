using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Σ k_i·P_i by Pippenger's bucket method ("On the evaluation of powers and related problems", FOCS 1976),
/// with signed digits and batched affine bucket additions, written once for G1 and G2:
/// 1. <see cref="PreparedScalars"/> drops zero terms, sets aside the points whose scalar is 1 and
///    records the bit lengths of the rest.
/// 2. <see cref="WindowCostModel"/> picks the window width c (windows of c or c − 1 bits that cover the
///    longest scalar exactly, see <see cref="WindowPlan"/>) and how to split the work.
/// 3. Each window w is a task (or p tasks over ranges of the scalars): every point goes to bucket |d_w|
///    with the sign of its digit (<see cref="SignedDigits"/>), by batched affine additions
///    (<see cref="BucketAccumulator{F, TAffine, TCoordinates}"/>), and the buckets are reduced to
///    Σ_b b·B_b by running sums (eight segments side by side in AVX-512 lanes). The points with
///    scalar 1 are summed in chunks, as tasks of their own.
/// 4. The window sums are combined by Horner's rule: Σ_w 2^(o_w)·S_w, a window's width in doublings each.
/// Tasks are taken longest first from a shared counter by at most maxDegreeOfParallelism workers, so
/// the cores stay busy to the end. Not constant time.
/// </summary>
internal static unsafe class Pippenger<F, TAffine, TCoordinates>
    where F : struct, IField<F>
    where TAffine : unmanaged
    where TCoordinates : struct, IAffineCoordinates<F, TAffine>
{
    /// <summary>Each task summing points of scalar 1 takes at least this many of them.</summary>
    private const int MinimumSumChunk = 4096;

    /// <summary>A task: a window (or part of one), or a chunk of the points whose scalar is 1 (Window = −1).</summary>
    private readonly record struct WorkItem(int Window, int From, int To, double Cost);

    /// <param name="useVectors">Batch additions in AVX-512 lanes where supported (G1); false runs the scalar twin.</param>
    internal static JacobianPoint<F> MultiScalarMul(ReadOnlySpan<TAffine> points, ReadOnlySpan<Fr> scalars, int maxDegreeOfParallelism,
        bool useVectors = true)
    {
        if (points.IsEmpty)
        {
            return default;
        }
        fixed (TAffine* pointBase = points)
        fixed (Fr* scalarBase = scalars)
        {
            using var prepared = PreparedScalars.Prepare<F, TAffine, TCoordinates>(pointBase, scalarBase, points.Length, maxDegreeOfParallelism);
            OperationCosts costs = BucketAccumulator<F, TAffine, TCoordinates>.Vectorizes(useVectors) ? OperationCosts.Vector : OperationCosts.Scalar;
            WindowPlan plan = prepared.Count == 0
                ? default
                : WindowCostModel.Choose(prepared.BitLengthCounts, prepared.Count, prepared.MaxBitLength, maxDegreeOfParallelism, costs,
                    WindowCostModel.MaxWindowBitsFor(2 * Unsafe.SizeOf<F>()));
            WorkItem[] items = Plan(prepared, plan, costs, maxDegreeOfParallelism);
            var results = new JacobianPoint<F>[items.Length];
            Run(pointBase, prepared, plan, costs, items, results, maxDegreeOfParallelism, useVectors);
            return Combine(plan, items, results);
        }
    }

    private static WorkItem[] Plan(PreparedScalars prepared, in WindowPlan plan, in OperationCosts costs, int cores)
    {
        var items = new List<WorkItem>();
        int count = prepared.Count;
        for (int w = 0; w < plan.WindowCount; w++)
        {
            int buckets = plan.BucketCount(w);
            double addition = costs.Addition(WindowCostModel.BatchSize(buckets));
            for (int k = 0; k < plan.PointChunks; k++)
            {
                int from = (int)((long)count * k / plan.PointChunks);
                int to = (int)((long)count * (k + 1) / plan.PointChunks);
                // The cost only orders the tasks: higher windows see the scalars long enough to reach them.
                double cost = (to - from) * addition * (w == 0 ? 1.0 : Reach(prepared, plan.Offset(w))) +
                    buckets * costs.ReductionPerBucket;
                items.Add(new WorkItem(w, from, to, cost));
            }
        }
        int ones = prepared.OnesCount;
        int chunks = Math.Clamp(ones / MinimumSumChunk, 1, cores);
        for (int k = 0; k < chunks && ones > 0; k++)
        {
            int from = (int)((long)ones * k / chunks);
            int to = (int)((long)ones * (k + 1) / chunks);
            items.Add(new WorkItem(-1, from, to, WindowCostModel.SumCost(to - from, costs)));
        }
        items.Sort((a, b) => b.Cost.CompareTo(a.Cost));
        return items.ToArray();
    }

    /// <summary>The fraction of scalars whose bit length is at least the given one.</summary>
    private static double Reach(PreparedScalars prepared, int bitLength)
    {
        int reaching = 0;
        for (int b = Math.Min(bitLength, 257); b < prepared.BitLengthCounts.Length; b++)
        {
            reaching += prepared.BitLengthCounts[b];
        }
        return (double)reaching / prepared.Count;
    }

    private static void Run(TAffine* points, PreparedScalars prepared, WindowPlan plan, OperationCosts costs, WorkItem[] items,
        JacobianPoint<F>[] results, int maxDegreeOfParallelism, bool useVectors)
    {
        int bucketCapacity = 1, batchCapacity = 1;
        foreach (WorkItem item in items)
        {
            int buckets = item.Window >= 0 ? plan.BucketCount(item.Window) : WindowCostModel.SumBuckets(item.To - item.From, costs);
            bucketCapacity = Math.Max(bucketCapacity, buckets);
            batchCapacity = Math.Max(batchCapacity, item.Window >= 0 ? WindowCostModel.BatchSize(buckets) : buckets);
        }
        int next = -1;
        nint pointAddress = (nint)points;
        void Work()
        {
            using var accumulator = new BucketAccumulator<F, TAffine, TCoordinates>((TAffine*)pointAddress, bucketCapacity, batchCapacity, useVectors);
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Length)
            {
                WorkItem item = items[i];
                if (item.Window >= 0)
                {
                    AccumulateWindow(accumulator, prepared, plan, item);
                    accumulator.WeightedSum(out results[i]);
                }
                else
                {
                    AccumulateSum(accumulator, prepared, item, costs);
                    accumulator.Sum(out results[i]);
                }
            }
        }
        int workers = Math.Min(maxDegreeOfParallelism, items.Length);
        if (workers <= 1)
        {
            Work();
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
    }

    private static void AccumulateWindow(BucketAccumulator<F, TAffine, TCoordinates> accumulator, PreparedScalars prepared,
        in WindowPlan plan, in WorkItem item)
    {
        int buckets = plan.BucketCount(item.Window);
        accumulator.Begin(buckets, WindowCostModel.BatchSize(buckets));
        int offset = plan.Offset(item.Window), width = plan.Width(item.Window);
        fixed (ulong* limbs = prepared.Limbs)
        fixed (int* pointIndices = prepared.PointIndices)
        {
            // Above bit 64 (borrow bit included) the short entries have zero digits: visit the long ones only.
            int[]? longPositions = offset > PreparedScalars.ShortBits ? prepared.LongPositions : null;
            if (longPositions is null)
            {
                for (int j = item.From; j < item.To; j++)
                {
                    AddDigit(accumulator, limbs, pointIndices, j, offset, width);
                }
            }
            else
            {
                Span<int> positions = longPositions.AsSpan(0, prepared.LongCount);
                int first = LowerBound(positions, item.From), end = LowerBound(positions, item.To);
                for (int k = first; k < end; k++)
                {
                    AddDigit(accumulator, limbs, pointIndices, positions[k], offset, width);
                }
            }
        }
        accumulator.Complete();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddDigit(BucketAccumulator<F, TAffine, TCoordinates> accumulator, ulong* limbs, int* pointIndices, int j,
        int offset, int width)
    {
        int digit = SignedDigits.Digit(limbs + 4 * j, offset, width);
        if (digit > 0)
        {
            accumulator.Add(digit - 1, pointIndices[j]);
        }
        else if (digit < 0)
        {
            accumulator.Add(-digit - 1, ~pointIndices[j]);
        }
    }

    /// <summary>The first index whose value is at least the given one, in ascending values.</summary>
    private static int LowerBound(Span<int> ascending, int value)
    {
        int found = ascending.BinarySearch(value);
        if (found < 0)
        {
            return ~found;
        }
        while (found > 0 && ascending[found - 1] == value)
        {
            found--;
        }
        return found;
    }

    /// <summary>Round robin over the buckets: a batch never meets the same bucket twice.</summary>
    private static void AccumulateSum(BucketAccumulator<F, TAffine, TCoordinates> accumulator, PreparedScalars prepared, in WorkItem item,
        in OperationCosts costs)
    {
        int buckets = WindowCostModel.SumBuckets(item.To - item.From, costs);
        accumulator.Begin(buckets, buckets);
        int[] ones = prepared.Ones;
        int bucket = 0;
        for (int j = item.From; j < item.To; j++)
        {
            accumulator.Add(bucket, ones[j]);
            if (++bucket == buckets)
            {
                bucket = 0;
            }
        }
        accumulator.Complete();
    }

    private static JacobianPoint<F> Combine(in WindowPlan plan, WorkItem[] items, JacobianPoint<F>[] results)
    {
        var windows = new JacobianPoint<F>[plan.WindowCount];
        JacobianPoint<F> total = default;
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i].Window >= 0)
            {
                windows[items[i].Window].Add(results[i]);
            }
            else
            {
                total.Add(results[i]);
            }
        }
        JacobianPoint<F> horner = default;
        for (int w = plan.WindowCount - 1; w >= 0; w--)
        {
            for (int d = 0; d < plan.Width(w) && !horner.IsIdentity; d++)
            {
                horner.Double();
            }
            horner.Add(windows[w]);
        }
        total.Add(horner);
        return total;
    }
}
