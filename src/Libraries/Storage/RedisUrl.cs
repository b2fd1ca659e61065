namespace CredentialHub.Storage;

/// <summary>
/// REDIS_URL as StackExchange.Redis configuration: <c>redis://[:password@]host[:port][/db]</c>, or a
/// configuration string (<c>host:port,password=…</c>) as is. Connection failures are not fatal: the client keeps
/// retrying in the background (abortConnect=false) and the service works without the cache meanwhile.
/// </summary>
public static class RedisUrl
{
    public static string ToConfiguration(string value)
    {
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            return value.Contains("abortConnect", StringComparison.OrdinalIgnoreCase) ? value : $"{value},abortConnect=false";
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            throw new ArgumentException("must look like redis://[:password@]host[:port][/db]");
        }
        var parts = new List<string> { $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}", "abortConnect=false" };
        if (uri.UserInfo.Length > 0)
        {
            string info = Uri.UnescapeDataString(uri.UserInfo);
            string password = info.Contains(':', StringComparison.Ordinal) ? info[(info.IndexOf(':', StringComparison.Ordinal) + 1)..] : info;
            if (password.Length > 0)
            {
                parts.Add($"password={password}");
            }
        }
        string db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0)
        {
            if (!int.TryParse(db, out int index) || index < 0)
            {
                throw new ArgumentException("has a database number that is not a whole number");
            }
            parts.Add($"defaultDatabase={index}");
        }
        if (uri.Scheme == "rediss")
        {
            parts.Add("ssl=true");
        }
        return string.Join(',', parts);
    }
}
