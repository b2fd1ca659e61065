namespace CredentialHub.Credentials.Api;

/// <summary>The body of an issue request (documentation only: the endpoint reads the body itself to keep attribute values out of shared buffers).</summary>
internal sealed record IssueRequest(string Subject, string Type, string? ExpiresAt, IReadOnlyList<AttributeRequest> Attributes);
