namespace CredentialHub.Security.Contracts;

/// <summary>
/// Endpoint metadata: the largest request body the endpoint accepts, in place of the service-wide default
/// (MAX_REQUEST_BYTES). Attach with <c>.WithMetadata(new RequestBodyLimit(bytes))</c>; the Security module's
/// middleware enforces it before the endpoint reads anything (413 with a problem document).
/// </summary>
public sealed record RequestBodyLimit(long Bytes);
