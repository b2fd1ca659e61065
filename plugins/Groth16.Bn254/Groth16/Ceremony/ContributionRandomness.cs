using System.Security.Cryptography;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Where a contribution's secret comes from (snarkjs misc.js): for a participant, BLAKE2b-512 of 64 bytes from the
/// operating system's generator and the entropy given (getRandomRng); for a beacon, the beacon hash hashed with
/// SHA-256 2^exponent times (rngFromBeaconParams). Either hash seeds a <see cref="ChaChaRng"/> with its first 32 bytes.
/// </summary>
internal static class ContributionRandomness
{
    internal static ChaChaRng FromEntropy(ReadOnlySpan<byte> entropy)
    {
        byte[] system = RandomNumberGenerator.GetBytes(64);
        byte[] hash;
        using (var hasher = new Blake2b512())
        {
            hasher.Update(system);
            hasher.Update(entropy);
            hash = hasher.Finish();
        }
        try
        {
            return ChaChaRng.FromHash(hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(system);
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    internal static ChaChaRng FromBeacon(ReadOnlySpan<byte> beaconHash, int iterationsExponent, CancellationToken cancellationToken)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(beaconHash, hash);
        Span<byte> next = stackalloc byte[32];
        ulong iterations = 1UL << iterationsExponent;
        for (ulong i = 1; i < iterations; i++)
        {
            SHA256.HashData(hash, next);
            next.CopyTo(hash);
            if ((i & 0xFFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        return ChaChaRng.FromHash(hash);
    }
}
