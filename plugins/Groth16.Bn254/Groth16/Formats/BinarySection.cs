using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using CredentialHub.Bn254.Memory;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// A reader confined to the body of one container section (FORMATS §1): every read is checked against
/// the section length, and <see cref="End"/> insists that the whole body was consumed, as binfileutils'
/// endReadSection does. Arrays of fixed-size elements are read in chunks and decoded in parallel, or read in place in
/// one read when their layout on disk is their layout in memory (<see cref="ReadInPlace"/>) and then checked; a
/// refused element is reported by its index (the lowest one when several are bad).
/// </summary>
internal sealed class BinarySection
{
    /// <summary>Decodes one element; returns null, or the problem with it.</summary>
    internal delegate string? Decoder<T>(ReadOnlySpan<byte> bytes, out T value);

    /// <summary>Checks one element read in place, and may rewrite it (a stored form turned into the one used); returns null, or the problem with it.</summary>
    internal delegate string? Checker<T>(ref T value);

    /// <summary>True when every element of the block passes; false sends the block to the element checker, which names the problem.</summary>
    internal delegate bool BlockChecker<T>(ReadOnlySpan<T> block);

    /// <summary>
    /// Bytes read from the file per chunk, and elements decoded per parallel work item (a chunk of at most
    /// this many is decoded on the calling thread). Settable so tests run the multi-chunk and parallel paths
    /// on small files. A value set holds for the setting flow only (other tests running at the same time see the defaults).
    /// </summary>
    internal static int ChunkBytes
    {
        get => ChunkBytesOverride.Value ?? (8 << 20);
        set => ChunkBytesOverride.Value = value;
    }

    internal static int BlockElements
    {
        get => BlockElementsOverride.Value ?? 4096;
        set => BlockElementsOverride.Value = value;
    }

    private static readonly AsyncLocal<int?> ChunkBytesOverride = new();
    private static readonly AsyncLocal<int?> BlockElementsOverride = new();

    private readonly Stream stream;
    private readonly long start;
    private ulong consumed;

    /// <param name="start">Where the body starts in the file, when the reader knows (to use it in place, <see cref="MapInPlace"/>).</param>
    internal BinarySection(Stream stream, string fileName, int id, ulong length, long start = -1)
    {
        this.stream = stream;
        FileName = fileName;
        Id = id;
        Length = length;
        this.start = start;
    }

    internal string FileName { get; }

    internal int Id { get; }

    internal ulong Length { get; }

    internal ulong Remaining => Length - consumed;

    internal BinaryFormatException Error(string problem) => new(FileName, Id, problem);

    /// <summary>Refuses the section unless its length is exactly <paramref name="expected"/>.</summary>
    internal void ExpectLength(ulong expected, string layout)
    {
        if (Length != expected)
        {
            throw Error($"length is {Length} bytes, expected {expected} ({layout})");
        }
    }

    internal uint ReadUInt32(string what)
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadBytes(bytes, what);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    internal ulong ReadUInt64(string what)
    {
        Span<byte> bytes = stackalloc byte[8];
        ReadBytes(bytes, what);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>A u32 count that must also fit an array index.</summary>
    internal int ReadCount(string what)
    {
        uint value = ReadUInt32(what);
        return value <= int.MaxValue ? (int)value : throw Error($"{what} = {value} exceeds the supported maximum {int.MaxValue}");
    }

    internal void ReadBytes(Span<byte> destination, string what)
    {
        if ((ulong)destination.Length > Remaining)
        {
            throw Error($"the section ends after {Length} bytes, inside {what}");
        }
        try
        {
            stream.ReadExactly(destination);
        }
        catch (EndOfStreamException)
        {
            throw Error($"the file ended inside {what}");
        }
        consumed += (ulong)destination.Length;
    }

    /// <summary>The rest of the body, kept as raw bytes.</summary>
    internal byte[] ReadRemaining(string what)
    {
        if (Remaining > (ulong)Array.MaxLength)
        {
            throw Error($"{what} is {Remaining} bytes, more than can be held in memory");
        }
        var bytes = new byte[Remaining];
        ReadBytes(bytes, what);
        return bytes;
    }

    /// <summary>
    /// Reads <c>u32 n8 ‖ prime[n8]</c> (binfileutils readBigInt, little-endian) and refuses it unless n8 = 32 and
    /// the prime is <paramref name="expected"/>: a file for another curve stops here.
    /// </summary>
    internal void ReadPrime(string n8Name, string primeName, BigInteger expected)
    {
        uint n8 = ReadUInt32(n8Name);
        if (n8 != 32)
        {
            throw Error($"{n8Name} = {n8}: elements of {n8} bytes, expected 32 for BN254");
        }
        Span<byte> bytes = stackalloc byte[32];
        ReadBytes(bytes, primeName);
        var prime = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        if (prime != expected)
        {
            throw Error($"{primeName} is {prime}, not BN254's {primeName} = {expected}");
        }
    }

    /// <summary>
    /// Reads <paramref name="count"/> elements of <paramref name="size"/> bytes each; the caller has already
    /// checked that they fit the section, so the array allocated here is bounded by the file's length.
    /// </summary>
    internal T[] ReadArray<T>(int count, int size, string name, Decoder<T> decode)
    {
        if ((ulong)count * (ulong)size > Remaining)
        {
            throw Error($"{Remaining} bytes remain, too few for {count} {name} entries of {size} bytes");
        }
        var values = new T[count];
        LargeArrays.Prefault(values, count);
        if (count == 0)
        {
            return values;
        }
        int chunkElements = Math.Max(1, Math.Min(count, ChunkBytes / size));
        byte[] chunk = ArrayPool<byte>.Shared.Rent(chunkElements * size);
        try
        {
            for (int first = 0; first < count; first += chunkElements)
            {
                int n = Math.Min(chunkElements, count - first);
                ReadBytes(chunk.AsSpan(0, n * size), $"{name}[{first}..{first + n - 1}]");
                var (badIndex, problem) = DecodeChunk(chunk, n, size, values, first, decode);
                if (problem is not null)
                {
                    throw Error($"{name}[{badIndex}]: {problem}");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return values;
    }

    /// <summary>
    /// Reads <paramref name="count"/> elements whose bytes on disk are exactly <typeparamref name="T"/>'s layout in memory
    /// (on a little-endian machine) straight into the array that is returned: one read, no decoding, no second copy, the
    /// array not zeroed first. Each element is then checked (and fixed up) in parallel blocks; a refused one is reported
    /// by its index (the lowest when several are bad), as <see cref="ReadArray"/> reports it, and the array is cleared.
    /// <paramref name="passes"/>, when given, first checks a whole block at once (vectorised); only a block it refuses goes
    /// through <paramref name="check"/> element by element, so the problem is named as before.
    /// </summary>
    internal T[] ReadInPlace<T>(int count, string name, Checker<T> check, BlockChecker<T>? passes = null) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if ((ulong)count * (ulong)size > Remaining)
        {
            throw Error($"{Remaining} bytes remain, too few for {count} {name} entries of {size} bytes");
        }
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the key's points are read in place, which needs a little-endian machine");
        }
        var values = LargeArrays.AllocateUninitialized<T>(count);
        if (count == 0)
        {
            return values;
        }
        ReadBytes(MemoryMarshal.AsBytes(values.AsSpan()), $"{name}[0..{count - 1}]");
        var (badIndex, problem) = CheckAll(values, check, passes);
        if (problem is not null)
        {
            Array.Clear(values);
            throw Error($"{name}[{badIndex}]: {problem}");
        }
        return values;
    }

    /// <summary>
    /// <see cref="MapInPlace"/> when the section's file is mapped (<paramref name="file"/> not null), else
    /// <see cref="ReadInPlace"/>: the same elements, checks and messages either way.
    /// </summary>
    internal Memory<T> ReadInPlace<T>(MappedFile? file, int count, string name, Checker<T> check, BlockChecker<T>? passes = null) where T : unmanaged =>
        file is null ? ReadInPlace(count, name, check, passes) : MapInPlace(file, count, name, check, passes);

    /// <summary>
    /// <see cref="ReadInPlace"/> without the read: the <paramref name="count"/> elements from here are used where
    /// <paramref name="file"/> (this section's file, mapped) holds them, checked the same way and refused with the same
    /// message; the stream is moved past them.
    /// </summary>
    internal Memory<T> MapInPlace<T>(MappedFile file, int count, string name, Checker<T> check, BlockChecker<T>? passes = null) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if ((ulong)count * (ulong)size > Remaining)
        {
            throw Error($"{Remaining} bytes remain, too few for {count} {name} entries of {size} bytes");
        }
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the key's points are read in place, which needs a little-endian machine");
        }
        if (start < 0)
        {
            throw new InvalidOperationException("the section's place in the file is not known");
        }
        var values = file.Elements<T>(start + (long)consumed, count);
        var (badIndex, problem) = CheckAll(values, check, passes);
        if (problem is not null)
        {
            throw Error($"{name}[{badIndex}]: {problem}");
        }
        consumed += (ulong)count * (ulong)size;
        stream.Position = start + (long)consumed;
        return values;
    }

    /// <summary>Refuses the section unless every byte of it was read.</summary>
    internal void End(string what)
    {
        if (consumed != Length)
        {
            throw Error($"{Remaining} bytes are left over after {what} (the section is {Length} bytes long)");
        }
    }

    private static (int Index, string? Problem) DecodeChunk<T>(byte[] chunk, int n, int size, T[] values, int first, Decoder<T> decode)
    {
        int block = BlockElements;
        if (n <= block)
        {
            return DecodeBlock(chunk, 0, n, size, values, first, decode);
        }
        int blocks = (n + block - 1) / block;
        var worst = (Index: int.MaxValue, Problem: (string?)null);
        var gate = new object();
        Parallel.For(0, blocks, b =>
        {
            int start = b * block;
            var found = DecodeBlock(chunk, start, Math.Min(block, n - start), size, values, first, decode);
            if (found.Problem is not null)
            {
                lock (gate)
                {
                    if (found.Index < worst.Index)
                    {
                        worst = found;
                    }
                }
            }
        });
        return worst;
    }

    private static (int Index, string? Problem) CheckAll<T>(Memory<T> values, Checker<T> check, BlockChecker<T>? passes)
    {
        int block = BlockElements;
        int blocks = (values.Length + block - 1) / block;
        var worst = (Index: int.MaxValue, Problem: (string?)null);
        var gate = new object();
        void CheckBlock(int b)
        {
            int end = Math.Min(values.Length, (b + 1) * block);
            Span<T> span = values.Span;
            if (passes is not null && passes(span[(b * block)..end]))
            {
                return;
            }
            for (int i = b * block; i < end; i++)
            {
                if (check(ref span[i]) is { } problem)
                {
                    lock (gate)
                    {
                        if (i < worst.Index)
                        {
                            worst = (i, problem);
                        }
                    }
                    return;
                }
            }
        }
        if (blocks == 1)
        {
            CheckBlock(0);
        }
        else
        {
            Parallel.For(0, blocks, CheckBlock);
        }
        return worst;
    }

    private static (int Index, string? Problem) DecodeBlock<T>(byte[] chunk, int start, int n, int size, T[] values, int first, Decoder<T> decode)
    {
        for (int i = start; i < start + n; i++)
        {
            string? problem = decode(chunk.AsSpan(i * size, size), out values[first + i]);
            if (problem is not null)
            {
                return (first + i, problem);
            }
        }
        return (0, null);
    }
}
