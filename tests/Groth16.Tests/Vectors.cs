namespace CredentialHub.Groth16.Tests;

/// <summary>Locates the committed snarkjs vectors (tests/Groth16.Tests/vectors, see SOURCE.md there).</summary>
public static class Vectors
{
    internal static string Directory(string circuit) => Repository.Path("tests", "Groth16.Tests", "vectors", circuit);

    internal static byte[] Read(string circuit, string file) => File.ReadAllBytes(Path.Combine(Directory(circuit), file));

    internal static readonly string[] Circuits = ["multi", "poseidon", "nopublic"];

    /// <summary>Every (circuit, suffix) pair of the two inputs per circuit: "" for input.json, "2" for input2.json.</summary>
    public static TheoryData<string, string> CircuitsAndInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var circuit in Circuits)
        {
            data.Add(circuit, "");
            data.Add(circuit, "2");
        }
        return data;
    }
}
