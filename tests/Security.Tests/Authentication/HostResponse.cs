using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>What <see cref="SecurityHost"/> answered: the status and headers, the problem document of a refusal, whether the endpoint was reached and as whom.</summary>
internal sealed record HostResponse(int Status, IHeaderDictionary Headers, JsonObject? Problem, bool Reached, ClaimsPrincipal? Caller, string? MediaType)
{
    public string Detail => Problem?["detail"]?.GetValue<string>() ?? "";
}
