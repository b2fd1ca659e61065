namespace CredentialHub.Host.Tests;

/// <summary>
/// The <c>keys</c> verb against a real PostgreSQL database: standard output carries the new key alone, so that
/// <c>KEY=$(CredentialHub.Host keys create …)</c> captures just the key; what was done goes to standard error.
/// </summary>
[Collection(PostgresCollection.Name)]
public class KeysCommandTests(PostgresServer postgres)
{
    [Fact]
    public async Task Create_and_rotate_print_the_key_alone_on_standard_output()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        string url = HostProcess.DatabaseUrl(database.ConnectionString);

        var created = await HostProcess.KeysAsync(url, "create", "--scope", "prove,verify", "--name", "cli test");
        Assert.True(created.ExitCode == 0, created.Stderr);
        string key = Assert.Single(created.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^chk_[A-Za-z0-9_-]+$", key);
        Assert.Equal(key + "\n", created.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("created ", created.Stderr, StringComparison.Ordinal);
        Assert.Contains("(cli test, prove,verify)", created.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(key, created.Stderr, StringComparison.Ordinal);

        var list = await HostProcess.KeysAsync(url, "list");
        Assert.Equal(0, list.ExitCode);
        string id = list.Stdout.Split('\n').First(l => l.Contains(key[..10], StringComparison.Ordinal)).Split(' ')[0];

        var rotated = await HostProcess.KeysAsync(url, "rotate", id);
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        string newKey = Assert.Single(rotated.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^chk_[A-Za-z0-9_-]+$", newKey);
        Assert.NotEqual(key, newKey);

        var revoked = await HostProcess.KeysAsync(url, "revoke", id);
        Assert.Equal("", revoked.Stdout);

        var unknownScope = await HostProcess.KeysAsync(url, "create", "--scope", "everything");
        Assert.Equal(2, unknownScope.ExitCode);
        Assert.Contains("keys create: unknown scope in 'everything'", unknownScope.Stderr, StringComparison.Ordinal);
        Assert.Equal("", unknownScope.Stdout);
    }
}
