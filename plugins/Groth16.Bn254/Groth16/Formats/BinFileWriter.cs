using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// Writes the iden3 binary container (FORMATS §1) in one forward pass, so the target need not seek: each
/// section's length is declared up front and <see cref="EndSection"/> checks that exactly that many bytes
/// followed, as <see cref="Finish"/> checks the number of sections the header announced.
/// </summary>
internal sealed class BinFileWriter
{
    /// <summary>Encodes one element into exactly its fixed size.</summary>
    internal delegate void Encoder<T>(in T value, Span<byte> destination);

    private const int ChunkBytes = 1 << 20;

    private readonly Stream stream;
    private readonly uint sectionCount;
    private uint sectionsWritten;
    private ulong declared;
    private ulong written;
    private bool inSection;

    internal BinFileWriter(Stream stream, string magic, uint version, uint sectionCount)
    {
        this.stream = stream;
        this.sectionCount = sectionCount;
        stream.Write(Encoding.ASCII.GetBytes(magic));
        WriteRawUInt32(version);
        WriteRawUInt32(sectionCount);
    }

    internal void BeginSection(int id, ulong length)
    {
        if (inSection)
        {
            throw new InvalidOperationException($"section {id} begun before the previous section ended");
        }
        WriteRawUInt32((uint)id);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        stream.Write(bytes);
        declared = length;
        written = 0;
        inSection = true;
    }

    internal void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    internal void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        written += (ulong)bytes.Length;
    }

    /// <summary><c>u32 n8 ‖ prime[n8]</c> with n8 = 32, little-endian (binfileutils writeBigInt).</summary>
    internal void WritePrime(BigInteger prime)
    {
        WriteUInt32(32);
        Span<byte> bytes = stackalloc byte[32];
        prime.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        WriteBytes(bytes);
    }

    internal void WriteArray<T>(ReadOnlySpan<T> values, int size, Encoder<T> encode)
    {
        int chunkElements = Math.Max(1, ChunkBytes / size);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(Math.Min(values.Length, chunkElements) * size);
        try
        {
            for (int first = 0; first < values.Length; first += chunkElements)
            {
                int n = Math.Min(chunkElements, values.Length - first);
                for (int i = 0; i < n; i++)
                {
                    encode(in values[first + i], chunk.AsSpan(i * size, size));
                }
                WriteBytes(chunk.AsSpan(0, n * size));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    internal void EndSection()
    {
        if (written != declared)
        {
            throw new InvalidOperationException($"a section declared {declared} bytes long received {written}");
        }
        inSection = false;
        sectionsWritten++;
    }

    internal void Finish()
    {
        if (inSection || sectionsWritten != sectionCount)
        {
            throw new InvalidOperationException($"the header announced {sectionCount} sections but {sectionsWritten} were completed");
        }
        stream.Flush();
    }

    private void WriteRawUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
