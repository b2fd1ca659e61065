using CredentialHub.Circuits.Contracts;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using CredentialHub.Web;

namespace CredentialHub.Circuits.Api;

/// <summary><c>GET /circuits</c>, <c>GET /circuits/{id}</c>, its verification key, and <c>POST /circuits</c> (multipart upload).</summary>
internal static class CircuitsEndpoints
{
    /// <summary>The multipart parts of an upload.</summary>
    private static readonly string[] Parts = ["configuration", "wasm", "zkey", "vkey"];

    /// <summary>The optional part: the constraint system the proving key is checked against.</summary>
    private const string R1csPart = "r1cs";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app, long maxUploadBytes)
    {
        var group = app.MapGroup("/circuits").WithTags("Circuits");
        group.MapGet("/", ListAsync)
            .WithName("ListCircuits")
            .WithSummary("Every circuit this service proves and verifies.");
        group.MapGet("/{id}", FindAsync)
            .WithName("GetCircuit")
            .WithSummary("One circuit: what it proves, its inputs, its public signals, the SHA-256 of its artifacts and whether it is in service (out of service: a faulty proving key, with the reason).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/verification_key", VerificationKeyAsync)
            .WithName("GetVerificationKey")
            .WithSummary("The circuit's verification key, as snarkjs reads it (snarkjs groth16 verify).")
            .Produces<System.Text.Json.JsonElement>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", RegisterAsync)
            .WithName("RegisterCircuit")
            .WithSummary("Registers a circuit from uploaded artifacts (multipart: configuration, wasm, zkey, vkey, optionally r1cs) once they are checked to belong together.")
            .DisableAntiforgery()
            .WithMetadata(new RequestBodyLimit(maxUploadBytes))
            .WithMetadata(new RequiredScope(Scopes.CircuitsAdmin))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<Ok<CircuitListResponse>> ListAsync(ICircuitCatalog catalog, CancellationToken cancellationToken)
    {
        var circuits = await catalog.ListAsync(cancellationToken);
        return TypedResults.Ok(new CircuitListResponse([.. circuits.Select(c => CircuitResponse.From(c, catalog.FindOutage(c.Id)))]));
    }

    private static async Task<IResult> FindAsync(string id, ICircuitCatalog catalog, CancellationToken cancellationToken) =>
        (IResult?)RequestText.CheckIdentifier(id, "id") ?? (await catalog.FindAsync(id, cancellationToken) is { } circuit
            ? TypedResults.Ok(CircuitResponse.From(circuit, catalog.FindOutage(circuit.Id)))
            : NotFound(id));

    private static async Task<IResult> VerificationKeyAsync(string id, ICircuitCatalog catalog, CancellationToken cancellationToken)
    {
        if (RequestText.CheckIdentifier(id, "id") is { } invalid)
        {
            return invalid;
        }
        if (await catalog.FindAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }
        var circuit = await catalog.LoadAsync(id, cancellationToken);
        return TypedResults.Text(circuit.VerificationKeyJson, "application/json");
    }

    private static async Task<Results<Created<CircuitResponse>, ProblemHttpResult>> RegisterAsync(HttpRequest request, ICircuitCatalog catalog, CircuitsModuleOptions options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "a circuit upload is multipart/form-data with the parts configuration, wasm, zkey and vkey (and optionally r1cs)", "content-type");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (TooLarge(e))
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"the upload is larger than the {options.MaxUploadBytes} bytes allowed (CIRCUIT_UPLOAD_MAX_BYTES)", "body");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed upload", $"the multipart body cannot be read: {e.Message}", "body");
        }
        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string part in Parts.Append(R1csPart))
        {
            var file = form.Files.GetFile(part);
            byte[]? bytes = null;
            if (file is not null)
            {
                if (file.Length > options.MaxUploadBytes)
                {
                    return Problem(StatusCodes.Status413PayloadTooLarge, "Artifact too large", $"'{part}' is {file.Length} bytes; the limit is {options.MaxUploadBytes}", part);
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
                    ? Problem(StatusCodes.Status400BadRequest, "Circuit refused", "the 'r1cs' part is empty; leave it out or send the circuit's .r1cs", part)
                    : Problem(StatusCodes.Status400BadRequest, "Missing artifact", $"the upload has no '{part}' part", part);
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
                ? Problem(StatusCodes.Status409Conflict, "Circuit already registered", e.Message, e.Field)
                : Problem(StatusCodes.Status400BadRequest, "Circuit refused", e.Message, e.Field);
        }
    }

    /// <summary>A body read that stopped at a size limit: the server's body cap, or a multipart section or body limit.</summary>
    private static bool TooLarge(Exception e) =>
        e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
        || (e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("exceeded", StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult NotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, "Unknown circuit", $"there is no circuit '{RequestText.Printable(id)}'", "id");

    private static ProblemHttpResult Problem(int status, string title, string detail, string field) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["field"] = field });
}

/// <summary>
/// A circuit as the API shows it. <c>Status</c> is "in-service" or "out-of-service" (its proving key made a proof that
/// failed its own verification: no proofs until an operator replaces the key; <c>OutOfService</c> says why and since when).
/// </summary>
internal sealed record CircuitResponse(
    string Id,
    string Description,
    int MaxAttributes,
    string SecurityLevel,
    string Protocol,
    string Curve,
    int PublicSignals,
    IReadOnlyList<CircuitInputResponse> Inputs,
    int? MaxRequestBytes,
    IReadOnlyDictionary<string, string> Sha256,
    string Origin,
    DateTimeOffset? RegisteredAt,
    string Status,
    CircuitOutageResponse? OutOfService)
{
    public const string InService = "in-service";

    public static CircuitResponse From(CircuitDescriptor d, CircuitOutage? outage) => new(
        d.Id, d.Description, d.MaxAttributes, d.SecurityLevel, d.Protocol, d.Curve, d.PublicSignalCount,
        [.. d.Inputs.Select(i => new CircuitInputResponse(i.Name, i.Length, i.Bits, i.DecimalOnly))],
        d.MaxRequestBytes, d.Artifacts, d.Origin, d.RegisteredAt,
        outage is null ? InService : CircuitOutage.Status,
        outage is null ? null : new CircuitOutageResponse(outage.Reason, outage.Remedy, outage.Since));
}

/// <summary>Why a circuit is out of service, what an operator must do, and since when.</summary>
internal sealed record CircuitOutageResponse(string Reason, string Remedy, DateTimeOffset Since);

internal sealed record CircuitInputResponse(string Name, int Length, int? Bits, bool DecimalOnly);

internal sealed record CircuitListResponse(IReadOnlyList<CircuitResponse> Circuits);
