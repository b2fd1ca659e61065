namespace CredentialHub.TestSupport;

/// <summary>The source tree, found by walking up from the test binaries to the folder holding CredentialHub.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the repository root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CredentialHub.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"CredentialHub.sln not found above {AppContext.BaseDirectory}");
    }
}
