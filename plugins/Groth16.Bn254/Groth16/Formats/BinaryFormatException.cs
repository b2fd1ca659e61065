namespace CredentialHub.Groth16.Formats;

/// <summary>
/// A .zkey, .wtns or .r1cs file that cannot be used: truncated, of another format or curve, or with
/// contents that contradict each other. <see cref="File"/> names the file, <see cref="Section"/> the
/// container section at fault (null when the problem is not inside one section) and <see cref="Problem"/>
/// what is wrong with it.
/// </summary>
public sealed class BinaryFormatException : Exception
{
    public BinaryFormatException(string file, int? section, string problem)
        : base(section is int id ? $"{file}: section {id}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Section = section;
        Problem = problem;
    }

    public string File { get; }

    public int? Section { get; }

    public string Problem { get; }
}
