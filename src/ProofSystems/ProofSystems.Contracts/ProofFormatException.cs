namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// An input document that cannot be read: malformed JSON, a missing or mistyped field, a value of the
/// wrong shape. <see cref="Path"/> is the JSON path of the field at fault ("$" for the whole document).
/// </summary>
public sealed class ProofFormatException : Exception
{
    public ProofFormatException(ProofDocument document, string path, string problem)
        : base($"{path}: {problem}")
    {
        Document = document;
        Path = path;
        Problem = problem;
    }

    public ProofDocument Document { get; }

    public string Path { get; }

    public string Problem { get; }
}
