using CredentialHub.Bn254.Memory;
using Xunit.Abstractions;

namespace CredentialHub.Bn254.Tests.Memory;

/// <summary>
/// <see cref="LargeArrays"/>: what it faults in (the whole 2 MiB pages inside an array of at least 4 MiB, up to the
/// length given, measured with mincore(2) on Linux 5.14 and later, where MADV_POPULATE_WRITE exists), what it never
/// does (change an element), and the arguments it refuses.
/// </summary>
public sealed unsafe class LargeArraysTests(ITestOutputHelper output)
{
    private const int MiB = 1 << 20;

    private static ulong Pattern(int i) => (ulong)i * 0x9E3779B97F4A7C15UL ^ 0xA5A5A5A5A5A5A5A5UL;

    [Fact]
    public void Prefault_leaves_the_contents_unchanged()
    {
        var array = new ulong[16 * MiB / sizeof(ulong)];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = Pattern(i);
        }
        LargeArrays.Prefault(array, array.Length);
        LargeArrays.Prefault(array, array.Length / 3);
        for (int i = 0; i < array.Length; i++)
        {
            if (array[i] != Pattern(i))
            {
                Assert.Fail($"element {i} is {array[i]:x16}, was {Pattern(i):x16}");
            }
        }
    }

    [Fact]
    public void Prefault_leaves_the_contents_of_an_array_of_odd_sized_elements_unchanged()
    {
        // 12-byte elements: the array's end and its huge pages' boundaries fall inside elements.
        var array = new (int, int, int)[(5 * MiB + 7) / 12];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = (i, ~i, i * 31);
        }
        LargeArrays.Prefault(array, array.Length);
        for (int i = 0; i < array.Length; i++)
        {
            Assert.True(array[i] == (i, ~i, i * 31), $"element {i} changed");
        }
    }

    [Fact]
    public void Small_and_empty_arrays_are_accepted()
    {
        var small = new[] { 1, 2, 3 };
        LargeArrays.Prefault(small, 3);
        LargeArrays.Prefault(small, 0);
        LargeArrays.Prefault(Array.Empty<long>(), 0);
        Assert.Equal([1, 2, 3], small);
        Assert.Empty(LargeArrays.AllocateUninitialized<long>(0));
        Assert.Equal(5, LargeArrays.AllocateUninitialized<long>(5).Length);
        // An array of at least LargeArrays.MinimumBytes of which fewer elements are asked for.
        var large = new byte[(int)LargeArrays.MinimumBytes + MiB];
        LargeArrays.Prefault(large, 100);
        Assert.Equal(-1, large.AsSpan().IndexOfAnyExcept((byte)0));
    }

    [Fact]
    public void A_null_array_or_a_length_outside_it_is_refused()
    {
        Assert.Equal("array", Assert.Throws<ArgumentNullException>(() => LargeArrays.Prefault<int>(null!, 0)).ParamName);
        var array = new int[10];
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => LargeArrays.Prefault(array, 11)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => LargeArrays.Prefault(array, -1)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => LargeArrays.Prefault(array, int.MinValue)).ParamName);
        var large = new byte[8 * MiB];
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => LargeArrays.Prefault(large, large.Length + 1)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => LargeArrays.AllocateUninitialized<int>(-1)).ParamName);
    }

    [Fact]
    public void Prefault_makes_the_huge_pages_inside_the_given_length_resident()
    {
        var array = GC.AllocateUninitializedArray<byte>(32 * MiB);
        if (!PageResidency.PopulateWriteExists)
        {
            output.WriteLine($"{Environment.OSVersion}: no MADV_POPULATE_WRITE (Linux 5.14), only the contents are checked");
            Array.Fill(array, (byte)0x5a);
            LargeArrays.Prefault(array, array.Length);
            Assert.Equal(-1, array.AsSpan().IndexOfAnyExcept((byte)0x5a));
            return;
        }
        fixed (byte* first = array)
        {
            var (start, length) = PageResidency.HugePagesInside(first, array.Length);
            Assert.True(length >= 15 * PageResidency.HugePage, $"{length} bytes of whole huge pages inside 32 MiB");
            // Emptied first, so that what is resident afterwards is what Prefault faulted in (and so that the
            // measurement is seen to tell the difference).
            PageResidency.Drop(start, length);
            Assert.Equal(0, PageResidency.Resident(start, length));

            // The first 10 MiB: the huge pages inside them, and none after them.
            int part = 10 * MiB;
            LargeArrays.Prefault(array, part);
            var (_, partLength) = PageResidency.HugePagesInside(first, part);
            Assert.Equal(PageResidency.Pages(partLength), PageResidency.Resident(start, partLength));
            nint after = (nint)(((long)first + part + PageResidency.HugePage - 1) & ~(PageResidency.HugePage - 1));
            long rest = start + length - after;
            Assert.Equal(0, PageResidency.Resident(after, rest));

            LargeArrays.Prefault(array, array.Length);
            Assert.Equal(PageResidency.Pages(length), PageResidency.Resident(start, length));
            // Dropped pages read as zeros, and Prefault wrote nothing.
            Assert.Equal(-1, array.AsSpan().IndexOfAnyExcept((byte)0));
        }
    }

    [Fact]
    public void AllocateUninitialized_returns_a_large_array_already_resident()
    {
        var array = LargeArrays.AllocateUninitialized<long>(24 * MiB / sizeof(long));
        Assert.Equal(24 * MiB / sizeof(long), array.Length);
        if (!PageResidency.PopulateWriteExists)
        {
            output.WriteLine($"{Environment.OSVersion}: no MADV_POPULATE_WRITE (Linux 5.14), residency not checked");
            return;
        }
        fixed (long* first = array)
        {
            var (start, length) = PageResidency.HugePagesInside((byte*)first, (long)array.Length * sizeof(long));
            Assert.Equal(PageResidency.Pages(length), PageResidency.Resident(start, length));
        }
    }

    [Fact]
    public void Arrays_below_the_minimum_are_left_to_the_kernel()
    {
        if (!PageResidency.PopulateWriteExists)
        {
            output.WriteLine($"{Environment.OSVersion}: no MADV_POPULATE_WRITE (Linux 5.14), nothing to check");
            return;
        }
        var array = GC.AllocateUninitializedArray<byte>((int)LargeArrays.MinimumBytes - 1);
        fixed (byte* first = array)
        {
            var (start, length) = PageResidency.PagesInside(first, array.Length);
            Assert.True(length >= 8 * Environment.SystemPageSize, "whole pages inside 64 KiB − 1 byte");
            PageResidency.Drop(start, length);
            LargeArrays.Prefault(array, array.Length);
            Assert.Equal(0, PageResidency.Resident(start, length));
        }
    }

    [Fact]
    public void Arrays_below_the_huge_page_minimum_are_populated_in_small_pages()
    {
        if (!PageResidency.PopulateWriteExists)
        {
            output.WriteLine($"{Environment.OSVersion}: no MADV_POPULATE_WRITE (Linux 5.14), nothing to check");
            return;
        }
        var array = GC.AllocateUninitializedArray<byte>(2 * MiB);
        Array.Fill(array, (byte)0x3c);
        fixed (byte* first = array)
        {
            var (start, length) = PageResidency.PagesInside(first, array.Length);
            PageResidency.Drop(start, length);
            Assert.Equal(0, PageResidency.Resident(start, length));
            LargeArrays.Prefault(array, array.Length);
            Assert.Equal(PageResidency.Pages(length), PageResidency.Resident(start, length));
            // Dropped pages read as zeros, and Prefault wrote nothing.
            Assert.Equal(-1, array.AsSpan((int)(start - (nint)first), (int)length).IndexOfAnyExcept((byte)0));
        }
    }
}
