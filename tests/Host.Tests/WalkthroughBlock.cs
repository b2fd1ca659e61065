namespace CredentialHub.Host.Tests;

/// <summary>
/// One <c>sh</c> block of a README walkthrough: the section it is in, the README line of its opening fence, its code,
/// the outputs it documents (its <c># → …</c> lines, where <c>…</c> stands for anything) and whether it is run
/// (a block preceded by <c>&lt;!-- walkthrough:shown-only --&gt;</c> is shown to the reader only).
/// </summary>
public sealed record WalkthroughBlock(string Section, int Line, string Code, IReadOnlyList<string> Expected, bool Run);
