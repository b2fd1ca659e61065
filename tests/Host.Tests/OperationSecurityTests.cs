using System.Text.Json;
using CredentialHub.Host.OpenApi;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Host.Tests;

/// <summary>
/// <see cref="OperationSecurity"/> reads the scopes from ASP.NET Core's own authorization metadata: a policy per scope
/// (<c>RequireAuthorization("prove")</c>, a claim requirement on the scope claim), a policy of several scopes any one
/// of which is enough, policies that add up (a group's and an endpoint's), <c>AllowAnonymous</c>.
/// </summary>
public class OperationSecurityTests
{
    private static AuthorizationOptions Policies()
    {
        var options = new AuthorizationOptions();
        options.AddPolicy(Scopes.Prove, policy => policy.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Prove));
        options.AddPolicy(Scopes.Verify, policy => policy.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Verify));
        options.AddPolicy("prove or verify", policy => policy.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Prove, Scopes.Verify));
        options.AddPolicy("some other claim", policy => policy.RequireClaim("role", "admin"));
        return options;
    }

    private static readonly IAuthorizationPolicyProvider Provider = new DefaultAuthorizationPolicyProvider(Options.Create(Policies()));

    private static async Task<string?> NeededAsync(params object[] metadata)
    {
        var alternatives = await OperationSecurity.ScopesNeededAsync(metadata, Provider);
        return alternatives is null ? null : string.Join(" | ", alternatives.Select(a => string.Join(" & ", a)));
    }

    [Fact]
    public async Task A_scope_policy_needs_its_scope()
    {
        Assert.Equal("prove", await NeededAsync(new AuthorizeAttribute(Scopes.Prove)));
    }

    [Fact]
    public async Task A_policy_of_several_scopes_is_met_by_any_one()
    {
        Assert.Equal("prove | verify", await NeededAsync(new AuthorizeAttribute("prove or verify")));
    }

    [Fact]
    public async Task Policies_that_add_up_need_every_scope()
    {
        Assert.Equal("prove & verify", await NeededAsync(new AuthorizeAttribute(Scopes.Prove), new AuthorizeAttribute(Scopes.Verify)));
        Assert.Equal("prove & prove | prove & verify", await NeededAsync(new AuthorizeAttribute(Scopes.Prove), new AuthorizeAttribute("prove or verify")));
    }

    [Fact]
    public async Task An_authenticated_caller_without_a_scope_is_one_empty_requirement()
    {
        Assert.Equal("", await NeededAsync(new AuthorizeAttribute()));
        Assert.Equal("", await NeededAsync(new AuthorizeAttribute("some other claim")));
    }

    [Fact]
    public async Task An_endpoint_without_a_policy_or_allowing_anonymous_callers_needs_nothing()
    {
        Assert.Null(await NeededAsync());
        Assert.Null(await NeededAsync(new AuthorizeAttribute(Scopes.Prove), new AllowAnonymousAttribute()));
    }

    [Fact]
    public async Task A_policy_the_provider_does_not_know_fails_the_document()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => OperationSecurity.ScopesNeededAsync([new AuthorizeAttribute("no such policy")], Provider));
        await Assert.ThrowsAsync<InvalidOperationException>(() => OperationSecurity.ScopesNeededAsync([new AuthorizeAttribute(Scopes.Prove)], null));
    }

    [Fact]
    public async Task The_generated_document_carries_the_requirements_of_endpoints_declared_with_RequireAuthorization()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IAuthorizationPolicyProvider>(Provider);
        builder.Services.AddAuthorization();
        builder.Services.AddOpenApi("test", options =>
        {
            options.AddOperationTransformer<OperationSecurity>();
            options.AddDocumentTransformer<OperationSecurity>();
        });
        await using var app = builder.Build();
        app.MapGet("/proved", () => "proved").WithName("Proved").RequireAuthorization(Scopes.Prove);
        app.MapGet("/either", () => "either").WithName("Either").RequireAuthorization("prove or verify");
        app.MapGroup("/group").RequireAuthorization(Scopes.Prove).MapGet("/both", () => "both").WithName("Both").RequireAuthorization(Scopes.Verify);
        app.MapGet("/open", () => "open").WithName("Open");
        app.MapGet("/anonymous", () => "anonymous").WithName("Anonymous").RequireAuthorization(Scopes.Prove).AllowAnonymous();
        app.MapOpenApi();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/test.json"));

        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            var operation = path.Value.GetProperty("get");
            declared[operation.GetProperty("operationId").GetString()!] = string.Join(" | ", operation.GetProperty("security").EnumerateArray()
                .Select(r => string.Join(", ", r.EnumerateObject().Select(s => $"{s.Name}[{string.Join(" ", s.Value.EnumerateArray().Select(v => v.GetString()))}]"))));
        }
        Assert.Equal("ApiKey[prove] | Bearer[prove]", declared["Proved"]);
        Assert.Equal("ApiKey[prove] | Bearer[prove] | ApiKey[verify] | Bearer[verify]", declared["Either"]);
        Assert.Equal("ApiKey[prove verify] | Bearer[prove verify]", declared["Both"]);
        Assert.Equal("", declared["Open"]);
        Assert.Equal("", declared["Anonymous"]);
        await app.StopAsync();
    }
}
