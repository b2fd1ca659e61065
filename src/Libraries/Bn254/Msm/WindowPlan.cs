namespace CredentialHub.Bn254.Msm;

/// <summary>
/// How the windowed part of one multi-scalar multiplication is cut into tasks. The windows cover
/// <see cref="TotalBits"/> = (longest bit length + 1) bits exactly, with widths as equal as possible: the
/// first TotalBits mod WindowCount windows are one bit wider. Equal widths keep the top window from
/// holding a handful of buckets for all the points, which would starve its batches.
/// </summary>
/// <param name="WindowBits">c, the widest window: digits lie in [−2^(c−1), 2^(c−1)].</param>
/// <param name="WindowCount">The number of windows, ⌈TotalBits / c⌉.</param>
/// <param name="TotalBits">The bits the windows cover: one more than the longest scalar, for the last digit's sign.</param>
/// <param name="PointChunks">Each window's scalars are split into this many ranges, one task each.</param>
internal readonly record struct WindowPlan(int WindowBits, int WindowCount, int TotalBits, int PointChunks)
{
    internal static WindowPlan Create(int c, int maxBitLength, int pointChunks)
    {
        int totalBits = maxBitLength + 1;
        return new WindowPlan(c, (totalBits + c - 1) / c, totalBits, pointChunks);
    }

    /// <summary>The width of window w: c or c − 1.</summary>
    internal int Width(int w) => TotalBits / WindowCount + (w < TotalBits % WindowCount ? 1 : 0);

    /// <summary>The bit offset of window w.</summary>
    internal int Offset(int w) => w * (TotalBits / WindowCount) + Math.Min(w, TotalBits % WindowCount);

    /// <summary>2^(width − 1): bucket b collects the points of digit ±(b + 1).</summary>
    internal int BucketCount(int w) => 1 << (Width(w) - 1);
}
