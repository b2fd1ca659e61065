using System.Text;
using CredentialHub.Security.Authentication;
using CredentialHub.Security.Keys;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security.Tests.Keys;

/// <summary>
/// The embedded mode's admin key: created with every scope and printed once, on a line of its own between blank lines,
/// in a single write, so that a log line written at the same moment from the console logger's thread cannot land inside
/// the block (CI once saw a log line between the first blank line and the key).
/// </summary>
public class AdminKeyStartupTests
{
    [Fact]
    public async Task Prints_a_working_key_between_blank_lines_in_one_write()
    {
        var store = new InMemoryApiKeyStore();
        var keys = new ApiKeys(store, TimeProvider.System);
        var output = new RecordingWriter();
        var startup = new AdminKeyStartup(keys, Options.Create(new SecurityModuleOptions { AdminKeyOutput = output }));

        await startup.StartAsync(CancellationToken.None);

        string block = Assert.Single(output.Writes);
        string[] lines = block.Split(output.NewLine);
        Assert.Equal(5, lines.Length);
        Assert.Equal("", lines[0]);
        Assert.Matches(@"^admin API key \(.*\): chk_[A-Za-z0-9_-]+$", lines[1]);
        Assert.StartsWith("send it as the X-API-Key header", lines[2], StringComparison.Ordinal);
        Assert.Equal("", lines[3]);
        Assert.Equal("", lines[4]);
        string key = lines[1][(lines[1].LastIndexOf(' ') + 1)..];
        var found = await keys.FindLiveAsync(key, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(ApiKeys.AllScopes.Order(), found.Scopes.Order());
        Assert.Single(await store.ListAsync(CancellationToken.None));
    }

    /// <summary>Records each call that writes text, whole, as the synchronised console writer would hold it.</summary>
    private sealed class RecordingWriter : TextWriter
    {
        private readonly StringBuilder _partial = new();

        public List<string> Writes { get; } = [];

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => _partial.Append(value);

        public override void Write(string? value) => Writes.Add(value ?? "");

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteLineAsync() => WriteAsync(NewLine);

        public override Task WriteLineAsync(string? value) => WriteAsync(value + NewLine);

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
