using System.Buffers;
using Konscious.Security.Cryptography;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Plain (unkeyed) BLAKE2b with a 64-byte digest, fed incrementally: what snarkjs hashes with (@noble/hashes
/// <c>blake2b.create({ dkLen: 64 })</c>) for a key's circuit hash and a ceremony's transcript, and what b2sum prints
/// for a whole file. Konscious.Security.Cryptography.Blake2's <c>HMACBlake2B</c> without a key is exactly that.
/// </summary>
internal sealed class Blake2b512 : IDisposable
{
    internal const int Size = 64;

    private readonly HMACBlake2B hash = new(Size * 8);

    internal Blake2b512()
    {
        hash.Initialize();
    }

    internal void Update(byte[] bytes, int offset, int count) => hash.TransformBlock(bytes, offset, count, null, 0);

    internal void Update(ReadOnlySpan<byte> bytes)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(bytes.Length);
        try
        {
            bytes.CopyTo(copy);
            hash.TransformBlock(copy, 0, bytes.Length, null, 0);
        }
        finally
        {
            // The bytes may be a contribution's entropy: none is left in the pool.
            copy.AsSpan(0, bytes.Length).Clear();
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>The digest of <paramref name="bytes"/> alone.</summary>
    internal static byte[] Of(ReadOnlySpan<byte> bytes)
    {
        using var hasher = new Blake2b512();
        hasher.Update(bytes);
        return hasher.Finish();
    }

    /// <summary>A big-endian u32, as snarkjs hashes a count (zkey_new.js hashU32).</summary>
    internal void UpdateUInt32BigEndian(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        Update(bytes);
    }

    /// <summary>The 64-byte digest of everything fed so far; the hasher cannot be fed after.</summary>
    internal byte[] Finish()
    {
        hash.TransformFinalBlock([], 0, 0);
        return hash.Hash!;
    }

    /// <summary>The hash of a stream from its position to its end, read in 1 MiB blocks.</summary>
    internal static byte[] OfStream(Stream stream, CancellationToken cancellationToken)
    {
        using var hasher = new Blake2b512();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, 1 << 20)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hasher.Update(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hasher.Finish();
    }

    public void Dispose() => hash.Dispose();
}
