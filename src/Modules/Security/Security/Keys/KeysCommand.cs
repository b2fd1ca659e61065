using CredentialHub.Security.Authentication;
using CredentialHub.Security.Storage;

namespace CredentialHub.Security.Keys;

/// <summary>
/// <c>keys create --scope prove,verify [--name label]</c>, <c>keys list</c>, <c>keys rotate &lt;id&gt;</c>,
/// <c>keys revoke &lt;id&gt;</c> against the service's PostgreSQL database (DATABASE_URL). A created or rotated key is
/// printed once, on standard output alone on its line; everything else goes to standard error or the list.
/// </summary>
internal static class KeysCommand
{
    private const int Success = 0, NotFound = 1, Unusable = 2;

    public const string Usage = """
        usage: keys create --scope <scope>[,<scope>…] [--name <label>]   scopes: prove, verify, credentials:issue, credentials:read, circuits:admin (or all)
               keys list
               keys rotate <key-id>
               keys revoke <key-id>
        """;

    public static int Run(string[] args, string? connectionString, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "--help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? Unusable : Success;
        }
        if (connectionString is null)
        {
            stderr.WriteLine("keys: DATABASE_URL is not set. API keys are kept in the service's PostgreSQL database; in the embedded mode (no database) the service prints an admin key when it starts.");
            return Unusable;
        }
        try
        {
            return RunAsync(args, connectionString, stdout, stderr).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            stderr.WriteLine($"keys: the database could not be used: {e.Message}");
            return Unusable;
        }
    }

    private static async Task<int> RunAsync(string[] args, string connectionString, TextWriter stdout, TextWriter stderr)
    {
        var store = await SecurityStorageRegistration.OpenApiKeyStoreAsync(connectionString, CancellationToken.None);
        var keys = new ApiKeys(store, TimeProvider.System);
        switch (args[0])
        {
            case "create":
                return await CreateAsync(args[1..], keys, stdout, stderr);
            case "list":
                if (args.Length != 1)
                {
                    stderr.WriteLine(Usage);
                    return Unusable;
                }
                stdout.WriteLine($"{"id",-36}  {"prefix",-10}  {"created (UTC)",-19}  {"state",-8}  name / scopes");
                foreach (var key in await store.ListAsync(CancellationToken.None))
                {
                    string state = key.RevokedAt is null ? "active" : key.ReplacedBy is null ? "revoked" : "rotated";
                    stdout.WriteLine($"{key.Id:D}  {key.Prefix,-10}  {key.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {state,-8}  {key.Name} / {string.Join(",", key.Scopes)}");
                }
                return Success;
            case "rotate" or "revoke":
                if (args.Length != 2 || !Guid.TryParse(args[1], out var id))
                {
                    stderr.WriteLine($"keys {args[0]}: give the key's id (see `keys list`)");
                    return Unusable;
                }
                if (args[0] == "revoke")
                {
                    var revoked = await store.RevokeAsync(id, DateTimeOffset.UtcNow, CancellationToken.None);
                    if (revoked is null)
                    {
                        stderr.WriteLine($"keys revoke: there is no key {id}");
                        return NotFound;
                    }
                    stderr.WriteLine($"revoked {id} ({revoked.Name}); running services stop accepting it within {ApiKeys.CacheLifetime.TotalSeconds:0} s");
                    return Success;
                }
                var rotated = await keys.RotateAsync(id, CancellationToken.None);
                if (rotated is null)
                {
                    stderr.WriteLine($"keys rotate: there is no active key {id}");
                    return NotFound;
                }
                stderr.WriteLine($"rotated {id}: new key {rotated.Value.Record.Id} ({rotated.Value.Record.Name}, {string.Join(",", rotated.Value.Record.Scopes)}); the old key stops working within {ApiKeys.CacheLifetime.TotalSeconds:0} s. The new key, shown once:");
                stdout.WriteLine(rotated.Value.Key);
                return Success;
            default:
                stderr.WriteLine($"keys: unknown subcommand '{args[0]}'");
                stderr.WriteLine(Usage);
                return Unusable;
        }
    }

    private static async Task<int> CreateAsync(string[] args, ApiKeys keys, TextWriter stdout, TextWriter stderr)
    {
        string? scopeList = null, name = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--scope" or "--scopes" when i + 1 < args.Length:
                    scopeList = args[++i];
                    break;
                case "--name" when i + 1 < args.Length:
                    name = args[++i];
                    break;
                default:
                    stderr.WriteLine($"keys create: unexpected argument '{args[i]}'");
                    stderr.WriteLine(Usage);
                    return Unusable;
            }
        }
        if (scopeList is null)
        {
            stderr.WriteLine("keys create: --scope is required (e.g. --scope prove,verify)");
            return Unusable;
        }
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
        var (record, key) = await keys.CreateAsync(name ?? $"key created {DateTime.UtcNow:yyyy-MM-dd HH:mm}", scopes, CancellationToken.None);
        stderr.WriteLine($"created {record.Id} ({record.Name}, {string.Join(",", record.Scopes)}). The key, shown once:");
        stdout.WriteLine(key);
        return Success;
    }
}
