namespace CredentialHub.Security;

/// <summary>The display names ASP.NET Core routing gives the endpoints it selects to refuse a request.</summary>
internal static class RoutingRejection
{
    public const string UnsupportedMediaType = "415 HTTP Unsupported Media Type";

    public const string MethodNotAllowed = "405 HTTP Method Not Supported";
}
