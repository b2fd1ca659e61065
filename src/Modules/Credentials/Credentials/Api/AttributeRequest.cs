using System.Text.Json;

namespace CredentialHub.Credentials.Api;

/// <summary>One attribute: a name, a declared type (string, integer, date, boolean) and a value of that type.</summary>
internal sealed record AttributeRequest(string Name, string Type, JsonElement Value);
