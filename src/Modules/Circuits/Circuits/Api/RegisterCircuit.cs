using CredentialHub.Circuits.Contracts;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CredentialHub.Circuits.Api;

/// <summary>
/// <c>POST /circuits</c>: registers a circuit from uploaded artifacts (multipart) once they are checked to belong together;
/// a production circuit must send its r1cs and name a ptau in PTAU_DIR (<c>ptau_file</c>), and its key must pass the
/// trusted-setup check against them (400 naming the failed check otherwise).
/// </summary>
internal static class RegisterCircuit
{
    /// <summary>The multipart parts of an upload.</summary>
    private static readonly string[] Parts = ["configuration", "wasm", "zkey", "vkey"];

    /// <summary>The optional part: the constraint system the proving key is checked against.</summary>
    private const string R1csPart = "r1cs";

    public static RouteHandlerBuilder Map(RouteGroupBuilder group, long maxUploadBytes) =>
        group.MapPost("/", HandleAsync)
            .WithName("RegisterCircuit")
            .WithSummary("Registers a circuit from uploaded artifacts (multipart: configuration, wasm, zkey, vkey, optionally r1cs) once they are checked to belong together. A production circuit sends its r1cs and names its powers-of-tau file (ptau_file, in the server's PTAU_DIR): its key is registered only if it is shown to come from that ceremony and that r1cs.")
            .DisableAntiforgery()
            .WithMetadata(new RequestBodyLimit(maxUploadBytes))
            .RequireAuthorization(Scopes.CircuitsAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    public static async Task<Results<Created<CircuitResponse>, FieldProblem>> HandleAsync(HttpRequest request, ICircuitCatalog catalog, IOptions<CircuitsModuleOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return ProblemResults.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "a circuit upload is multipart/form-data with the parts configuration, wasm, zkey and vkey (and optionally r1cs)", "content-type");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (TooLarge(e))
        {
            return ProblemResults.Of(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"the upload is larger than the {options.Value.MaxUploadBytes} bytes allowed (CIRCUIT_UPLOAD_MAX_BYTES)", "body");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Malformed upload", $"the multipart body cannot be read: {e.Message}", "body");
        }
        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string part in Parts.Append(R1csPart))
        {
            var file = form.Files.GetFile(part);
            byte[]? bytes = null;
            if (file is not null)
            {
                if (file.Length > options.Value.MaxUploadBytes)
                {
                    return ProblemResults.Of(StatusCodes.Status413PayloadTooLarge, "Artifact too large", $"'{part}' is {file.Length} bytes; the limit is {options.Value.MaxUploadBytes}", part);
                }
                using var stream = new MemoryStream((int)file.Length);
                await file.CopyToAsync(stream, cancellationToken);
                bytes = stream.ToArray();
            }
            else if (form.TryGetValue(part, out var text) && text.Count == 1)
            {
                bytes = System.Text.Encoding.UTF8.GetBytes(text[0]!);
            }
            if (part == R1csPart && file is null && !form.ContainsKey(part))
            {
                continue;
            }
            if (bytes is null || bytes.Length == 0)
            {
                return part == R1csPart
                    ? ProblemResults.Of(StatusCodes.Status400BadRequest, "Circuit refused", "the 'r1cs' part is empty; leave it out or send the circuit's .r1cs", part)
                    : ProblemResults.Of(StatusCodes.Status400BadRequest, "Missing artifact", $"the upload has no '{part}' part", part);
            }
            parts[part] = bytes;
        }
        try
        {
            var upload = new CircuitUpload(parts["configuration"], parts["wasm"], parts["zkey"], parts["vkey"], parts.GetValueOrDefault(R1csPart));
            var circuit = await catalog.RegisterAsync(upload, cancellationToken);
            return TypedResults.Created($"/circuits/{circuit.Id}", CircuitResponse.From(circuit, null));
        }
        catch (CircuitRegistrationException e)
        {
            return e.Conflict
                ? ProblemResults.Of(StatusCodes.Status409Conflict, "Circuit already registered", e.Message, e.Field)
                : ProblemResults.Of(StatusCodes.Status400BadRequest, "Circuit refused", e.Message, e.Field);
        }
    }

    /// <summary>A body read that stopped at a size limit: the server's body cap, or a multipart section or body limit.</summary>
    private static bool TooLarge(Exception e) =>
        e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
        || (e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("exceeded", StringComparison.OrdinalIgnoreCase));
}
