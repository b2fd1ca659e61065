using System.Collections.Concurrent;

namespace CredentialHub.Credentials.Storage;

/// <summary>
/// The default store: credentials and issuer keys in process, lost on restart. Byte arrays are copied in and out,
/// so that no caller shares the stored bytes.
/// </summary>
internal sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly ConcurrentDictionary<Guid, StoredCredential> _credentials = new();
    private readonly List<StoredIssuerKey> _issuerKeys = [];
    private readonly Lock _issuerKeysLock = new();

    public InMemoryCredentialStore()
    {
    }

    /// <summary>A store already holding <paramref name="issuerKeys"/>, retired ones included (tests: the store offers no way to retire a key).</summary>
    internal InMemoryCredentialStore(IEnumerable<StoredIssuerKey> issuerKeys)
    {
        ArgumentNullException.ThrowIfNull(issuerKeys);
        _issuerKeys.AddRange(issuerKeys.Select(Copy));
        if (_issuerKeys.Count(k => k.RetiredAt is null) > 1)
        {
            throw new ArgumentException("At most one issuer key may be active.", nameof(issuerKeys));
        }
    }

    public Task AddAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!_credentials.TryAdd(credential.Id, Copy(credential)))
        {
            throw new InvalidOperationException($"A credential with id {credential.Id} is already stored.");
        }
        return Task.CompletedTask;
    }

    public Task<StoredCredential?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_credentials.TryGetValue(id, out var credential) ? Copy(credential) : null);

    public Task<StoredCredential?> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_credentials.TryGetValue(id, out var current))
            {
                return Task.FromResult<StoredCredential?>(null);
            }
            if (current.RevokedAt is not null)
            {
                return Task.FromResult<StoredCredential?>(Copy(current));
            }
            var revoked = current with { RevokedAt = at };
            if (_credentials.TryUpdate(id, revoked, current))
            {
                return Task.FromResult<StoredCredential?>(Copy(revoked));
            }
        }
    }

    public Task<IReadOnlyList<StoredIssuerKey>> ListIssuerKeysAsync(CancellationToken cancellationToken)
    {
        lock (_issuerKeysLock)
        {
            IReadOnlyList<StoredIssuerKey> all = _issuerKeys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Select(Copy).ToList();
            return Task.FromResult(all);
        }
    }

    public Task<StoredIssuerKey> AddIssuerKeyIfNoneActiveAsync(StoredIssuerKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.RetiredAt is not null)
        {
            throw new ArgumentException("A new issuer key must not be retired.", nameof(key));
        }
        lock (_issuerKeysLock)
        {
            var active = _issuerKeys.Find(k => k.RetiredAt is null);
            if (active is null)
            {
                active = Copy(key);
                _issuerKeys.Add(active);
            }
            return Task.FromResult(Copy(active));
        }
    }

    private static StoredCredential Copy(StoredCredential credential) => credential with { Sealed = credential.Sealed.ToArray() };

    private static StoredIssuerKey Copy(StoredIssuerKey key) => key with { SealedPrivateKey = key.SealedPrivateKey.ToArray() };
}
