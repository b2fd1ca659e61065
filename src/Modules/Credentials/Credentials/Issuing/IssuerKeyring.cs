using System.Security.Cryptography;
using CredentialHub.Bn254.BabyJubJub;
using CredentialHub.Bn254.Fields;
using CredentialHub.Credentials.Storage;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Credentials.Issuing;

/// <summary>
/// The issuer's BabyJubJub EdDSA keys. On the first start the service creates a key (32 random bytes), seals it
/// with the configured secret and stores it; later starts, and other instances, open the stored one. A stored key
/// that does not open (another SECRET_KEY) or does not match its public key stops the start-up. Every key the
/// service ever held is trusted when verifying; only the active one signs.
/// </summary>
internal sealed class IssuerKeyring(ICredentialStore store, CredentialsSecrets secrets, TimeProvider clock, ILogger<IssuerKeyring> logger)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile IReadOnlyList<IssuerKey> _keys = [];
    private (IssuerKey Key, byte[] PrivateKey)? _active;
    private DateTimeOffset _lastRefresh;

    public IssuerKey Active => _active?.Key ?? throw new InvalidOperationException("the issuer key is not loaded yet");

    public IReadOnlyList<IssuerKey> Keys => _keys;

    public EdDsaSignature Sign(Fr message)
    {
        var active = _active ?? throw new InvalidOperationException("the issuer key is not loaded yet");
        return EdDsaPoseidon.Sign(active.PrivateKey, message);
    }

    /// <summary>Loads (or creates) the keys; throws <see cref="InvalidOperationException"/> with an operator-facing message when the stored key cannot be used.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListIssuerKeysAsync(cancellationToken);
        var active = stored.LastOrDefault(k => k.RetiredAt is null);
        if (active is null)
        {
            var candidate = Create();
            active = await store.AddIssuerKeyIfNoneActiveAsync(candidate, cancellationToken);
            if (active.Id == candidate.Id)
            {
                logger.LogInformation("Created the issuer key {IssuerKeyId} (public key {X}, {Y})", active.Id, active.PublicX, active.PublicY);
            }
            stored = await store.ListIssuerKeysAsync(cancellationToken);
        }
        byte[] privateKey = secrets.IssuerKeys.TryOpen(active.SealedPrivateKey, Owner(active.Id))
            ?? throw new InvalidOperationException($"the issuer key {active.Id} does not open with the configured SECRET_KEY / SECRET_KEY_FILE: it was stored under another secret");
        var key = ToKey(active);
        if (privateKey.Length != EdDsaPoseidon.PrivateKeySize || EdDsaPoseidon.DerivePublicKey(privateKey) != key.PublicKey)
        {
            throw new InvalidOperationException($"the issuer key {active.Id} does not match its stored public key");
        }
        _active = (key, privateKey);
        _keys = [.. stored.Select(ToKey)];
        _lastRefresh = clock.GetUtcNow();
    }

    /// <summary>The trusted key with this public point; re-reads the store (at most every few seconds) for a key another instance may have added.</summary>
    public async Task<IssuerKey?> FindTrustedAsync(Fr x, Fr y, CancellationToken cancellationToken) =>
        Find(x, y) ?? (await RefreshAsync(cancellationToken) ? Find(x, y) : null);

    /// <summary>The key with this id (the one that signed a stored credential).</summary>
    public async Task<IssuerKey?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        _keys.FirstOrDefault(k => k.Id == id) ?? (await RefreshAsync(cancellationToken) ? _keys.FirstOrDefault(k => k.Id == id) : null);

    private async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _lastRefresh < TimeSpan.FromSeconds(5) || !await _refresh.WaitAsync(0, cancellationToken))
        {
            return false;
        }
        try
        {
            _keys = [.. (await store.ListIssuerKeysAsync(cancellationToken)).Select(ToKey)];
            _lastRefresh = clock.GetUtcNow();
            return true;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private IssuerKey? Find(Fr x, Fr y) => _keys.FirstOrDefault(k => k.PublicKey.Point.X == x && k.PublicKey.Point.Y == y);

    private StoredIssuerKey Create()
    {
        var id = Guid.NewGuid();
        byte[] privateKey = RandomNumberGenerator.GetBytes(EdDsaPoseidon.PrivateKeySize);
        try
        {
            var point = EdDsaPoseidon.DerivePublicKey(privateKey).Point;
            return new StoredIssuerKey(id, point.X.ToString(), point.Y.ToString(), secrets.IssuerKeys.Seal(privateKey, Owner(id)), clock.GetUtcNow(), null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static IssuerKey ToKey(StoredIssuerKey stored) =>
        new(stored.Id, new EdDsaPublicKey(new BabyJubJubAffine(Fr.Parse(stored.PublicX), Fr.Parse(stored.PublicY))), stored.CreatedAt, stored.RetiredAt);

    private static string Owner(Guid id) => $"issuer-key:{id:D}";
}
