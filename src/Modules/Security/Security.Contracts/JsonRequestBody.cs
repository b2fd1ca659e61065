using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CredentialHub.Security.Contracts;

/// <summary>
/// Reads a JSON request body into a buffer this module owns (so that it can be cleared once the private values in
/// it have been copied where they are needed; a module reading private values uses it instead of model binding), refusing a body over the limit or of another media type.
/// </summary>
public static class JsonRequestBody
{
    /// <summary>The body, or a problem (415, 413, 400) naming what is wrong.</summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
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
            return (null, ProblemResults.Of(e.StatusCode, "Unreadable body", "the request body could not be read", "body"));
        }
        if (!System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(0, length)))
        {
            Array.Clear(buffer);
            return (null, ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid text", "the body is not valid UTF-8", "body"));
        }
        if (CheckStrings(buffer.AsSpan(0, length)) is { } invalid)
        {
            Array.Clear(buffer);
            return (null, ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid text", invalid, "body"));
        }
        if (length == buffer.Length)
        {
            return (buffer, null);
        }
        var exact = buffer.AsSpan(0, length).ToArray();
        Array.Clear(buffer);
        return (exact, null);
    }

    public static IResult TooLarge(int limit) =>
        ProblemResults.Of(StatusCodes.Status413PayloadTooLarge, "Request too large", $"the body is larger than the {limit} bytes allowed", "body");

    /// <summary>The longest string or property name accepted in a JSON body, in bytes as sent.</summary>
    public const int MaxStringBytes = 4096;

    /// <summary>
    /// What is wrong with the body's strings, or null: a string or name longer than <see cref="MaxStringBytes"/>, or
    /// an escape that decodes to an unpaired surrogate (the JSON parser accepts such an escape, but reading the
    /// string then throws, so every endpoint would have to guard each read). A malformed document is left to the
    /// endpoint's parser to report.
    /// </summary>
    private static string? CheckStrings(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }
                if (reader.ValueSpan.Length > MaxStringBytes)
                {
                    return $"the body holds a string of {reader.ValueSpan.Length} bytes; at most {MaxStringBytes} are accepted";
                }
                if (reader.ValueIsEscaped)
                {
                    try
                    {
                        reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return "the body holds a string with an unpaired UTF-16 surrogate escape (\\uD800–\\uDFFF alone), which is not text";
                    }
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
