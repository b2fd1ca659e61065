namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// A binary artifact (zkey, wtns, r1cs, ...) that cannot be used: truncated, corrupt, oversized, of another
/// curve or protocol. The message names the file, the section (when the problem is in one) and the problem.
/// </summary>
public class ArtifactFormatException : Exception
{
    public ArtifactFormatException(string file, int? section, string problem)
        : base(section is { } id ? $"{file}: section {id}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Section = section;
        Problem = problem;
    }

    public string File { get; }

    public int? Section { get; }

    public string Problem { get; }
}
