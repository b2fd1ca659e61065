using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CredentialHub.Bn254.Hashing;

/// <summary>
/// BLAKE-512, the original BLAKE of the SHA-3 competition (Aumasson, Henzen, Meier, Phan, "SHA-3
/// proposal BLAKE", version 1.3, 2010), not BLAKE2b: 16 rounds of the ChaCha-like G function on a 4×4
/// state of 64-bit words, rotations 32/25/16/11, words big-endian, zero salt, a 128-bit bit counter
/// (0 for a final block holding padding only), padding 1 0…0 1 followed by the 128-bit message length.
/// circomlibjs derives EdDSA keys and nonces with it (the <c>blake-hash</c> package); .NET has none.
/// Its running time depends on the message length only: the compression has no data-dependent branch.
/// </summary>
public static class Blake512
{
    public const int HashSizeInBytes = 64;
    private const int BlockSize = 128;

    /// <summary>The initial value: that of SHA-512.</summary>
    private static ReadOnlySpan<ulong> InitialValue =>
    [
        0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
        0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179,
    ];

    /// <summary>The first 1024 fractional bits of π.</summary>
    private static ReadOnlySpan<ulong> Pi =>
    [
        0x243F6A8885A308D3, 0x13198A2E03707344, 0xA4093822299F31D0, 0x082EFA98EC4E6C89,
        0x452821E638D01377, 0xBE5466CF34E90C6C, 0xC0AC29B7C97C50DD, 0x3F84D5B5B5470917,
        0x9216D5D98979FB1B, 0xD1310BA698DFB5AC, 0x2FFD72DBD01ADFB7, 0xB8E1AFED6A267E96,
        0xBA7C9045F12C7F99, 0x24A19947B3916CF7, 0x0801F2E2858EFC16, 0x636920D871574E69,
    ];

    /// <summary>The ten message permutations σ₀…σ₉; round k uses σ_(k mod 10).</summary>
    private static ReadOnlySpan<byte> Sigma =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    public static byte[] HashData(ReadOnlySpan<byte> source)
    {
        var digest = new byte[HashSizeInBytes];
        HashData(source, digest);
        return digest;
    }

    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; BLAKE-512 writes {HashSizeInBytes}", nameof(destination));
        }
        Span<ulong> h = stackalloc ulong[8];
        InitialValue.CopyTo(h);

        int fullBlocks = source.Length / BlockSize;
        // A message that fills its last block exactly still gets a padding-only block after it.
        for (int i = 0; i < fullBlocks; i++)
        {
            Compress(h, source.Slice(i * BlockSize, BlockSize), (UInt128)(ulong)(i + 1) * (BlockSize * 8));
        }

        ReadOnlySpan<byte> rest = source[(fullBlocks * BlockSize)..];
        UInt128 bitLength = (UInt128)(ulong)source.Length * 8;
        Span<byte> block = stackalloc byte[2 * BlockSize];
        block.Clear();
        rest.CopyTo(block);
        block[rest.Length] = 0x80;
        // The padding ends with a 1 bit just before the 128-bit length; it needs a second block when
        // fewer than 17 bytes are left after the message.
        int padded = rest.Length <= BlockSize - 17 ? BlockSize : 2 * BlockSize;
        block[padded - 17] |= 0x01;
        BinaryPrimitives.WriteUInt64BigEndian(block[(padded - 16)..], (ulong)(bitLength >> 64));
        BinaryPrimitives.WriteUInt64BigEndian(block[(padded - 8)..], (ulong)bitLength);

        Compress(h, block[..BlockSize], rest.IsEmpty ? 0 : bitLength);
        if (padded == 2 * BlockSize)
        {
            Compress(h, block[BlockSize..], 0);
        }

        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[(8 * i)..], h[i]);
        }
    }

    private static void Compress(Span<ulong> h, ReadOnlySpan<byte> block, UInt128 counter)
    {
        Span<ulong> m = stackalloc ulong[16];
        for (int i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt64BigEndian(block[(8 * i)..]);
        }
        ulong t0 = (ulong)counter, t1 = (ulong)(counter >> 64);
        ReadOnlySpan<ulong> c = Pi;

        Span<ulong> v = stackalloc ulong[16];
        h.CopyTo(v);
        c[..4].CopyTo(v[8..]);
        v[12] = t0 ^ c[4];
        v[13] = t0 ^ c[5];
        v[14] = t1 ^ c[6];
        v[15] = t1 ^ c[7];

        for (int round = 0; round < 16; round++)
        {
            ReadOnlySpan<byte> s = Sigma.Slice(16 * (round % 10), 16);
            G(v, m, s, 0, 0, 4, 8, 12);
            G(v, m, s, 1, 1, 5, 9, 13);
            G(v, m, s, 2, 2, 6, 10, 14);
            G(v, m, s, 3, 3, 7, 11, 15);
            G(v, m, s, 4, 0, 5, 10, 15);
            G(v, m, s, 5, 1, 6, 11, 12);
            G(v, m, s, 6, 2, 7, 8, 13);
            G(v, m, s, 7, 3, 4, 9, 14);
        }

        for (int i = 0; i < 8; i++)
        {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(Span<ulong> v, ReadOnlySpan<ulong> m, ReadOnlySpan<byte> s, int i, int a, int b, int c, int d)
    {
        ReadOnlySpan<ulong> pi = Pi;
        int x = s[2 * i], y = s[2 * i + 1];
        v[a] += v[b] + (m[x] ^ pi[y]);
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 32);
        v[c] += v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 25);
        v[a] += v[b] + (m[y] ^ pi[x]);
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] += v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 11);
    }
}
