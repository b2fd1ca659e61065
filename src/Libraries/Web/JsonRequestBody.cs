using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CredentialHub.Web;

/// <summary>
/// Reads a JSON request body into a buffer this module owns (so that it can be cleared once the private values in
/// it have been copied where they are needed; a module reading private values uses it instead of model binding), refusing a body over the limit or of another media type.
/// </summary>
public static class JsonRequestBody
{
    /// <summary>The body, or a problem (415, 413, 400) naming what is wrong.</summary>
    public static async Task<(byte[]? Body, FieldProblem? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ProblemResults.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "the body must be application/json", "content-type"));
        }
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }
        var buffer = new byte[Math.Min(limit + 1, (int?)request.ContentLength ?? limit + 1)];
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        Array.Clear(buffer);
                        return (null, TooLarge(limit));
                    }
                    var larger = new byte[Math.Min(limit + 1, buffer.Length * 2)];
                    buffer.CopyTo(larger, 0);
                    Array.Clear(buffer);
                    buffer = larger;
                }
                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > limit)
                {
                    Array.Clear(buffer);
                    return (null, TooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            Array.Clear(buffer);
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(limit)
                : ProblemResults.Of(e.StatusCode, "Unreadable body", $"the request body could not be read: {Framing(e)}", "body"));
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Kestrel reports some framing errors (a chunk size that overflows, say) as a plain IOException.
            Array.Clear(buffer);
            return (null, ProblemResults.Of(StatusCodes.Status400BadRequest, "Unreadable body", $"the request body could not be read: {Framing(e)}", "body"));
        }
        if (!System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(0, length)))
        {
            Array.Clear(buffer);
            return (null, ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid text", "the body is not valid UTF-8", "body"));
        }
        if (CheckDocument(buffer.AsSpan(0, length)) is { } invalid)
        {
            Array.Clear(buffer);
            return (null, ProblemResults.Of(StatusCodes.Status400BadRequest, invalid.Title, invalid.Detail, invalid.Field));
        }
        if (length == buffer.Length)
        {
            return (buffer, null);
        }
        var exact = buffer.AsSpan(0, length).ToArray();
        Array.Clear(buffer);
        return (exact, null);
    }

    public static FieldProblem TooLarge(int limit) =>
        ProblemResults.Of(StatusCodes.Status413PayloadTooLarge, "Request too large", $"the body is larger than the {limit} bytes allowed", "body");

    /// <summary>The longest string or property name accepted in a JSON body, in bytes as sent.</summary>
    public const int MaxStringBytes = 4096;

    /// <summary>
    /// What is wrong with the body's strings and names, or null: a string or name longer than
    /// <see cref="MaxStringBytes"/>; an escape that decodes to an unpaired surrogate (the JSON parser accepts such an
    /// escape, but reading the string then throws, so every endpoint would have to guard each read); a member name
    /// given twice in one object (which a parser would otherwise resolve silently, last one winning); a member name
    /// holding a control character. The field is the JSON path of the member at fault (<c>inputs.salt</c>,
    /// <c>predicates[0].op</c>), never a value. A malformed document is left to the endpoint's parser to report.
    /// </summary>
    internal static (string Title, string Detail, string Field)? CheckDocument(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        var frames = new Stack<Frame>();
        try
        {
            while (reader.Read())
            {
                var parent = frames.Count > 0 ? frames.Peek() : null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Push(new Frame(reader.TokenType == JsonTokenType.StartObject, parent is null ? "" : parent.NextChildPath()));
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        continue;
                    case JsonTokenType.PropertyName:
                        if (reader.ValueSpan.Length > MaxStringBytes)
                        {
                            return ("Invalid text", $"the body holds a member name of {reader.ValueSpan.Length} bytes; at most {MaxStringBytes} are accepted", parent!.Path.Length == 0 ? "body" : parent.Path);
                        }
                        string name;
                        try
                        {
                            name = reader.GetString()!;
                        }
                        catch (InvalidOperationException)
                        {
                            return ("Invalid text", UnpairedSurrogate, parent!.Path.Length == 0 ? "body" : parent.Path);
                        }
                        string path = Frame.Join(parent!.Path, RequestText.Printable(name));
                        if (RequestText.HasControlCharacter(name))
                        {
                            return ("Invalid member name", $"the member name '{RequestText.Printable(name)}' holds a control character (U+0000–U+001F or U+007F–U+009F)", path);
                        }
                        if (!(parent.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                        {
                            return ("Duplicate member", $"'{RequestText.Printable(name)}' is given twice in the same object; give each member once", path);
                        }
                        parent.Pending = name;
                        continue;
                    case JsonTokenType.String:
                        parent?.NextChildPath();
                        if (reader.ValueSpan.Length > MaxStringBytes)
                        {
                            return ("Invalid text", $"the body holds a string of {reader.ValueSpan.Length} bytes; at most {MaxStringBytes} are accepted", "body");
                        }
                        if (reader.ValueIsEscaped)
                        {
                            try
                            {
                                reader.GetString();
                            }
                            catch (InvalidOperationException)
                            {
                                return ("Invalid text", UnpairedSurrogate, "body");
                            }
                        }
                        continue;
                    default:
                        parent?.NextChildPath();
                        continue;
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private const string UnpairedSurrogate = "the body holds a string with an unpaired UTF-16 surrogate escape (\\uD800–\\uDFFF alone), which is not text";

    /// <summary>What a framing error says, without anything of the body (Kestrel's messages name the framing only).</summary>
    private static string Framing(Exception e) =>
        e.Message.Length is > 0 and <= 200 && !e.Message.Contains('{', StringComparison.Ordinal) ? e.Message.TrimEnd('.') : "malformed framing";

    /// <summary>An object or array being read: its JSON path, the member names seen (objects) or the index reached (arrays).</summary>
    private sealed class Frame(bool isObject, string path)
    {
        private int _index = -1;

        public string Path { get; } = path;

        public HashSet<string>? Names { get; set; }

        /// <summary>The member whose value comes next (objects).</summary>
        public string? Pending { get; set; }

        /// <summary>The path of the value about to be read in this container; advances an array's index.</summary>
        public string NextChildPath() =>
            isObject ? Join(Path, RequestText.Printable(Pending ?? "")) : $"{(Path.Length == 0 ? "body" : Path)}[{++_index}]";

        public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
    }
}
