using CredentialHub.Security;

namespace CredentialHub.Host.Commands;

/// <summary>The <c>keys</c> verb: API key administration in the database named by DATABASE_URL (the Security module does the work).</summary>
internal static class KeysCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? connectionString = null;
        if (Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } url)
        {
            int poolSize;
            try
            {
                poolSize = ServiceSettings.PoolSize(Environment.GetEnvironmentVariable);
            }
            catch (ConfigurationException e)
            {
                stderr.WriteLine($"configuration error: {e.Message}");
                return CommandLine.Unusable;
            }
            try
            {
                // The same bounded pool as the service's, under its own application name (pg_stat_activity tells them apart).
                connectionString = DatabasePool.Configure(DatabaseUrl.ToNpgsqlConnectionString(url.Trim()), poolSize, DatabasePool.ApplicationName + "-keys");
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
