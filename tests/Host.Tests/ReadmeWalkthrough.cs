using System.Text;
using System.Text.RegularExpressions;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The README's walkthroughs: the <c>sh</c> blocks between <c>&lt;!-- walkthrough:NAME:begin --&gt;</c> and
/// <c>&lt;!-- walkthrough:NAME:end --&gt;</c>, as one bash script that runs them in order in one session, with the
/// reader's settings (<c>BASE=</c>, <c>KEY=</c>, <c>H=</c> at the start of a line) replaced by the test's, and the
/// check of each block's documented outputs against what it printed.
/// </summary>
public static partial class ReadmeWalkthrough
{
    /// <summary>What the script prints before block <c>i</c> (on standard output; standard error is merged into it).</summary>
    private const string BeginMarker = "@@walkthrough block ";

    /// <summary>What the script prints after the last block.</summary>
    public const string DoneMarker = "@@walkthrough done@@";

    /// <summary>The <c>sh</c> blocks of the named sections, in README order, each section's markers required.</summary>
    public static IReadOnlyList<WalkthroughBlock> Blocks(string readme, params string[] sections)
    {
        var lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<WalkthroughBlock>();
        foreach (string section in sections)
        {
            string begin = $"<!-- walkthrough:{section}:begin -->";
            string end = $"<!-- walkthrough:{section}:end -->";
            int first = Array.FindIndex(lines, l => l.Trim() == begin);
            int last = Array.FindIndex(lines, l => l.Trim() == end);
            if (first < 0 || last < first || lines.Count(l => l.Trim() == begin) != 1 || lines.Count(l => l.Trim() == end) != 1)
            {
                throw new FormatException($"README.md must hold '{begin}' once, then '{end}' once");
            }
            int count = blocks.Count;
            bool shownOnly = false;
            for (int i = first + 1; i < last; i++)
            {
                string line = lines[i];
                if (line.Trim() == "<!-- walkthrough:shown-only -->")
                {
                    shownOnly = true;
                    continue;
                }
                if (!line.StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }
                int close = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
                if (close < 0 || close > last)
                {
                    throw new FormatException($"README.md line {i + 1}: a code block that does not close before '{end}'");
                }
                if (line.TrimEnd() == "```sh")
                {
                    var code = lines[(i + 1)..close];
                    var expected = code.Select(l => l.TrimStart()).Where(l => l.StartsWith("# →", StringComparison.Ordinal))
                        .Select(l => l["# →".Length..].Trim()).ToList();
                    blocks.Add(new WalkthroughBlock(section, i + 1, string.Join('\n', code), expected, !shownOnly));
                }
                shownOnly = false;
                i = close;
            }
            if (blocks.Count == count)
            {
                throw new FormatException($"README.md has no sh block between '{begin}' and '{end}'");
            }
        }
        return blocks;
    }

    /// <summary>
    /// One bash script running every block that is run, in order: <c>set -euo pipefail</c>, standard error merged into
    /// standard output, a marker before each block and one after the last; each line assigning one of
    /// <paramref name="settings"/> (<c>NAME=…</c> at the start of a line) assigns the test's value instead. Throws when a
    /// setting is never assigned (the README renamed it).
    /// </summary>
    public static string Script(IReadOnlyList<WalkthroughBlock> blocks, IReadOnlyDictionary<string, string> settings)
    {
        var script = new StringBuilder("set -euo pipefail\nexec 2>&1\n");
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < blocks.Count; i++)
        {
            if (!blocks[i].Run)
            {
                continue;
            }
            script.Append($"printf '\\n%s\\n' '{BeginMarker}{i}@@'\n");
            foreach (string line in blocks[i].Code.Split('\n'))
            {
                var setting = SettingPattern().Match(line);
                if (setting.Success && settings.TryGetValue(setting.Groups[1].Value, out string? value))
                {
                    assigned.Add(setting.Groups[1].Value);
                    script.Append(setting.Groups[1].Value).Append('=').Append(Quote(value)).Append('\n');
                }
                else
                {
                    script.Append(line).Append('\n');
                }
            }
        }
        script.Append($"printf '\\n%s\\n' '{DoneMarker}'\n");
        var missing = settings.Keys.Where(name => !assigned.Contains(name)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"no walkthrough block assigns {string.Join(", ", missing)} at the start of a line (NAME=…): the test sets them to its own host's values");
        }
        return script.ToString();
    }

    /// <summary>What each block printed, by block index, from the script's output; a block that did not start is absent.</summary>
    public static IReadOnlyDictionary<int, string> Outputs(string output)
    {
        var outputs = new Dictionary<int, string>();
        var parts = output.Split(BeginMarker);
        foreach (string part in parts.Skip(1))
        {
            int end = part.IndexOf("@@", StringComparison.Ordinal);
            int index = int.Parse(part[..end], System.Globalization.CultureInfo.InvariantCulture);
            string text = part[(end + 2)..];
            int done = text.IndexOf(DoneMarker, StringComparison.Ordinal);
            outputs[index] = (done >= 0 ? text[..done] : text).Trim('\n');
        }
        return outputs;
    }

    /// <summary>The documented outputs of a block that no line of its output matches (<c>…</c> matches anything; colours ignored).</summary>
    public static IReadOnlyList<string> Unmatched(WalkthroughBlock block, string output)
    {
        var lines = AnsiPattern().Replace(output, "").Split('\n').Select(l => l.Trim()).ToList();
        return block.Expected.Where(expected =>
        {
            var pattern = new Regex("^" + string.Join(".*", expected.Split('…').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
            return !lines.Any(pattern.IsMatch);
        }).ToList();
    }

    /// <summary>A value as one single-quoted bash word.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^([A-Z][A-Z0-9_]*)=")]
    private static partial Regex SettingPattern();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiPattern();
}
