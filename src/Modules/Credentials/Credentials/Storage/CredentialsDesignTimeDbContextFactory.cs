using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CredentialHub.Credentials.Storage;

/// <summary>
/// How the EF Core tools (<c>dotnet ef migrations add</c>, <c>dotnet ef migrations has-pending-model-changes</c>)
/// make a <see cref="CredentialsDbContext"/> without running the host: with the module's own Npgsql settings
/// (<see cref="CredentialStorageRegistration.Configure"/>). Making or checking a migration opens no connection, so the connection
/// string is a placeholder; a command that does connect takes <c>--connection</c>.
/// </summary>
internal sealed class CredentialsDesignTimeDbContextFactory : IDesignTimeDbContextFactory<CredentialsDbContext>
{
    public CredentialsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CredentialsDbContext>();
        CredentialStorageRegistration.Configure(options, "Host=localhost;Database=credentialhub");
        return new CredentialsDbContext(options.Options);
    }
}
