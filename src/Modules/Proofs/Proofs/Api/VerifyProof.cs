using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Monitoring.Contracts;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Presentations;
using CredentialHub.Proofs.Storage;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Api;

/// <summary>
/// <c>POST /proofs/verify</c>: a stored proof by id, or a proof and its public signals against a circuit's key; a
/// credential presentation is checked by <see cref="CredentialPresentations"/> too.
/// </summary>
internal static class VerifyProof
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/verify", HandleAsync)
            .WithName("VerifyProof")
            .RequireAuthorization(Scopes.Verify)
            .WithSummary("Verifies a stored proof by id, or a proof and public signals against a circuit's key.")
            .Accepts<VerifyRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The services the endpoint uses.</summary>
    internal readonly record struct Services(
        ICircuitCatalog Catalog,
        CredentialPresentations Presentations,
        IProofStore Store,
        VerificationBatcher Verifier,
        ProofMetrics Metrics,
        IOptions<ProofsModuleOptions> Options);

    public static async Task<Results<Ok<VerifyResponse>, FieldProblem>> HandleAsync(HttpRequest request, [AsParameters] Services services, CancellationToken cancellationToken)
    {
        var (catalog, presentations, store, verifier, metrics, options) = services;
        var (body, problem) = await JsonRequestBody.ReadAsync(request, options.Value.MaxRequestBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.AsMemory(), ProofsApi.DocumentOptions);
        }
        catch (JsonException e)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Malformed JSON", $"the body is not a well-formed JSON document (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", "body");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "the body must be a JSON object: {proof_id} or {circuit_id, proof, public_signals}", "body");
            }
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("proof_id" or "circuit_id" or "proof" or "public_signals" or "nonce" or "presentation"))
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"'{ProofProblems.Shorten(property.Name)}' is not a field of a verify request", ProofProblems.Shorten(property.Name));
                }
            }
            Guid? proofId = null;
            string circuitId;
            string? storedPresentation = null;
            byte[] proofJson, publicJson;
            if (root.TryGetProperty("proof_id", out var idElement))
            {
                if (root.TryGetProperty("proof", out _) || root.TryGetProperty("public_signals", out _) || root.TryGetProperty("circuit_id", out _))
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "give either proof_id alone or circuit_id, proof and public_signals", "proof_id");
                }
                if (idElement.ValueKind != JsonValueKind.String || !Guid.TryParseExact(idElement.GetString(), "D", out var parsed))
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "proof_id must be a proof's UUID", "proof_id");
                }
                var record = await store.FindAsync(parsed, cancellationToken);
                if (record is null)
                {
                    return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown proof", $"there is no proof {parsed}", "proof_id");
                }
                if (record.Status != ProofStatus.Succeeded)
                {
                    return ProblemResults.Of(StatusCodes.Status409Conflict, "No proof yet", $"proof {parsed} is {ProofResponse.StatusName(record.Status)}; only a made proof can be verified", "proof_id");
                }
                proofId = parsed;
                circuitId = record.CircuitId;
                storedPresentation = record.PresentationJson;
                proofJson = System.Text.Encoding.UTF8.GetBytes(record.ProofJson!);
                publicJson = System.Text.Encoding.UTF8.GetBytes(record.PublicSignalsJson!);
            }
            else
            {
                if (!root.TryGetProperty("circuit_id", out var circuitElement) || circuitElement.ValueKind != JsonValueKind.String)
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "circuit_id is missing or not a string (or give proof_id)", "circuit_id");
                }
                circuitId = circuitElement.GetString()!;
                if (RequestText.CheckIdentifier(circuitId, "circuit_id") is { } badId)
                {
                    return badId;
                }
                if (!root.TryGetProperty("proof", out var proof) || proof.ValueKind != JsonValueKind.Object)
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "proof is missing or not a JSON object", "proof");
                }
                if (!root.TryGetProperty("public_signals", out var signals) || signals.ValueKind != JsonValueKind.Array)
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "public_signals is missing or not a JSON array", "public_signals");
                }
                proofJson = JsonMarshal.GetRawUtf8Value(proof).ToArray();
                publicJson = JsonMarshal.GetRawUtf8Value(signals).ToArray();
            }
            if (await catalog.FindAsync(circuitId, cancellationToken) is null)
            {
                return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown circuit", $"there is no circuit '{ProofProblems.Shorten(circuitId)}'", "circuit_id");
            }
            // A credential presentation is checked against the verifier's nonce and the credential's schema too.
            string? expectedNonce = null;
            JsonDocument? presentationDocument = null;
            bool isCredential = presentations.IsCredentialCircuit(circuitId);
            if (!isCredential && (root.TryGetProperty("nonce", out _) || root.TryGetProperty("presentation", out _)))
            {
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"circuit '{ProofProblems.Shorten(circuitId)}' is not a credential circuit: nonce and presentation do not apply", root.TryGetProperty("nonce", out _) ? "nonce" : "presentation");
            }
            if (isCredential)
            {
                if (!root.TryGetProperty("nonce", out var nonceElement) || nonceElement.ValueKind != JsonValueKind.String)
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"a proof on '{circuitId}' is a credential presentation: give the nonce you issued to the holder (a decimal string)", "nonce");
                }
                expectedNonce = nonceElement.GetString();
                if (root.TryGetProperty("presentation", out var given))
                {
                    presentationDocument = JsonDocument.Parse(JsonMarshal.GetRawUtf8Value(given).ToArray());
                }
                else if (storedPresentation is not null)
                {
                    presentationDocument = JsonDocument.Parse(storedPresentation);
                }
                else
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "a credential presentation needs the presentation (the schema) the generate response gave", "presentation");
                }
            }
            using var presentationScope = presentationDocument;
            var circuit = await catalog.LoadAsync(circuitId, cancellationToken);
            var clock = Stopwatch.StartNew();
            VerificationOutcome outcome;
            using var span = ProofTracing.StartVerification(circuit.Descriptor.Id);
            try
            {
                outcome = await verifier.VerifyAsync(circuit, publicJson, proofJson);
            }
            catch (ProofFormatException e)
            {
                string field = e.Document == ProofDocument.PublicSignals ? "public_signals" : "proof";
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Malformed proof", e.Message, string.IsNullOrEmpty(e.Path) || e.Path == "$" ? field : $"{field}{e.Path.TrimStart('$')}");
            }
            JsonObject? disclosure = null;
            if (isCredential)
            {
                var verdict = await presentations.CheckAsync(circuitId, outcome, PublicSignals(publicJson), presentationDocument!.RootElement, expectedNonce!, request.HttpContext.TraceIdentifier, cancellationToken);
                if (verdict.Replayed)
                {
                    return ProblemResults.Of(StatusCodes.Status409Conflict, "Replayed presentation", "this nonce was already presented: a presentation verifies once; ask POST /proofs/challenges for a fresh nonce", "nonce");
                }
                if (verdict.Refusal is { } refusal)
                {
                    return CredentialRequests.Problem(refusal);
                }
                (outcome, disclosure) = (verdict.Outcome, verdict.Disclosure);
            }
            metrics.Verified(circuit.Descriptor.Id, outcome.IsValid, clock.Elapsed.TotalSeconds);
            span?.SetTag(Telemetry.ValidAttribute, outcome.IsValid);
            var verification = new VerificationRecord(Guid.NewGuid(), proofId, circuit.Descriptor.Id, outcome.IsValid, outcome.Reason, DateTimeOffset.UtcNow);
            await store.AddVerificationAsync(verification, cancellationToken);
            return TypedResults.Ok(new VerifyResponse(outcome.IsValid, outcome.Reason, circuit.Descriptor.Id, proofId, verification.Id, outcome.IsValid ? disclosure : null));
        }
    }

    /// <summary>The public signals as strings (a non-string entry becomes "", which no check accepts).</summary>
    private static List<string> PublicSignals(byte[] publicJson)
    {
        using var document = JsonDocument.Parse(publicJson);
        return [.. document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "")];
    }
}
