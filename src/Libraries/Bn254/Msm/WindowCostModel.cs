namespace CredentialHub.Bn254.Msm;

/// <summary>
/// The window size c of Pippenger's bucket method, chosen by minimising an estimate of the time rather
/// than taken from a table, with the costs of <see cref="OperationCosts"/>:
///
///   a(K)  = one bucket addition: batched affine, plus an inversion shared by the batch of
///           <see cref="BatchSize"/>(K) additions; a mixed Jacobian addition when the buckets are too
///           few to fill batches.
///   R     = one bucket in the running-sum reduction.
///   n_w   = the scalars with a non-zero digit in window w: all of them for w = 0, then those of bit
///           length ≥ o_w, the window's offset (from the histogram of bit lengths, so small witness
///           values do not pay for the windows of the dense ones).
///   K_w   = the buckets of window w: 2^(width − 1) (see <see cref="WindowPlan"/> for the widths).
///
///   task(w) = n_w / p · a(K_w) + K_w · R               (window w, its scalars split in p ranges)
///   time(c, p) = max(Σ_w p·task(w) / cores, max_w task(w))
///
/// The second term of the maximum is the critical path: with few windows (short scalars, or many
/// cores) one window would otherwise finish last alone, and splitting its scalars between p tasks costs
/// p − 1 more reductions but shortens it. Ties go to the smaller total work, which matters when the
/// caller runs several multiplications side by side.
/// The widest window is also bounded by the cache (<see cref="MaxWindowBitsFor"/>): bucket additions
/// read and write buckets at random, and once the buckets outgrow the core's L2 cache every addition
/// waits on memory, which the operation counts above do not see (G1 at 2^20 points: c = 16, 2 MiB of
/// buckets, measured 25% slower than c = 14 or 15).
/// </summary>
internal static class WindowCostModel
{
    /// <summary>The widest window any curve may use.</summary>
    internal const int MaxWindowBits = 16;

    /// <summary>The affine buckets of one window are kept within this many bytes: the L2 cache of a core.</summary>
    internal const int BucketCacheBytes = 1 << 20;

    internal const int MaxBatchSize = 2048;

    /// <summary>
    /// Smaller batches cost more per addition than mixed Jacobian additions (I/k + 8.5 ≈ 19 at k ≈ 4 in scalars, and
    /// lanes run groups of eight anyway).
    /// </summary>
    internal const int MinimumBatch = 8;

    /// <summary>The widest window whose 2^(c−1) affine buckets of the given size fit <see cref="BucketCacheBytes"/>.</summary>
    internal static int MaxWindowBitsFor(int bucketBytes) =>
        Math.Min(MaxWindowBits, 1 + System.Numerics.BitOperations.Log2((uint)(BucketCacheBytes / bucketBytes)));

    /// <summary>
    /// Half the buckets: about one scheduled addition in four then meets a bucket that is already in the
    /// batch and waits for the next one, which costs less than a smaller batch's share of the inversion.
    /// </summary>
    internal static int BatchSize(int bucketCount) => Math.Min(bucketCount / 2, MaxBatchSize);

    /// <param name="bitLengthCounts">bitLengthCounts[b] = the number of scalars of bit length b (b ≤ 256).</param>
    /// <param name="count">The number of scalars.</param>
    /// <param name="maxBitLength">The longest bit length, at least 1.</param>
    /// <param name="cores">The degree of parallelism available.</param>
    /// <param name="costs">The cost profile of the field and instruction set in use.</param>
    /// <param name="maxWindowBits">The widest window allowed (<see cref="MaxWindowBitsFor"/>).</param>
    internal static WindowPlan Choose(ReadOnlySpan<int> bitLengthCounts, int count, int maxBitLength, int cores, in OperationCosts costs,
        int maxWindowBits = MaxWindowBits)
    {
        Span<int> atLeast = stackalloc int[258];
        atLeast[257] = 0;
        for (int b = 256; b >= 0; b--)
        {
            atLeast[b] = atLeast[b + 1] + (b < bitLengthCounts.Length ? bitLengthCounts[b] : 0);
        }
        WindowPlan best = default;
        double bestTime = double.MaxValue, bestTotal = double.MaxValue;
        int maxChunks = Math.Max(1, Math.Min(cores, count / 256));
        for (int c = 1; c <= maxWindowBits; c++)
        {
            for (int p = 1; p <= maxChunks; p++)
            {
                WindowPlan plan = WindowPlan.Create(c, maxBitLength, p);
                double total = 0, longest = 0;
                for (int w = 0; w < plan.WindowCount; w++)
                {
                    int active = w == 0 ? count : atLeast[Math.Min(257, plan.Offset(w))];
                    int buckets = plan.BucketCount(w);
                    double task = (double)active / p * costs.Addition(BatchSize(buckets)) + buckets * costs.ReductionPerBucket;
                    total += p * task;
                    longest = Math.Max(longest, task);
                }
                double time = Math.Max(total / cores, longest);
                if (time < bestTime || (time == bestTime && total < bestTotal))
                {
                    bestTime = time;
                    bestTotal = total;
                    best = plan;
                }
            }
        }
        return best;
    }

    /// <summary>
    /// Buckets for a plain sum of u points (the scalars equal to 1), assigned round robin so that a batch
    /// never meets the same bucket twice: u·(a + I/K) + K·(mixed addition) is least at K = √(u·I/mixed).
    /// </summary>
    internal static int SumBuckets(int points, in OperationCosts costs) =>
        (int)Math.Clamp(Math.Sqrt(points * costs.Inversion / costs.MixedAddition), 1, MaxBatchSize);

    internal static double SumCost(int points, in OperationCosts costs)
    {
        int buckets = SumBuckets(points, costs);
        return points * costs.Addition(buckets) + buckets * costs.MixedAddition;
    }
}
