namespace CredentialHub.Security.Keys;

/// <summary>
/// The default store: API keys in process, lost on restart (the embedded mode). Scopes are copied in, so that no
/// caller shares the stored list.
/// </summary>
internal sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly Dictionary<Guid, ApiKeyRecord> _byId = [];
    private readonly Dictionary<string, Guid> _idByHash = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <exception cref="InvalidOperationException">A key with the same id or hash is stored already.</exception>
    public Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stored = key with { Scopes = [.. key.Scopes] };
        lock (_gate)
        {
            if (_byId.ContainsKey(stored.Id) || _idByHash.ContainsKey(stored.Sha256))
            {
                throw new InvalidOperationException($"An API key with id {stored.Id} or the same hash is already stored.");
            }
            _byId.Add(stored.Id, stored);
            _idByHash.Add(stored.Sha256, stored.Id);
        }
        return Task.CompletedTask;
    }

    public Task<ApiKeyRecord?> FindByHashAsync(string sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        lock (_gate)
        {
            return Task.FromResult(_idByHash.TryGetValue(sha256, out var id) ? _byId[id] : null);
        }
    }

    public Task<ApiKeyRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<ApiKeyRecord> all = [.. _byId.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)];
            return Task.FromResult(all);
        }
    }

    public Task<ApiKeyRecord?> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken, Guid? replacedBy = null)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var key))
            {
                return Task.FromResult<ApiKeyRecord?>(null);
            }
            if (key.RevokedAt is null)
            {
                key = key with { RevokedAt = at, ReplacedBy = replacedBy };
                _byId[id] = key;
            }
            return Task.FromResult<ApiKeyRecord?>(key);
        }
    }
}
