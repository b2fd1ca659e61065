using System.Text;

namespace CredentialHub.Host.Commands;

/// <summary>64-byte ceremony hashes written as snarkjs prints them (snarkjs src/misc.js formatHash).</summary>
internal static class HashText
{
    /// <summary>
    /// Four lines of four groups of eight hexadecimal digits, each line indented by two tabs, after the title line
    /// when there is one.
    /// </summary>
    internal static string Format(ReadOnlySpan<byte> hash, string? title = null)
    {
        var text = new StringBuilder();
        if (title is not null)
        {
            text.Append(title).Append('\n');
        }
        for (int line = 0; line < hash.Length / 16; line++)
        {
            if (line > 0)
            {
                text.Append('\n');
            }
            text.Append("\t\t");
            for (int group = 0; group < 4; group++)
            {
                if (group > 0)
                {
                    text.Append(' ');
                }
                text.Append(Convert.ToHexStringLower(hash.Slice(line * 16 + group * 4, 4)));
            }
        }
        return text.ToString();
    }
}
