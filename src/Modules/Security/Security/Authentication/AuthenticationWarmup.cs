using System.Security.Cryptography;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// Before the service listens: the authentication of a request with an API key run once without a request (the policy
/// scheme, the key handler, the key lookup in the store), so that the first client does not pay for compiling it. The key
/// is a fresh random one that no store holds: the lookup misses, nothing is created, refused, audited or counted.
/// </summary>
internal sealed class AuthenticationWarmup(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        context.Request.Method = HttpMethods.Post;
        context.Request.Headers[SecuritySchemes.ApiKeyHeader] =
            ApiKeys.KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await context.AuthenticateAsync(SecuritySchemes.ApiKeyOrBearer);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
