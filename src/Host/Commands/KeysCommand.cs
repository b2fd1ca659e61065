using CredentialHub.Security;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.Extensions.Options;

namespace CredentialHub.Host.Commands;

/// <summary>The <c>keys</c> verb: API key administration in the database named by DATABASE_URL (the Security module does the work).</summary>
internal static class KeysCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        DatabaseSettings database;
        try
        {
            // The service's settings (appsettings.json, then environment variables), checked as the service checks them.
            database = SettingsBinding.Read<DatabaseSettings>(CommandLine.Configuration());
        }
        catch (OptionsValidationException e)
        {
            foreach (string failure in SettingsFailures.Of(e))
            {
                stderr.WriteLine($"configuration error: {failure}");
            }
            return CommandLine.Unusable;
        }
        // The same bounded pool as the service's, under its own application name (pg_stat_activity tells them apart).
        database.TryConnectionString(DatabasePool.ApplicationName + "-keys", out string? connectionString, out _);
        return SecurityModule.RunKeysCommand(args, connectionString, stdout, stderr);
    }
}
