using CredentialHub.Security;

namespace CredentialHub.Host.Commands;

/// <summary>The <c>keys</c> verb: API key administration in the database named by DATABASE_URL (the Security module does the work).</summary>
internal static class KeysVerb
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? connectionString = null;
        if (Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } url)
        {
            try
            {
                connectionString = DatabaseUrl.ToNpgsqlConnectionString(url.Trim());
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"configuration error: DATABASE_URL {e.Message}");
                return CommandLine.Unusable;
            }
        }
        return SecurityModule.RunKeysCommand(args, connectionString, stdout, stderr);
    }
}
