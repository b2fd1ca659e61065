using System.Reflection;

namespace CredentialHub.Architecture.Tests;

/// <summary>The built host this project checks: src/Host/bin/&lt;configuration&gt;/net10.0, plugins/ included.</summary>
internal static class HostOutput
{
    internal static string Directory { get; } = Path.Combine(FindRoot(), "src", "Host", "bin", Configuration(), "net10.0");

    private static string Configuration() =>
        typeof(HostOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "HostConfiguration").Value!;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredentialHub.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("CredentialHub.sln not found");
    }
}
