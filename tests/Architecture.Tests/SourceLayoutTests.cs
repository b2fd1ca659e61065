using System.Text.RegularExpressions;

namespace CredentialHub.Architecture.Tests;

/// <summary>
/// The layout conventions of docs/architecture.md that live in the source tree rather than in the assemblies: one
/// top-level type per file, in a file named after it (partial parts as <c>Type.Part.cs</c>).
/// </summary>
public partial class SourceLayoutTests
{
    [GeneratedRegex(@"^(?:(?:public|internal|file)\s+)?(?:(?:sealed|static|abstract|readonly|partial|ref|unsafe)\s+)*(?:record\s+(?:class|struct)|class|record|struct|interface|enum)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    /// <summary>Every C# file of the product (src/ and plugins/; generated EF migrations aside), relative to the root.</summary>
    private static List<string> Files() =>
        [.. new[] { "src", "plugins" }
            .SelectMany(top => Directory.EnumerateFiles(Repository.Path(top), "*.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> SourceFiles() => new(Files());

    [Fact]
    public void The_source_tree_is_found()
    {
        var files = Files();
        Assert.Contains("src/Host/Program.cs", files);
        Assert.Contains("plugins/Groth16.Bn254/Groth16/Groth16ProofSystem.cs", files);
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void A_file_declares_one_top_level_type_named_like_the_file(string file)
    {
        var types = TopLevelType().Matches(File.ReadAllText(Repository.Path(file))).Select(m => m.Groups[1].Value).ToList();
        if (types.Count == 0)
        {
            return; // top-level statements (Program.cs) or assembly attributes
        }
        Assert.True(types.Count == 1, $"{file} declares {types.Count} top-level types ({string.Join(", ", types)}): give each its own file");
        string name = Path.GetFileName(file).Split('.')[0];
        Assert.True(types[0] == name, $"{file} declares {types[0]}: name the file {types[0]}.cs");
    }
}
