using System.Security.Cryptography;
using System.Text;

namespace CredentialHub.Credentials.Issuing;

/// <summary>
/// AES-256-GCM sealing of what the Credentials module keeps secret at rest. Each purpose has its own key, derived
/// with HKDF-SHA256 from the configured secret (SECRET_KEY or a key file); every box binds its owner (a credential
/// or issuer-key id) as associated data, so a box moved to another row does not open. Layout: version (1),
/// nonce (12), tag (16), ciphertext.
/// </summary>
internal sealed class SecretBox
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Salt = "CredentialHub secret key v1"u8.ToArray();

    private readonly byte[] _key;

    private SecretBox(byte[] key) => _key = key;

    /// <summary>A box for <paramref name="purpose"/> (e.g. "credentials/attributes") keyed from <paramref name="secret"/>.</summary>
    public static SecretBox Derive(ReadOnlySpan<byte> secret, string purpose)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, Salt, Encoding.UTF8.GetBytes(purpose));
        return new SecretBox(key);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string owner)
    {
        var sealedBox = new byte[1 + NonceSize + TagSize + plaintext.Length];
        sealedBox[0] = Version;
        var nonce = sealedBox.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(1 + NonceSize + TagSize), sealedBox.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(owner));
        return sealedBox;
    }

    /// <summary>The plaintext (the caller clears it after use), or null when the box is damaged, belongs to another owner or was sealed under another key.</summary>
    public byte[]? TryOpen(ReadOnlySpan<byte> sealedBox, string owner)
    {
        if (sealedBox.Length < 1 + NonceSize + TagSize || sealedBox[0] != Version)
        {
            return null;
        }
        var plaintext = new byte[sealedBox.Length - 1 - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBox.Slice(1, NonceSize), sealedBox[(1 + NonceSize + TagSize)..], sealedBox.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(owner));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
