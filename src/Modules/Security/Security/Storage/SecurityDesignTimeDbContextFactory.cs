using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CredentialHub.Security.Storage;

/// <summary>
/// How the EF Core tools (<c>dotnet ef migrations add</c>, <c>dotnet ef migrations has-pending-model-changes</c>)
/// make a <see cref="SecurityDbContext"/> without running the host: with the module's own Npgsql settings
/// (<see cref="SecurityStorageRegistration.Configure"/>). Making or checking a migration opens no connection, so the connection
/// string is a placeholder; a command that does connect takes <c>--connection</c>.
/// </summary>
internal sealed class SecurityDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SecurityDbContext>
{
    public SecurityDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SecurityDbContext>();
        SecurityStorageRegistration.Configure(options, "Host=localhost;Database=credentialhub");
        return new SecurityDbContext(options.Options);
    }
}
