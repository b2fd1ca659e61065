using Microsoft.AspNetCore.Http;

namespace CredentialHub.Web;

/// <summary>
/// Checks on text that names something (identifiers, member names, file names): control characters are refused at
/// the API in every storage mode, so that an identifier such as <c>"solvency\u0000"</c> is the same clear 400 whether
/// the service keeps its data in memory or in PostgreSQL (which cannot store U+0000 at all).
/// </summary>
public static class RequestText
{
    /// <summary>Whether the text holds a control character: C0 (U+0000–U+001F), DEL (U+007F) or C1 (U+0080–U+009F).</summary>
    public static bool HasControlCharacter(ReadOnlySpan<char> text) =>
        text.IndexOfAnyInRange('\u0000', '\u001f') >= 0 || text.IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    /// <summary>A 400 naming the field when an identifier holds a control character, else null.</summary>
    public static FieldProblem? CheckIdentifier(string value, string field) =>
        HasControlCharacter(value)
            ? ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid identifier",
                $"{field} holds a control character (U+0000–U+001F or U+007F–U+009F), which no identifier of this service contains", field)
            : null;

    /// <summary>The text shortened for a message, with control characters shown as \uXXXX escapes.</summary>
    public static string Printable(string text, int max = 64)
    {
        string shortened = text.Length <= max ? text : text[..max] + "…";
        if (!HasControlCharacter(shortened))
        {
            return shortened;
        }
        var builder = new System.Text.StringBuilder(shortened.Length + 16);
        foreach (char c in shortened)
        {
            if (HasControlCharacter([c]))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
