namespace CredentialHub.Circuits.Tests.Wasm;

/// <summary>
/// The circom 2 witness calculators committed under tests/Groth16.Tests/vectors (built with circom 2 from the
/// circuits in the repository's circuits/ folder), found by walking up to the folder holding CredentialHub.sln.
/// </summary>
internal static class CircomWasmFiles
{
    public static readonly string[] Circuits = ["multi", "poseidon", "nopublic"];

    public static byte[] Read(string circuit) =>
        File.ReadAllBytes(Path.Combine(RepositoryRoot(), "tests", "Groth16.Tests", "vectors", circuit, "circuit.wasm"));

    private static string RepositoryRoot()
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
