using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CredentialHub.Bn254.Memory;

/// <summary>
/// Large arrays whose memory is faulted in at once, in huge pages where the kernel offers them. A prover touches
/// hundreds of MiB once each (the key's points, the witness, the transforms' buffers, the MSMs' scalars and buckets);
/// faulted in a 4 KiB page at a time, the first touch can cost more than the arithmetic (measured on a virtual machine
/// with costly page faults: 64 MiB read into a new array in 230 ms and then 120 ms more for its first pass, against
/// 25 ms in all after this call; a 2^15 key's 2 MiB point arrays, 12 ms each to read and check, 3 ms after it). On
/// Linux the whole pages inside an array of 64 KiB or more are populated with one MADV_POPULATE_WRITE (Linux 5.14),
/// and from 4 MiB its whole 2 MiB pages are first advised MADV_HUGEPAGE (used when transparent huge pages are
/// "madvise" or "always"); where either is refused, or on another system, nothing changes: the memory is faulted in on
/// first touch as before. Contents are never changed.
/// </summary>
public static partial class LargeArrays
{
    /// <summary>Arrays smaller than this are left to the kernel's defaults.</summary>
    public const long MinimumBytes = 64L << 10;

    /// <summary>From this size on, the whole 2 MiB pages inside an array are advised to be huge pages first.</summary>
    public const long HugePageMinimumBytes = 4L << 20;

    private const int MadviseHugePage = 14;
    private const int MadvisePopulateWrite = 23;
    private const long HugePage = 2L << 20;
    private const long Page = 4L << 10;

    /// <summary>An array of <paramref name="count"/> elements, not zeroed (the caller writes every element), faulted in at once.</summary>
    public static T[] AllocateUninitialized<T>(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var array = GC.AllocateUninitializedArray<T>(count);
        Prefault(array, count);
        return array;
    }

    /// <summary>The memory of the first <paramref name="length"/> elements of <paramref name="array"/>, faulted in now (contents unchanged).</summary>
    public static unsafe void Prefault<T>(T[] array, int length)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)array.Length, nameof(length));
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (bytes < MinimumBytes || !OperatingSystem.IsLinux())
        {
            return;
        }
        fixed (byte* first = &Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(array)))
        {
            if (bytes >= HugePageMinimumBytes)
            {
                var (hugeStart, hugeEnd) = Inside((long)first, bytes, HugePage);
                if (hugeEnd > hugeStart)
                {
                    _ = Madvise((nint)hugeStart, (nuint)(hugeEnd - hugeStart), MadviseHugePage);
                }
            }
            var (start, end) = Inside((long)first, bytes, Page);
            if (end > start)
            {
                Populate(start, end);
            }
        }
    }

    /// <summary>From this size on, the pages are populated by every core, each a run of whole huge pages.</summary>
    public const long ParallelPopulateMinimumBytes = 16L << 20;

    /// <summary>
    /// MADV_POPULATE_WRITE over [start, end): one call, or from <see cref="ParallelPopulateMinimumBytes"/> on one call per
    /// core over consecutive runs of whole 2 MiB pages (the kernel zeroes each new page, which on a virtual machine also
    /// costs the host's fault: at 2^20 a prover's arrays took over a second of one core to populate).
    /// </summary>
    private static void Populate(long start, long end)
    {
        long bytes = end - start;
        int parts = (int)Math.Min(Environment.ProcessorCount, bytes / HugePage);
        if (bytes < ParallelPopulateMinimumBytes || parts < 2)
        {
            _ = Madvise((nint)start, (nuint)bytes, MadvisePopulateWrite);
            return;
        }
        // Part k covers [Boundary(k), Boundary(k + 1)): the inner boundaries rounded up to a huge page.
        long Boundary(int k) => k == 0 ? start : k == parts ? end : Math.Min(end, (start + bytes * k / parts + HugePage - 1) & ~(HugePage - 1));
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            long from = Boundary(part), to = Boundary(part + 1);
            if (to > from)
            {
                _ = Madvise((nint)from, (nuint)(to - from), MadvisePopulateWrite);
            }
        });
    }

    /// <summary>The whole pages of <paramref name="size"/> inside [first, first + bytes).</summary>
    private static (long Start, long End) Inside(long first, long bytes, long size) =>
        ((first + size - 1) & ~(size - 1), (first + bytes) & ~(size - 1));

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
