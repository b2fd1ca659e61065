using CredentialHub.Security.Authentication;
using CredentialHub.Security.Storage;

namespace CredentialHub.Security.Keys;

/// <summary>
/// What the host's <c>keys create</c>, <c>keys list</c>, <c>keys rotate &lt;id&gt;</c> and <c>keys revoke &lt;id&gt;</c>
/// do, against the service's PostgreSQL database (DATABASE_URL); the host parses the command line. A created or
/// rotated key is printed once, on standard output alone on its line; the list is standard output too; what was done
/// goes to standard error. Exit codes: 0 done, 1 no such key, 2 unusable input or database.
/// </summary>
internal static class KeysCommand
{
    private const int Success = 0, NotFound = 1, Unusable = 2;

    public static int Create(string? connectionString, string scopeList, string? name, TextWriter stdout, TextWriter stderr)
    {
        var scopes = scopeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (scopes.Contains("all"))
        {
            scopes = [.. ApiKeys.AllScopes];
        }
        if (scopes.Count == 0 || scopes.Any(s => !ApiKeys.AllScopes.Contains(s)))
        {
            stderr.WriteLine($"keys create: unknown scope in '{scopeList}' (scopes: {string.Join(", ", ApiKeys.AllScopes)}, or all)");
            return Unusable;
        }
        return Run(connectionString, stderr, async (store, keys) =>
        {
            var (record, key) = await keys.CreateAsync(name ?? $"key created {DateTime.UtcNow:yyyy-MM-dd HH:mm}", scopes, CancellationToken.None);
            stderr.WriteLine($"created {record.Id} ({record.Name}, {string.Join(",", record.Scopes)}). The key, shown once:");
            stdout.WriteLine(key);
            return Success;
        });
    }

    public static int List(string? connectionString, TextWriter stdout, TextWriter stderr) =>
        Run(connectionString, stderr, async (store, keys) =>
        {
            stdout.WriteLine($"{"id",-36}  {"prefix",-10}  {"created (UTC)",-19}  {"state",-8}  name / scopes");
            foreach (var key in await store.ListAsync(CancellationToken.None))
            {
                string state = key.RevokedAt is null ? "active" : key.ReplacedBy is null ? "revoked" : "rotated";
                stdout.WriteLine($"{key.Id:D}  {key.Prefix,-10}  {key.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {state,-8}  {key.Name} / {string.Join(",", key.Scopes)}");
            }
            return Success;
        });

    public static int Rotate(string? connectionString, Guid id, TextWriter stdout, TextWriter stderr) =>
        Run(connectionString, stderr, async (store, keys) =>
        {
            var rotated = await keys.RotateAsync(id, CancellationToken.None);
            if (rotated is null)
            {
                stderr.WriteLine($"keys rotate: there is no active key {id}");
                return NotFound;
            }
            stderr.WriteLine($"rotated {id}: new key {rotated.Value.Record.Id} ({rotated.Value.Record.Name}, {string.Join(",", rotated.Value.Record.Scopes)}); the old key stops working within {ApiKeys.CacheLifetime.TotalSeconds:0} s. The new key, shown once:");
            stdout.WriteLine(rotated.Value.Key);
            return Success;
        });

    public static int Revoke(string? connectionString, Guid id, TextWriter stderr) =>
        Run(connectionString, stderr, async (store, keys) =>
        {
            var revoked = await store.RevokeAsync(id, DateTimeOffset.UtcNow, CancellationToken.None);
            if (revoked is null)
            {
                stderr.WriteLine($"keys revoke: there is no key {id}");
                return NotFound;
            }
            stderr.WriteLine($"revoked {id} ({revoked.Name}); running services stop accepting it within {ApiKeys.CacheLifetime.TotalSeconds:0} s");
            return Success;
        });

    /// <summary>Opens the key store of the database (migrated first) and runs <paramref name="body"/> on it.</summary>
    private static int Run(string? connectionString, TextWriter stderr, Func<IApiKeyStore, ApiKeys, Task<int>> body)
    {
        if (connectionString is null)
        {
            stderr.WriteLine("keys: DATABASE_URL is not set. API keys are kept in the service's PostgreSQL database; in the embedded mode (no database) the service prints an admin key when it starts.");
            return Unusable;
        }
        try
        {
            return RunAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            stderr.WriteLine($"keys: the database could not be used: {e.Message}");
            return Unusable;
        }

        async Task<int> RunAsync()
        {
            var store = await SecurityStorageRegistration.OpenApiKeyStoreAsync(connectionString, CancellationToken.None);
            return await body(store, new ApiKeys(store, TimeProvider.System));
        }
    }
}
