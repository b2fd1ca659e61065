using System.Reflection;
using System.Runtime.Loader;

namespace CredentialHub.Architecture.Tests;

/// <summary>
/// Every EF Core context of the product has a migration for its model as the code has it: <c>dotnet ef migrations
/// has-pending-model-changes</c> (the tool of .config/dotnet-tools.json, after <c>dotnet tool restore</c>) run for
/// each context found in the built host's assemblies, against the assemblies already built (<c>--no-build</c>, the
/// configuration these tests were built in). A model changed without <c>dotnet ef migrations add</c> fails here.
/// </summary>
public class PendingModelChangesTests
{
    private static readonly Lazy<List<(string Project, string Context)>> Found = new(FindContexts);

    public static TheoryData<string, string> Contexts()
    {
        var data = new TheoryData<string, string>();
        foreach (var (project, context) in Found.Value)
        {
            data.Add(project, context);
        }
        return data;
    }

    [Fact]
    public void The_context_of_every_module_with_a_database_is_found()
    {
        Assert.Equal(
            [
                ("src/Modules/Circuits/Circuits/Circuits.csproj", "CircuitsDbContext"),
                ("src/Modules/Credentials/Credentials/Credentials.csproj", "CredentialsDbContext"),
                ("src/Modules/Proofs/Proofs/Proofs.csproj", "ProofsDbContext"),
                ("src/Modules/Security/Security/Security.csproj", "SecurityDbContext"),
            ],
            Found.Value);
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public async Task The_model_has_no_change_without_a_migration(string project, string context)
    {
        var (exitCode, output) = await ExternalProcess.RunAsync(
            "dotnet",
            ["ef", "migrations", "has-pending-model-changes", "--project", project, "--startup-project", project, "--context", context, "--no-build", "--configuration", HostProcess.Configuration],
            Repository.Root,
            timeout: TimeSpan.FromMinutes(3),
            installHint: "install the .NET 10 SDK");

        Assert.False(
            output.Contains("dotnet tool restore", StringComparison.Ordinal) || output.Contains("Could not execute because the specified command or file was not found", StringComparison.Ordinal),
            $"the dotnet-ef tool is not restored: run `dotnet tool restore` at the repository root\n{output}");
        Assert.True(exitCode == 0, $"{context} ({project}) has model changes without a migration: run `dotnet ef migrations add <Name> --project {project} --startup-project {project}` (exit code {exitCode})\n{output}");
        Assert.Contains("No changes have been made to the model since the last migration.", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every class deriving from DbContext in the CredentialHub assemblies of the host output, with the project that
    /// builds its assembly (CredentialHub.&lt;P&gt; comes from &lt;P&gt;.csproj under src/).
    /// </summary>
    private static List<(string Project, string Context)> FindContexts()
    {
        var projects = Directory.EnumerateFiles(Repository.Path("src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(p => "CredentialHub." + Path.GetFileNameWithoutExtension(p), p => Path.GetRelativePath(Repository.Root, p).Replace('\\', '/'), StringComparer.Ordinal);
        var context = new HostDirectoryLoadContext(HostProcess.HostDirectory);
        var found = new List<(string Project, string Context)>();
        foreach (string file in Directory.GetFiles(HostProcess.HostDirectory, ArchitectureRules.Prefix + "*.dll"))
        {
            var assembly = context.LoadFromAssemblyPath(file);
            foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && DerivesFromDbContext(t)))
            {
                string name = assembly.GetName().Name!;
                Assert.True(projects.TryGetValue(name, out string? project), $"no project under src/ builds {name}, which has {type.FullName}");
                found.Add((project!, type.Name));
            }
        }
        return [.. found.OrderBy(c => c.Project, StringComparer.Ordinal).ThenBy(c => c.Context, StringComparer.Ordinal)];
    }

    private static bool DerivesFromDbContext(Type type)
    {
        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (baseType.FullName == "Microsoft.EntityFrameworkCore.DbContext")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Resolves an assembly from the host output first, then from the test process (the shared frameworks).</summary>
    private sealed class HostDirectoryLoadContext(string directory) : AssemblyLoadContext(name: "pending-model-changes", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
