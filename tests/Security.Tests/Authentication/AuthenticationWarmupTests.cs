using Microsoft.Extensions.Logging;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>
/// The start-up run of API-key authentication (so that the first client does not pay for compiling it): it goes through
/// the key handler with a random key no store holds, and leaves no trace a client or operator would see: no key, no
/// audit line, no warning; the first real request is served as before.
/// </summary>
public class AuthenticationWarmupTests
{
    [Fact]
    public async Task Runs_the_key_handler_at_start_and_leaves_no_key_audit_line_or_warning()
    {
        await using var host = await SecurityHost.StartAsync();

        // It went through the API-key handler, which refused the unknown key (logged by the framework at Information).
        Assert.Contains(host.Loggers.Entries, e => e.Message.Contains(CredentialHub.Security.Authentication.ApiKeyAuthenticationHandler.InvalidKey, StringComparison.Ordinal));
        Assert.Empty(await host.Store.ListAsync(CancellationToken.None));
        Assert.Empty(host.Audit);
        Assert.DoesNotContain(host.Loggers.Entries, e => e.Level >= LogLevel.Warning);

        var response = await host.SendAsync("/proofs/generate", await host.KeyAsync("prove"));
        Assert.Equal(200, response.Status);
        Assert.True(response.Reached);
    }
}
