using System.Globalization;
using System.Text;
using Npgsql;

namespace CredentialHub.TestSupport;

/// <summary>
/// A real PostgreSQL server for tests, shared by the classes of an xunit collection: the server named by
/// TEST_DATABASE_URL (a postgresql:// URL or an Npgsql connection string of a user allowed to create
/// databases) when set; otherwise a throwaway cluster (initdb from /usr/lib/postgresql/*/bin, listening on
/// 127.0.0.1 only, on a free port), run as the postgres user when the tests run as root, stopped and deleted on
/// dispose. Each test class takes its own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string? _clusterDirectory;
    private readonly string? _pgCtl;

    public PostgresServer()
        : this(Environment.GetEnvironmentVariable("TEST_DATABASE_URL"), [])
    {
    }

    /// <summary>
    /// A throwaway cluster of the test's own (never TEST_DATABASE_URL's server) started with these server settings
    /// (<c>name=value</c>, e.g. <c>max_connections=12</c>), for a test that needs a server configured its way.
    /// </summary>
    public static PostgresServer StartCluster(params string[] serverSettings) => new(null, serverSettings);

    private PostgresServer(string? url, IReadOnlyList<string> serverSettings)
    {
        if (!string.IsNullOrWhiteSpace(url))
        {
            AdminConnectionString = ToConnectionString(url);
            return;
        }

        string bin = FindPostgresBin();
        _pgCtl = Path.Combine(bin, "pg_ctl");
        _clusterDirectory = Path.Combine(Path.GetTempPath(), $"credentialhub-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_clusterDirectory);
        string data = Path.Combine(_clusterDirectory, "data");
        try
        {
            if (RunsAsRoot)
            {
                Run("chown", ["postgres:postgres", _clusterDirectory], asPostgres: false);
            }
            Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], asPostgres: true);
            int port = Loopback.FreePort();
            string settings = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_clusterDirectory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off" + string.Concat(serverSettings.Select(setting => $" -c {setting}"));
            Run(_pgCtl, ["-D", data, "-l", Path.Combine(_clusterDirectory, "server.log"), "-o", settings, "-w", "-t", "60", "start"], asPostgres: true);
            AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>A connection string to the server's maintenance database, for creating and dropping databases.</summary>
    public string AdminConnectionString { get; } = "";

    /// <summary>Creates an empty database with a unique name; dispose the result to drop it.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        string name = $"test_{Guid.NewGuid():N}";
        await ExecuteAdminAsync($"CREATE DATABASE {name}");
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true };
        return new TestDatabase(this, name, builder.ConnectionString);
    }

    /// <summary>
    /// <c>pg_dump</c> of one schema of a database, plain SQL with the rows as INSERT statements, owners, privileges
    /// and tablespaces left out, normalised (<see cref="NormaliseDump"/>) so that dumps of equal schemas are equal
    /// text. It runs the <c>pg_dump</c> of the newest PostgreSQL under /usr/lib/postgresql (or on PATH), which must
    /// not be older than the server.
    /// </summary>
    public static async Task<string> DumpSchemaAsync(string connectionString, string schema)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        string pgDump = TryFindPostgresBin() is { } bin ? Path.Combine(bin, "pg_dump") : "pg_dump";
        var result = await ExternalProcess.RunAsync(
            pgDump,
            ["--schema", schema, "--inserts", "--no-owner", "--no-privileges", "--no-tablespaces", "--host", connection.Host!, "--port", connection.Port.ToString(CultureInfo.InvariantCulture), "--username", connection.Username!, "--dbname", connection.Database!],
            Path.GetTempPath(),
            environment: [new("PGPASSWORD", connection.Password), new("PGCONNECT_TIMEOUT", "10")],
            installHint: "apt-get install -y postgresql");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump of schema {schema} exited with {result.ExitCode}:\n{result.Output}");
        }
        return NormaliseDump(result.Stdout);
    }

    /// <summary>
    /// A dump without what varies from run to run and from one pg_dump version to the next: comments (the versions),
    /// session settings, psql meta-commands (<c>\restrict</c> with its random key), runs of blank lines.
    /// </summary>
    public static string NormaliseDump(string dump)
    {
        var lines = dump.ReplaceLineEndings("\n").Split('\n')
            .Where(line => !line.StartsWith("--", StringComparison.Ordinal)
                && !line.StartsWith("SET ", StringComparison.Ordinal)
                && !line.StartsWith("SELECT pg_catalog.set_config(", StringComparison.Ordinal)
                && !line.StartsWith('\\'));
        var text = new StringBuilder();
        bool blank = true;
        foreach (string line in lines)
        {
            bool isBlank = line.Trim().Length == 0;
            if (!(isBlank && blank))
            {
                text.Append(isBlank ? "" : line.TrimEnd()).Append('\n');
            }
            blank = isBlank;
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    internal async Task DropDatabaseAsync(string name, string connectionString)
    {
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    public void Dispose()
    {
        if (_clusterDirectory is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        string data = Path.Combine(_clusterDirectory, "data");
        if (_pgCtl is not null && File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            Run(_pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres: true, throwOnFailure: false);
        }
        try
        {
            Directory.Delete(_clusterDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a directory in /tmp behind; not worth failing the run.
        }
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static bool RunsAsRoot => Environment.IsPrivilegedProcess;

    private static string FindPostgresBin() => TryFindPostgresBin() ?? throw new InvalidOperationException(
        "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin): run `apt-get install -y postgresql`, or set TEST_DATABASE_URL to a server the tests may create databases on.");

    private static string? TryFindPostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(version => Path.Combine(version, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static void Run(string file, IReadOnlyList<string> arguments, bool asPostgres, bool throwOnFailure = true)
    {
        var result = ExternalProcess.Wait(() => asPostgres && RunsAsRoot
            ? ExternalProcess.RunAsync("runuser", ["-u", "postgres", "--", file, .. arguments], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(5))
            : ExternalProcess.RunAsync(file, arguments, Path.GetTempPath(), timeout: TimeSpan.FromMinutes(5)));
        if (result.ExitCode != 0 && throwOnFailure)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        }
    }

    // TEST_DATABASE_URL may be a postgresql:// URL or already an Npgsql connection string.
    private static string ToConnectionString(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }
        var uri = new Uri(value);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        string[] user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user[0]);
        }
        if (user.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(user[1]);
        }
        return builder.ConnectionString;
    }
}

/// <summary>A database of its own for one test class; dropped on dispose.</summary>
public sealed class TestDatabase(PostgresServer server, string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public ValueTask DisposeAsync() => new(server.DropDatabaseAsync(Name, ConnectionString));
}
