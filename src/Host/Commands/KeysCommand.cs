using System.CommandLine;
using CredentialHub.Security;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.Extensions.Options;

namespace CredentialHub.Host.Commands;

/// <summary>
/// The <c>keys</c> verb and its sub-verbs <c>create</c>, <c>list</c>, <c>rotate</c>, <c>revoke</c>: API key
/// administration in the database named by DATABASE_URL (the Security module does the work). A new key is printed
/// once, alone on standard output, so that <c>KEY=$(CredentialHub.Host keys create --scope prove)</c> holds just the key.
/// </summary>
internal static class KeysCommand
{
    internal static Command Create()
    {
        var scopes = new Option<string>("--scope", "--scopes")
        {
            Description = $"the key's scopes, comma-separated: {string.Join(", ", SecurityModule.ApiKeyScopes)}, or all (required)",
            HelpName = "scope[,scope…]",
        };
        var name = new Option<string>("--name") { Description = "a label shown by keys list (default: the date it was created)", HelpName = "label" };
        var create = new Command("create", "Create an API key; it is printed once, alone on standard output.") { scopes, name };
        create.Validators.Add(result =>
        {
            if (result.GetResult(scopes) is null)
            {
                result.AddError("--scope is required (e.g. --scope prove,verify)");
            }
        });
        create.SetAction(parse => WithDatabase(parse, connection =>
            SecurityModule.CreateApiKey(connection, parse.GetRequiredValue(scopes), parse.GetValue(name), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)));

        var list = new Command("list", "List the keys on standard output: id, prefix, creation time, state and scopes (never a key).");
        list.SetAction(parse => WithDatabase(parse, connection =>
            SecurityModule.ListApiKeys(connection, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)));

        var rotateId = KeyId("rotate");
        var rotate = new Command("rotate", """
            Replace an active key by a new one (same name and scopes), printed once; the old one ends within a minute.
            Exit codes: 0 rotated, 1 no such active key, 2 unusable input.
            """) { rotateId };
        rotate.SetAction(parse => WithDatabase(parse, connection =>
            SecurityModule.RotateApiKey(connection, parse.GetValue(rotateId), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)));

        var revokeId = KeyId("revoke");
        var revoke = new Command("revoke", """
            End a key; running services stop accepting it within a minute.
            Exit codes: 0 revoked, 1 no such key, 2 unusable input.
            """) { revokeId };
        revoke.SetAction(parse => WithDatabase(parse, connection =>
            SecurityModule.RevokeApiKey(connection, parse.GetValue(revokeId), parse.InvocationConfiguration.Error)));

        var keys = new Command("keys", """
            Manage API keys in the PostgreSQL database of DATABASE_URL (appsettings.json, then the environment).
            Exit codes: 0 done, 1 no such key, 2 unusable input, settings or database.
            """) { create, list, rotate, revoke };
        // `keys help` as before: the same as `keys --help`.
        var help = new Command("help", "show this help") { Hidden = true };
        help.SetAction(parse => CommandLine.Invoke(CommandLine.Parse(["keys", "--help"]), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        keys.Add(help);
        return keys;
    }

    /// <summary>A key id argument (see <c>keys list</c>), refused while parsing when it is not one.</summary>
    private static Argument<Guid> KeyId(string verb) => new("key-id")
    {
        Description = "the key's id (see keys list)",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (Guid.TryParse(text, out var id))
            {
                return id;
            }
            result.AddError($"'{text}' is not a key id: give the key's id (see `keys list`)");
            return default;
        },
    };

    /// <summary>Reads DATABASE_URL and DB_POOL_SIZE as the service does (refusing bad values by name) and runs <paramref name="body"/> with the connection string.</summary>
    private static int WithDatabase(ParseResult parse, Func<string?, int> body)
    {
        var stderr = parse.InvocationConfiguration.Error;
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
        return body(connectionString);
    }
}
