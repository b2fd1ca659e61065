using System.Buffers.Binary;
using System.Numerics;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// The deterministic random generator of ffjavascript 0.2.x (src/chacha.js), which snarkjs seeds from a hash to draw a
/// contribution's secrets and to hash to G2: the ChaCha20 block function (10 double rounds) over the state
/// <c>"expand 32-byte k" ‖ seed[8] ‖ counter[4]</c>, the counter a 128-bit little-endian word counter starting at
/// zero; each block yields 16 words, taken in order. Not the RFC 8439 stream cipher (no nonce, a 4-word counter).
/// </summary>
internal sealed class ChaChaRng
{
    private readonly uint[] state = new uint[16];
    private readonly uint[] block = new uint[16];
    private int index = 16;

    /// <summary>A generator seeded with eight 32-bit words.</summary>
    internal ChaChaRng(ReadOnlySpan<uint> seed)
    {
        if (seed.Length != 8)
        {
            throw new ArgumentException($"a ChaCha seed is 8 words, not {seed.Length}", nameof(seed));
        }
        state[0] = 0x61707865;
        state[1] = 0x3320646E;
        state[2] = 0x79622D32;
        state[3] = 0x6B206574;
        seed.CopyTo(state.AsSpan(4, 8));
    }

    /// <summary>Seeded as snarkjs seeds it from a hash: its first 32 bytes read as eight big-endian words.</summary>
    internal static ChaChaRng FromHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length < 32)
        {
            throw new ArgumentException($"a ChaCha seed needs 32 bytes, not {hash.Length}", nameof(hash));
        }
        Span<uint> seed = stackalloc uint[8];
        for (int i = 0; i < 8; i++)
        {
            seed[i] = BinaryPrimitives.ReadUInt32BigEndian(hash[(i * 4)..]);
        }
        var rng = new ChaChaRng(seed);
        seed.Clear();
        return rng;
    }

    internal uint NextU32()
    {
        if (index == 16)
        {
            Update();
        }
        return block[index++];
    }

    /// <summary>Two words, the first the high half (chacha.js nextU64).</summary>
    internal ulong NextU64()
    {
        ulong high = NextU32();
        return (high << 32) | NextU32();
    }

    internal bool NextBool() => (NextU32() & 1) == 1;

    /// <summary>Forgets the seed and the words not yet taken.</summary>
    internal void Clear()
    {
        Array.Clear(state);
        Array.Clear(block);
        index = 16;
    }

    private void Update()
    {
        state.CopyTo(block, 0);
        for (int i = 0; i < 10; i++)
        {
            QuarterRound(block, 0, 4, 8, 12);
            QuarterRound(block, 1, 5, 9, 13);
            QuarterRound(block, 2, 6, 10, 14);
            QuarterRound(block, 3, 7, 11, 15);
            QuarterRound(block, 0, 5, 10, 15);
            QuarterRound(block, 1, 6, 11, 12);
            QuarterRound(block, 2, 7, 8, 13);
            QuarterRound(block, 3, 4, 9, 14);
        }
        for (int i = 0; i < 16; i++)
        {
            block[i] += state[i];
        }
        index = 0;
        int word = 12;
        while (word < 16 && ++state[word] == 0)
        {
            word++;
        }
    }

    private static void QuarterRound(uint[] s, int a, int b, int c, int d)
    {
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 7);
    }
}
