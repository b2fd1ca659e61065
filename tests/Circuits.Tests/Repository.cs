namespace CredentialHub.Circuits.Tests;

/// <summary>The source tree, found by walking up from the test binaries to the folder holding CredentialHub.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CredentialHub.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"CredentialHub.sln not found above {AppContext.BaseDirectory}");
    }
}
