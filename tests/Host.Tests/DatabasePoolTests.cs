using System.Text.Json;
using CredentialHub.Circuits;
using CredentialHub.Credentials;
using CredentialHub.Host;
using CredentialHub.Monitoring;
using CredentialHub.Proofs;
using CredentialHub.Security;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CredentialHub.Host.Tests;

/// <summary>DB_POOL_SIZE, the one shared connection string it shapes, and transient database failures answered 503.</summary>
public class DatabasePoolTests
{
    private const string Secret = "Zq8v1LrT4m9XbN2cY7pK0sWd3Fh6Gj5Ae";

    private static DatabaseSettings Read(params (string Name, string Value)[] variables)
    {
        using var service = ConfiguredService.With(variables);
        return service.Options<DatabaseSettings>();
    }

    /// <summary>The connection string every module receives (the same one: one pool).</summary>
    private static NpgsqlConnectionStringBuilder Connection(params (string Name, string Value)[] variables)
    {
        using var service = ConfiguredService.With([("SECRET_KEY", Secret), .. variables]);
        Assert.Empty(service.Failures());
        string connectionString = service.Options<DatabaseSettings>().ConnectionString!;
        Assert.All(
            new[]
            {
                service.Options<ProofsModuleOptions>().DatabaseConnectionString, service.Options<CircuitsModuleOptions>().DatabaseConnectionString,
                service.Options<CredentialsModuleOptions>().DatabaseConnectionString, service.Options<SecurityModuleOptions>().DatabaseConnectionString,
                service.Options<MonitoringModuleOptions>().DatabaseConnectionString,
            },
            module => Assert.Equal(connectionString, module));
        return new(connectionString);
    }

    [Fact]
    public void Unset_DB_POOL_SIZE_is_20_connections_with_a_10_second_wait_named_credentialhub()
    {
        Assert.Equal(20, Read().PoolSize);
        var connection = Connection(("DATABASE_URL", "postgresql://hub:pw@db.example:5432/hub"));
        Assert.True(connection.Pooling);
        Assert.Equal(20, connection.MaxPoolSize);
        Assert.Equal(10, connection.Timeout);
        Assert.Equal("credentialhub", connection.ApplicationName);
        Assert.Equal(("db.example", "hub", "pw"), (connection.Host, connection.Database, connection.Password));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("8", 8)]
    [InlineData(" 50 ", 50)]
    [InlineData("1000", 1000)]
    public void A_pool_size_from_1_to_1000_is_the_connection_strings_maximum(string value, int expected)
    {
        Assert.Equal(expected, Read(("DB_POOL_SIZE", value)).PoolSize);
        Assert.Equal(expected, Connection(("DATABASE_URL", "postgresql://hub@db/hub"), ("DB_POOL_SIZE", value)).MaxPoolSize);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1001")]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999")]
    [InlineData("twenty")]
    [InlineData("2.5")]
    [InlineData("0x10")]
    [InlineData("+8")]
    public void A_pool_size_that_is_not_a_whole_number_from_1_to_1000_is_a_configuration_error_naming_DB_POOL_SIZE(string value)
    {
        // Refused with or without a database: a bad value is a mistake either way.
        foreach (var variables in new[] { new[] { ("DB_POOL_SIZE", value) }, [("DB_POOL_SIZE", value), ("DATABASE_URL", "postgresql://hub@db/hub"), ("SECRET_KEY", Secret)] })
        {
            var error = ConfiguredService.Refusal(variables);
            Assert.Equal("DB_POOL_SIZE", ConfiguredService.Variable(error));
            Assert.StartsWith("DB_POOL_SIZE must be a whole number from 1 to 1000", error, StringComparison.Ordinal);
            Assert.Contains("max_connections", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DB_POOL_SIZE_wins_over_the_urls_pool_size_and_a_given_timeout_and_application_name_are_kept()
    {
        var connection = Connection(
            ("DATABASE_URL", "postgresql://hub@db/hub?maximum%20pool%20size=300&minimum%20pool%20size=40&timeout=12&application%20name=hub-eu"),
            ("DB_POOL_SIZE", "10"));
        Assert.Equal((10, 10), (connection.MaxPoolSize, connection.MinPoolSize));
        Assert.Equal(12, connection.Timeout);
        Assert.Equal("hub-eu", connection.ApplicationName);
        Assert.True(Connection(("DATABASE_URL", "Host=db;Database=hub;Pooling=false")).Pooling);
    }

    [Fact]
    public void The_string_is_the_same_on_every_read_so_every_user_of_it_shares_one_pool()
    {
        Assert.Equal(
            Read(("SECRET_KEY", Secret), ("DATABASE_URL", "postgresql://hub:pw@db/hub")).ConnectionString,
            Read(("SECRET_KEY", Secret), ("DATABASE_URL", "postgresql://hub:pw@db/hub")).ConnectionString);
    }

    [Fact]
    public void An_unusable_key_value_connection_string_is_refused_without_repeating_it()
    {
        var error = ConfiguredService.Refusal(("SECRET_KEY", Secret), ("DATABASE_URL", "Host=db;Password=hunter2pw;Port=notaport"));
        Assert.Equal("DATABASE_URL", ConfiguredService.Variable(error));
        Assert.DoesNotContain("hunter2pw", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("lots")]
    public async Task The_service_and_the_keys_command_stop_with_exit_code_2_naming_DB_POOL_SIZE(string value)
    {
        var service = await HostProcess.RunAsync([], new Dictionary<string, string> { ["DB_POOL_SIZE"] = value });
        Assert.Equal(2, service.ExitCode);
        Assert.Contains("configuration error: DB_POOL_SIZE must be a whole number", service.Stderr, StringComparison.Ordinal);

        var keys = await HostProcess.RunAsync(["keys", "list"], new Dictionary<string, string> { ["DB_POOL_SIZE"] = value, ["DATABASE_URL"] = "postgresql://hub@127.0.0.1:1/hub" });
        Assert.Equal(2, keys.ExitCode);
        Assert.Contains("configuration error: DB_POOL_SIZE", keys.Stderr, StringComparison.Ordinal);
    }

    private static PostgresException Server(string sqlState) => new("server says no", "FATAL", "FATAL", sqlState);

    private static NpgsqlException PoolExhausted() =>
        new("The connection pool has been exhausted, either raise 'Max Pool Size' (currently 20) or 'Timeout' (currently 5 seconds) in your connection string.", new TimeoutException());

    public static TheoryData<string, Exception> Transient() => new()
    {
        { "too many connections", Server(PostgresErrorCodes.TooManyConnections) },
        { "shutting down", Server(PostgresErrorCodes.AdminShutdown) },
        { "restarting", Server(PostgresErrorCodes.CrashShutdown) },
        { "not accepting connections yet", Server(PostgresErrorCodes.CannotConnectNow) },
        { "connection failed", Server(PostgresErrorCodes.ConnectionFailure) },
        { "connection failed", Server(PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection) },
        { "pooled connection is busy", PoolExhausted() },
        { "failed or timed out", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111)) },
        { "failed or timed out", new NpgsqlException("Exception while reading from stream", new IOException("reset")) },
        { "too many connections", new DbUpdateException("An error occurred while saving the entity changes.", Server(PostgresErrorCodes.TooManyConnections)) },
        { "too many connections", new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", Server(PostgresErrorCodes.TooManyConnections)) },
        { "pooled connection is busy", new RetryLimitExceededException("The maximum number of retries (3) was exceeded.", new InvalidOperationException("transient", PoolExhausted())) },
        { "too many connections", new AggregateException(new InvalidOperationException("first"), Server(PostgresErrorCodes.TooManyConnections)) },
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Transient_database_failures_are_found_through_their_wrappers(string reason, Exception exception)
    {
        var failure = TransientDatabaseFailure.Find(exception);
        Assert.NotNull(failure);
        Assert.Contains(reason, failure.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<Exception> NotTransient() => new()
    {
        Server(PostgresErrorCodes.UniqueViolation),
        Server(PostgresErrorCodes.UndefinedTable),
        Server(PostgresErrorCodes.SerializationFailure),
        new DbUpdateException("save failed", Server(PostgresErrorCodes.ForeignKeyViolation)),
        new NpgsqlException("something else"),
        new InvalidOperationException("a bug"),
        new TimeoutException("not the database"),
        new NullReferenceException(),
    };

    [Theory]
    [MemberData(nameof(NotTransient))]
    public void Other_failures_are_not_taken_for_database_unavailability(Exception exception)
    {
        Assert.Null(TransientDatabaseFailure.Find(exception));
    }

    [Fact]
    public async Task The_handler_answers_503_with_Retry_After_and_a_problem_naming_the_database_and_passes_on_other_failures()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new DatabaseUnavailableHandler(NullLogger<DatabaseUnavailableHandler>.Instance);

        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        Assert.True(await handler.TryHandleAsync(context, new InvalidOperationException("wrapped", Server(PostgresErrorCodes.TooManyConnections)), CancellationToken.None));
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("database", problem.RootElement.GetProperty("field").GetString());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("temporarily unavailable", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("retry", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("server says no", problem.RootElement.ToString(), StringComparison.Ordinal);

        var other = new DefaultHttpContext { RequestServices = services };
        Assert.False(await handler.TryHandleAsync(other, new InvalidOperationException("a bug"), CancellationToken.None));
        Assert.Equal(200, other.Response.StatusCode);
    }
}
