using System.Runtime.InteropServices;

namespace CredentialHub.Bn254.Tests.Memory;

/// <summary>
/// Which pages of a range are in memory (mincore(2)), and the madvise(2) calls the tests use to empty a range first.
/// Linux only; addresses must be page-aligned.
/// </summary>
internal static unsafe partial class PageResidency
{
    internal const long HugePage = 2L << 20;

    /// <summary>MADV_DONTNEED: the range's pages are dropped; private anonymous memory reads as zeros afterwards.</summary>
    internal const int DontNeed = 4;

    /// <summary>True where MADV_POPULATE_WRITE exists (Linux 5.14), and so where <c>LargeArrays.Prefault</c> faults pages in.</summary>
    internal static bool PopulateWriteExists =>
        OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(5, 14);

    /// <summary>The whole (4 KiB) pages inside [first, first + bytes).</summary>
    internal static (nint Start, long Length) PagesInside(byte* first, long bytes)
    {
        long size = Environment.SystemPageSize;
        long start = ((long)first + size - 1) & ~(size - 1);
        long end = ((long)first + bytes) & ~(size - 1);
        return ((nint)start, Math.Max(0, end - start));
    }

    /// <summary>The whole huge pages inside <paramref name="bytes"/> bytes from <paramref name="first"/>, as Prefault computes them.</summary>
    internal static (nint Start, long Length) HugePagesInside(byte* first, long bytes)
    {
        long start = ((long)first + HugePage - 1) & ~(HugePage - 1);
        long end = ((long)first + bytes) & ~(HugePage - 1);
        return ((nint)start, Math.Max(0, end - start));
    }

    /// <summary>How many of the pages of [start, start + length) are resident.</summary>
    internal static long Resident(nint start, long length)
    {
        int page = Environment.SystemPageSize;
        var vector = new byte[(length + page - 1) / page];
        fixed (byte* v = vector)
        {
            if (Mincore(start, (nuint)length, v) != 0)
            {
                throw new InvalidOperationException($"mincore failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        return vector.Count(b => (b & 1) != 0);
    }

    /// <summary>The number of pages of [start, start + length).</summary>
    internal static long Pages(long length) => (length + Environment.SystemPageSize - 1) / Environment.SystemPageSize;

    /// <summary>Drops the pages of [start, start + length) (MADV_DONTNEED).</summary>
    internal static void Drop(nint start, long length)
    {
        if (Madvise(start, (nuint)length, DontNeed) != 0)
        {
            throw new InvalidOperationException($"madvise(MADV_DONTNEED) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static partial int Mincore(nint address, nuint length, byte* vector);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
