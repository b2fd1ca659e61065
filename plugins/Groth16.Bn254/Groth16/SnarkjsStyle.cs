using System.Text.Json;

namespace CredentialHub.Groth16;

/// <summary>snarkjs's JSON layout: one-space indentation, arrays one element per line, no trailing newline.</summary>
internal static class SnarkjsStyle
{
    internal static string Serialize(object value)
    {
        var sb = new System.Text.StringBuilder();
        Write(sb, value, 0);
        return sb.ToString();
    }

    private static void Write(System.Text.StringBuilder sb, object value, int depth)
    {
        switch (value)
        {
            case string s:
                AppendQuoted(sb, s);
                break;
            case int i:
                sb.Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case IDictionary<string, object> map:
                WriteContainer(sb, '{', '}', map.Select(kv => (object)kv), depth, (item, d) =>
                {
                    var kv = (KeyValuePair<string, object>)item;
                    AppendQuoted(sb, kv.Key);
                    sb.Append(": ");
                    Write(sb, kv.Value, d);
                });
                break;
            case System.Collections.IEnumerable list:
                WriteContainer(sb, '[', ']', list.Cast<object>(), depth, (item, d) => Write(sb, item, d));
                break;
            default:
                throw new ArgumentException($"cannot serialise {value.GetType()}");
        }
    }

    /// <summary>A JSON string, escaped as System.Text.Json escapes by default (no reflection: the prover also runs compiled ahead of time).</summary>
    private static void AppendQuoted(System.Text.StringBuilder sb, string value) =>
        sb.Append('"').Append(JsonEncodedText.Encode(value).Value).Append('"');

    private static void WriteContainer(System.Text.StringBuilder sb, char open, char close, IEnumerable<object> items, int depth, Action<object, int> writeItem)
    {
        var all = items.ToList();
        if (all.Count == 0)
        {
            // bfj, which snarkjs writes with, breaks the line even in an empty container: "[\n]".
            sb.Append(open).Append('\n').Append(' ', depth).Append(close);
            return;
        }
        sb.Append(open).Append('\n');
        for (int i = 0; i < all.Count; i++)
        {
            sb.Append(' ', depth + 1);
            writeItem(all[i], depth + 1);
            sb.Append(i + 1 < all.Count ? ",\n" : "\n");
        }
        sb.Append(' ', depth).Append(close);
    }
}
