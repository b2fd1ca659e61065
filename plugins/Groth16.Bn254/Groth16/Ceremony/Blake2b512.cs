using Konscious.Security.Cryptography;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Unkeyed BLAKE2b with a 64-byte digest, fed incrementally: the hash snarkjs uses for a circuit's hash, a phase-2
/// transcript and a contribution's hash (@noble/hashes blake2b, dkLen 64). Konscious.Security.Cryptography.Blake2's
/// HMACBlake2B without a key is plain BLAKE2b-512.
/// </summary>
internal sealed class Blake2b512 : IDisposable
{
    internal const int Size = 64;

    private readonly HMACBlake2B hash = new(Size * 8);

    internal Blake2b512()
    {
        hash.Initialize();
    }

    internal void Append(ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        hash.TransformBlock(copy, 0, copy.Length, null, 0);
        Array.Clear(copy);
    }

    /// <summary>The digest of everything appended; the hasher is then spent.</summary>
    internal byte[] Finish()
    {
        hash.TransformFinalBlock([], 0, 0);
        return hash.Hash ?? throw new InvalidOperationException("BLAKE2b gave no digest");
    }

    internal static byte[] Of(ReadOnlySpan<byte> bytes)
    {
        using var hasher = new Blake2b512();
        hasher.Append(bytes);
        return hasher.Finish();
    }

    public void Dispose() => hash.Dispose();
}
