using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CredentialHub.Security.Contracts;
using CredentialHub.Security.Keys;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// API keys: <c>chk_</c> followed by 43 base64url characters (256 random bits). Only the key's SHA-256 is stored;
/// the key is shown once, when created. Lookups are remembered for a few seconds, so a key revoked from another
/// process (the <c>keys</c> command) stops working within <see cref="CacheLifetime"/>.
/// </summary>
internal sealed class ApiKeys(IApiKeyStore store, TimeProvider clock)
{
    public const string KeyPrefix = "chk_";

    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    /// <summary>Every scope a key may hold.</summary>
    public static readonly IReadOnlyList<string> AllScopes = Scopes.All;

    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Lazy<Task<ApiKeyRecord?>>> _lookups = new(StringComparer.Ordinal);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool LooksLikeKey(string text) => text.StartsWith(KeyPrefix, StringComparison.Ordinal) && text.Length == KeyPrefix.Length + 43;

    /// <summary>A new key with these scopes: stored (as its hash) and returned once in plaintext.</summary>
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        string key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var record = new ApiKeyRecord(Guid.NewGuid(), name, key[..10], Hash(key), [.. scopes.Distinct(StringComparer.Ordinal)], clock.GetUtcNow(), null);
        await store.AddAsync(record, cancellationToken);
        return (record, key);
    }

    /// <summary>A new key with the same name and scopes; the old one is revoked and points at its replacement.</summary>
    public async Task<(ApiKeyRecord Record, string Key)?> RotateAsync(Guid id, CancellationToken cancellationToken)
    {
        var old = await store.FindAsync(id, cancellationToken);
        if (old is null || old.RevokedAt is not null)
        {
            return null;
        }
        var replacement = await CreateAsync(old.Name, old.Scopes, cancellationToken);
        await store.RevokeAsync(id, clock.GetUtcNow(), cancellationToken, replacement.Record.Id);
        return replacement;
    }

    /// <summary>The live key this plaintext is, or null (unknown or revoked).</summary>
    public async Task<ApiKeyRecord?> FindLiveAsync(string key, CancellationToken cancellationToken)
    {
        if (!LooksLikeKey(key))
        {
            return null;
        }
        string hash = Hash(key);
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.Key;
        }
        // Requests that miss together share one lookup: a burst on a fresh host (or when the entry expires) costs the
        // database one query, not one per request, each holding a pooled connection.
        var lookup = _lookups.GetOrAdd(hash, h => new Lazy<Task<ApiKeyRecord?>>(() => LookUpAsync(h)));
        return await lookup.Value.WaitAsync(cancellationToken);
    }

    /// <summary>The store's answer, remembered for <see cref="CacheLifetime"/>; not cancelled by any one caller.</summary>
    private async Task<ApiKeyRecord?> LookUpAsync(string hash)
    {
        try
        {
            var found = await store.FindByHashAsync(hash, CancellationToken.None);
            var live = found is { RevokedAt: null } ? found : null;
            if (_cache.Count > 10_000)
            {
                _cache.Clear();
            }
            _cache[hash] = (live, clock.GetUtcNow() + CacheLifetime);
            return live;
        }
        finally
        {
            // Still in the map until now, so no later lookup was added in its place: this removes this lookup only.
            _lookups.TryRemove(hash, out _);
        }
    }

    /// <summary>Forgets cached lookups (after a revocation in this process).</summary>
    public void Forget() => _cache.Clear();
}
