using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace CredentialHub.Circuits.Catalog;

/// <summary>
/// A SHA256SUMS file as <c>sha256sum</c> writes it: one "&lt;64 hex digits&gt; &lt;space&gt;&lt;space or *&gt;&lt;name&gt;"
/// per line. Every artifact a circuit serves must be listed and match.
/// </summary>
internal sealed partial class Checksums
{
    public const string FileName = "SHA256SUMS";

    private readonly Dictionary<string, string> _byName;

    private Checksums(Dictionary<string, string> byName) => _byName = byName;

    public static Checksums Parse(string text)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"{FileName} line {number} is not '<sha256>  <file>'");
            }
            if (!byName.TryAdd(match.Groups[2].Value, match.Groups[1].Value.ToLowerInvariant()))
            {
                throw new FormatException($"{FileName} lists {match.Groups[2].Value} twice");
            }
        }
        return new Checksums(byName);
    }

    /// <summary>The listed SHA-256 of <paramref name="name"/>, or null.</summary>
    public string? Of(string name) => _byName.GetValueOrDefault(name);

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [GeneratedRegex("^([0-9a-fA-F]{64}) [ *](.+)$")]
    private static partial Regex LinePattern();
}
