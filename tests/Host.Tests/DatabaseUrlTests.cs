using CredentialHub.Storage;
using Npgsql;

namespace CredentialHub.Host.Tests;

/// <summary>DATABASE_URL to an Npgsql connection string, and errors that never leak the password.</summary>
public class DatabaseUrlTests
{
    private const string Secret = "s3cr%40t%3A%2Fpw";

    private static NpgsqlConnectionStringBuilder Parse(string url) => new(DatabaseUrl.ToNpgsqlConnectionString(url));

    [Theory]
    [InlineData("postgresql://hub:hub@db.example:6543/credentials", "db.example", 6543, "credentials")]
    [InlineData("postgres://hub:hub@127.0.0.1/postgres", "127.0.0.1", 5432, "postgres")]
    [InlineData("POSTGRESQL://hub:hub@localhost:5432/hub", "localhost", 5432, "hub")]
    public void A_url_gives_host_port_and_database(string url, string host, int port, string database)
    {
        var builder = Parse(url);
        Assert.Equal(host, builder.Host);
        Assert.Equal(port, builder.Port);
        Assert.Equal(database, builder.Database);
        Assert.Equal("hub", builder.Username);
        Assert.Equal("hub", builder.Password);
    }

    [Fact]
    public void User_and_password_are_percent_decoded()
    {
        var builder = Parse($"postgresql://app%40tenant:{Secret}@db:5432/hub");
        Assert.Equal("app@tenant", builder.Username);
        Assert.Equal("s3cr@t:/pw", builder.Password);
    }

    [Fact]
    public void Only_the_first_colon_separates_user_from_password()
    {
        Assert.Equal("p:w", Parse("postgresql://hub:p:w@db/hub").Password);
    }

    [Fact]
    public void A_url_without_credentials_has_none()
    {
        var builder = Parse("postgresql://db/hub");
        Assert.Null(builder.Username);
        Assert.Null(builder.Password);
    }

    [Fact]
    public void A_user_without_password_keeps_the_user()
    {
        var builder = Parse("postgresql://reader@db/hub");
        Assert.Equal("reader", builder.Username);
        Assert.Null(builder.Password);
    }

    [Fact]
    public void Query_parameters_become_connection_settings()
    {
        var builder = Parse("postgresql://hub:hub@db/hub?sslmode=require&Timeout=7");
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal(7, builder.Timeout);
    }

    [Fact]
    public void An_ipv6_host_loses_its_brackets()
    {
        Assert.Equal("::1", Parse("postgresql://hub:hub@[::1]:5433/hub").Host);
    }

    [Theory]
    [InlineData("Host=db;Port=5432;Username=hub;Password=hub;Database=hub")]
    [InlineData("  Host=db;Database=hub  ")]
    public void A_connection_string_passes_through(string value)
    {
        Assert.Equal(value.Trim(), DatabaseUrl.ToNpgsqlConnectionString(value));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData($"mysql://hub:{Secret}@db/hub", "scheme 'mysql'")]
    [InlineData("just-a-word", "neither")]
    [InlineData($"postgresql://hub:{Secret}@db:notaport/hub", "not a well-formed URL")]
    [InlineData($"postgresql://hub:{Secret}@db:5432", "no database name")]
    [InlineData($"postgresql://hub:{Secret}@db:5432/", "no database name")]
    [InlineData($"postgresql://hub:{Secret}@db/a/b", "no database name")]
    [InlineData($"postgresql://:{Secret}@db/hub", "no user name")]
    [InlineData($"postgresql://hub:{Secret}@db/hub?frobnicate=1", "query parameter 'frobnicate'")]
    [InlineData($"postgresql://hub:{Secret}@db/hub?port=abc", "query parameter 'port'")]
    public void A_malformed_value_names_DATABASE_URL_and_the_fault_but_never_the_password(string url, string fault)
    {
        var error = Assert.Throws<ArgumentException>(() => DatabaseUrl.ToNpgsqlConnectionString(url));
        Assert.Contains("DATABASE_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message, StringComparison.Ordinal);
    }
}
