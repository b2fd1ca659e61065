using System.Security.Cryptography;

namespace CredentialHub.Circuits.Storage;

/// <summary>Checks that artifacts are keyed by the SHA-256 of their content, so content addressing holds.</summary>
internal static class ArtifactDigest
{
    public static string Of(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <exception cref="ArgumentException">A key is not the lower-case hex SHA-256 of its content.</exception>
    public static void Verify(IReadOnlyDictionary<string, byte[]> artifactsBySha256)
    {
        ArgumentNullException.ThrowIfNull(artifactsBySha256);
        foreach (var (sha256, content) in artifactsBySha256)
        {
            ArgumentNullException.ThrowIfNull(content, nameof(artifactsBySha256));
            if (!string.Equals(sha256, Of(content), StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Artifact key '{sha256}' is not the lower-case hex SHA-256 of its content.", nameof(artifactsBySha256));
            }
        }
    }
}
