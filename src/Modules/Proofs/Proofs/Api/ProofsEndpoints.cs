using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Credentials.Contracts;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Storage;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using CredentialHub.Web;

namespace CredentialHub.Proofs.Api;

/// <summary><c>POST /proofs/generate</c>, <c>POST /proofs/verify</c> and <c>GET /proofs/{id}</c>.</summary>
internal static class ProofsEndpoints
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/proofs").WithTags("Proofs");
        group.MapPost("/generate", GenerateAsync)
            .WithName("GenerateProof")
            .WithMetadata(new RequiredScope(Scopes.Prove) { RateLimit = RateLimitClass.Prove })
            .WithSummary("Makes a proof: witness from the circuit's inputs, Groth16 proof, verified, stored. Waits for it up to a configured time, else answers 202 with the job to poll.")
            .Accepts<GenerateRequest>("application/json")
            .Produces<ProofResponse>(StatusCodes.Status200OK)
            .Produces<ProofResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        group.MapPost("/verify", VerifyAsync)
            .WithName("VerifyProof")
            .WithMetadata(new RequiredScope(Scopes.Verify))
            .WithSummary("Verifies a stored proof by id, or a proof and public signals against a circuit's key.")
            .Accepts<VerifyRequest>("application/json")
            .Produces<VerifyResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/challenges", ChallengeAsync)
            .WithName("IssueChallenge")
            .WithMetadata(new RequiredScope(Scopes.Verify))
            .Accepts<ChallengeRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("A one-time nonce for a credential presentation: give it to the holder, who binds the proof to it; the proof then verifies once (a second presentation is a 409).")
            .Produces<ChallengeResponse>(StatusCodes.Status200OK);
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetProof")
            .WithMetadata(new RequiredScope(Scopes.Prove, Scopes.Verify))
            .WithSummary("A proof job: its status, and the proof and public signals once made.")
            .Produces<ProofResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GenerateAsync(HttpRequest request, ICircuitCatalog catalog, ICredentialProofs credentials, ProofWorkers workers, IProofStore store, ServiceInstance instance, ProofMetrics metrics, ProofsModuleOptions options, CancellationToken cancellationToken)
    {
        if (workers.Draining)
        {
            return Stopping();
        }
        var (body, problem) = await JsonRequestBody.ReadAsync(request, options.MaxRequestBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        ProofJob job;
        try
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.AsMemory(), DocumentOptions);
            }
            catch (JsonException)
            {
                // The parser's message may quote the body, which holds private values: say only where.
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Malformed JSON", "the body is not a well-formed JSON document", "body");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "the body must be a JSON object with circuit_id and inputs (or credential_id)", "body");
                }
                foreach (var property in root.EnumerateObject())
                {
                    if (property.Name is not ("circuit_id" or "inputs" or "credential_id" or "reveal_attributes" or "predicates" or "nonce"))
                    {
                        return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"'{Shorten(property.Name)}' is not a field of a generate request (circuit_id with inputs, or circuit_id with credential_id, reveal_attributes, predicates, nonce)", Shorten(property.Name));
                    }
                }
                bool fromCredential = root.TryGetProperty("credential_id", out _);
                if (!fromCredential && (root.TryGetProperty("reveal_attributes", out _) || root.TryGetProperty("predicates", out _) || root.TryGetProperty("nonce", out _)))
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "reveal_attributes, predicates and nonce go with credential_id", "credential_id");
                }
                if (fromCredential && root.TryGetProperty("inputs", out _))
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "give either inputs or credential_id: a proof from a credential takes its inputs from the stored credential", "inputs");
                }
                if (!root.TryGetProperty("circuit_id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "circuit_id is missing or not a string", "circuit_id");
                }
                string circuitId = idElement.GetString()!;
                if (RequestText.CheckIdentifier(circuitId, "circuit_id") is { } badId)
                {
                    return badId;
                }
                var descriptor = await catalog.FindAsync(circuitId, cancellationToken);
                if (descriptor is null)
                {
                    return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown circuit", $"there is no circuit '{Shorten(circuitId)}'", "circuit_id");
                }
                if (catalog.FindOutage(descriptor.Id) is { } outage)
                {
                    return OutOfService(outage.Detail);
                }
                if (descriptor.MaxRequestBytes is { } cap && body!.Length > cap)
                {
                    return ProblemResults.Of(StatusCodes.Status413PayloadTooLarge, "Request too large", $"a proving request for circuit '{descriptor.Id}' may be at most {cap} bytes", "body");
                }
                byte[] privateInputs;
                string? presentation = null;
                if (fromCredential)
                {
                    CredentialProofInput built;
                    try
                    {
                        built = await credentials.BuildInputAsync(descriptor.Id, root, cancellationToken);
                    }
                    catch (CredentialRequestException e)
                    {
                        return ProblemResults.Of(e.StatusCode, e.Title, e.Message, e.Field);
                    }
                    privateInputs = built.InputsJson;
                    presentation = built.Presentation.ToJsonString();
                    using var builtDocument = JsonDocument.Parse(privateInputs);
                    if (InputSchema.Check(builtDocument.RootElement, descriptor) is { } mismatch)
                    {
                        Array.Clear(privateInputs);
                        return ProblemResults.Of(StatusCodes.Status422UnprocessableEntity, "Circuit mismatch", $"circuit '{descriptor.Id}' does not take a credential's inputs: {mismatch.Field} {mismatch.Problem}", "circuit_id");
                    }
                }
                else
                {
                    if (!root.TryGetProperty("inputs", out var inputs))
                    {
                        return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid inputs", "inputs is missing", "inputs");
                    }
                    if (InputSchema.Check(inputs, descriptor) is { } invalid)
                    {
                        return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid inputs", $"{invalid.Field} {invalid.Problem}", invalid.Field);
                    }
                    privateInputs = JsonMarshal.GetRawUtf8Value(inputs).ToArray();
                }
                var circuit = await catalog.LoadAsync(descriptor.Id, cancellationToken);
                var now = DateTimeOffset.UtcNow;
                var record = new ProofRecord(Guid.NewGuid(), descriptor.Id, ProofStatus.Queued, null, null, null, null, now, null, null, null, presentation, instance.Id, now + options.JobLease);
                job = new ProofJob(circuit, privateInputs, record);
            }
        }
        finally
        {
            if (body is not null)
            {
                Array.Clear(body);
            }
        }
        await store.AddAsync(job.Record, cancellationToken);
        if (!workers.TryEnqueue(job))
        {
            job.DiscardInputs();
            if (workers.Draining)
            {
                await store.UpdateAsync(job.Record with { Status = ProofStatus.Failed, ErrorCode = ProofWorkers.ShuttingDownCode, Error = ProofWorkers.NotStartedMessage, CompletedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
                return Stopping();
            }
            var refused = job.Record with { Status = ProofStatus.Failed, ErrorCode = "queue-full", Error = "every proof worker is busy and the queue is full", CompletedAt = DateTimeOffset.UtcNow };
            await store.UpdateAsync(refused, CancellationToken.None);
            metrics.JobEnded(refused.CircuitId, "queue-full");
            return ProblemResults.Of(StatusCodes.Status503ServiceUnavailable, "Busy", "every proof worker is busy and the queue is full; retry later", "body", workers.RetryAfterSeconds);
        }
        var finished = await Task.WhenAny(job.Completion.Task, Task.Delay(options.RequestWait, cancellationToken));
        if (finished != job.Completion.Task)
        {
            var pending = job.Record;
            return TypedResults.Accepted($"/proofs/{pending.Id}", ProofResponse.From(pending));
        }
        var final = await job.Completion.Task;
        return final.Status == ProofStatus.Succeeded ? TypedResults.Ok(ProofResponse.From(final)) : FailureProblem(final);
    }

    private static async Task<IResult> ChallengeAsync(HttpRequest request, INonceStore nonces, ProofsModuleOptions options, CancellationToken cancellationToken)
    {
        var lifetime = options.NonceLifetime;
        // No body at all (no Content-Length, no Transfer-Encoding), or an empty one: the defaults.
        bool mayHaveBody = request.ContentLength is > 0
            || (request.ContentLength is null && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false);
        if (mayHaveBody && request.ContentType is null)
        {
            // A streamed body without a media type is accepted only when it turns out to be empty.
            var probe = new byte[1];
            int read;
            try
            {
                read = await request.Body.ReadAsync(probe, cancellationToken);
            }
            catch (Exception e) when (e is BadHttpRequestException or IOException)
            {
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Unreadable body", "the request body could not be read", "body");
            }
            if (read > 0)
            {
                return ProblemResults.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "the body must be application/json: {} or {\"lifetime_seconds\": n}, or no body at all for the defaults", "content-type");
            }
            mayHaveBody = false;
        }
        if (mayHaveBody)
        {
            var (body, problem) = await JsonRequestBody.ReadAsync(request, 1024, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.Length > 0)
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(body, DocumentOptions);
                }
                catch (JsonException)
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Malformed JSON", "the body is not a well-formed JSON document", "body");
                }
                using (document)
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(p => p.Name != "lifetime_seconds"))
                    {
                        return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "the body is {} or {\"lifetime_seconds\": n}", "body");
                    }
                    if (root.TryGetProperty("lifetime_seconds", out var seconds))
                    {
                        int max = (int)options.NonceLifetime.TotalSeconds;
                        if (seconds.ValueKind != JsonValueKind.Number || !seconds.TryGetInt32(out int value) || value < 1 || value > max)
                        {
                            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"lifetime_seconds must be a whole number from 1 to {max} (NONCE_TTL_SECONDS)", "lifetime_seconds");
                        }
                        lifetime = TimeSpan.FromSeconds(value);
                    }
                }
            }
        }
        var issued = await nonces.IssueAsync(lifetime, cancellationToken);
        return TypedResults.Ok(new ChallengeResponse(issued.Value, issued.ExpiresAt));
    }

    private static async Task<IResult> GetAsync(string id, IProofStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var proofId))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid id", "a proof id is a UUID such as 3f2b…-…", "id");
        }
        return await store.FindAsync(proofId, cancellationToken) is { } record
            ? TypedResults.Ok(ProofResponse.From(record))
            : ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown proof", $"there is no proof {proofId}", "id");
    }

    private static async Task<IResult> VerifyAsync(HttpRequest request, ILoggerFactory loggers, ICircuitCatalog catalog, ICredentialProofs credentials, INonceStore nonces, IProofStore store, VerificationBatcher verifier, ProofMetrics metrics, ProofsModuleOptions options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync(request, options.MaxRequestBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.AsMemory(), DocumentOptions);
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
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"'{Shorten(property.Name)}' is not a field of a verify request", Shorten(property.Name));
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
                    return ProblemResults.Of(StatusCodes.Status409Conflict, "No proof yet", $"proof {parsed} is {Status(record.Status)}; only a made proof can be verified", "proof_id");
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
                return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown circuit", $"there is no circuit '{Shorten(circuitId)}'", "circuit_id");
            }
            // A credential presentation is checked against the verifier's nonce and the credential's schema too.
            string? expectedNonce = null;
            JsonDocument? presentationDocument = null;
            bool isCredential = credentials.IsCredentialCircuit(circuitId);
            if (!isCredential && (root.TryGetProperty("nonce", out _) || root.TryGetProperty("presentation", out _)))
            {
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"circuit '{Shorten(circuitId)}' is not a credential circuit: nonce and presentation do not apply", root.TryGetProperty("nonce", out _) ? "nonce" : "presentation");
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
            try
            {
                outcome = await verifier.VerifyAsync(circuit, publicJson, proofJson);
            }
            catch (ProofFormatException e)
            {
                string field = e.Document == ProofDocument.PublicSignals ? "public_signals" : "proof";
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Malformed proof", e.Message, string.IsNullOrEmpty(e.Path) || e.Path == "$" ? field : $"{field}{e.Path.TrimStart('$')}");
            }
            System.Text.Json.Nodes.JsonObject? disclosure = null;
            if (isCredential)
            {
                try
                {
                    var signals = PublicSignals(publicJson);
                    var check = await credentials.CheckAsync(circuitId, signals, presentationDocument!.RootElement, expectedNonce!, cancellationToken);
                    if (outcome.IsValid)
                    {
                        outcome = check.IsValid ? outcome : VerificationOutcome.Invalid(check.Reason ?? "the credential checks failed");
                        disclosure = check.Disclosure;
                    }
                    // Last, once everything else holds: the nonce must be one this service issued, redeemed now.
                    if (outcome.IsValid)
                    {
                        switch (await nonces.RedeemAsync(expectedNonce!, cancellationToken))
                        {
                            case NonceRedemption.AlreadyRedeemed:
                                loggers.CreateLogger("CredentialHub.Audit").LogWarning("security event {SecurityEvent}: a presentation on {Circuit} with a spent nonce (request {RequestId})",
                                    "replay", circuitId, request.HttpContext.TraceIdentifier);
                                return ProblemResults.Of(StatusCodes.Status409Conflict, "Replayed presentation", "this nonce was already presented: a presentation verifies once; ask POST /proofs/challenges for a fresh nonce", "nonce");
                            case NonceRedemption.Unknown:
                                outcome = VerificationOutcome.Invalid("the nonce was not issued by this service (POST /proofs/challenges) or has expired");
                                disclosure = null;
                                break;
                        }
                    }
                }
                catch (CredentialRequestException e)
                {
                    return ProblemResults.Of(e.StatusCode, e.Title, e.Message, e.Field);
                }
            }
            metrics.Verified(circuit.Descriptor.Id, outcome.IsValid, clock.Elapsed.TotalSeconds);
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

    /// <summary>
    /// Retry-After of a circuit out of service: nothing changes until an operator replaces its proving key (and, for a
    /// bundled circuit, restarts the service), so automatic retries are told to wait an hour.
    /// </summary>
    internal const int OutOfServiceRetryAfterSeconds = 3600;

    /// <summary>Retry-After of a proof that failed for an internal reason: a new attempt may well succeed.</summary>
    internal const int InternalRetryAfterSeconds = 1;

    /// <summary>503 for a circuit whose proving key is faulty; the detail names the circuit and what an operator must do.</summary>
    private static IResult OutOfService(string detail) =>
        ProblemResults.Of(StatusCodes.Status503ServiceUnavailable, "Circuit out of service", detail, "circuit_id", OutOfServiceRetryAfterSeconds);

    /// <summary>
    /// The problem for a failed job. A failure of the service (a faulty proving key, an unexpected error) is a 503,
    /// never a 500; the messages come from the workers and carry no input value.
    /// </summary>
    internal static IResult FailureProblem(ProofRecord record)
    {
        if (record.ErrorCode == "faulty-key")
        {
            return OutOfService($"proof {record.Id}: {record.Error}");
        }
        var (status, title, retryAfter) = record.ErrorCode switch
        {
            "invalid-input" => (StatusCodes.Status400BadRequest, "Invalid inputs", (int?)null),
            "circuit-failed" => (StatusCodes.Status422UnprocessableEntity, "The circuit refused the inputs", null),
            "circuit-trapped" => (StatusCodes.Status422UnprocessableEntity, "The circuit stopped", null),
            "deadline" => (StatusCodes.Status504GatewayTimeout, "Proof deadline exceeded", null),
            ProofWorkers.ShuttingDownCode => (StatusCodes.Status503ServiceUnavailable, "Service stopping", StoppingRetryAfterSeconds),
            JobLeases.InterruptedCode => (StatusCodes.Status503ServiceUnavailable, "Proof interrupted", InternalRetryAfterSeconds),
            _ => (StatusCodes.Status503ServiceUnavailable, "Proof not made", InternalRetryAfterSeconds),
        };
        string detail = retryAfter is null || record.Error?.Contains("resubmit", StringComparison.Ordinal) == true
            ? $"proof {record.Id}: {record.Error}"
            : $"proof {record.Id}: {record.Error}; the proof was not made and nothing was stored: resubmit the request";
        return ProblemResults.Of(status, title, detail, record.ErrorCode == "invalid-input" ? "inputs" : "circuit_id", retryAfter);
    }

    /// <summary>Seconds a client refused by a stopping instance should wait (the load balancer sends the retry elsewhere).</summary>
    private const int StoppingRetryAfterSeconds = 5;

    private static IResult Stopping() =>
        ProblemResults.Of(StatusCodes.Status503ServiceUnavailable, "Service stopping",
            "this instance of the service is stopping and takes no new proof requests; resubmit the request (another instance, or this one once restarted, takes it)",
            "request", StoppingRetryAfterSeconds);

    private static string Status(ProofStatus status) => status.ToString().ToLowerInvariant();

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    /// <summary>The body of a generate request (documentation only: the endpoint reads the body itself to keep private values out of shared buffers).</summary>
    internal sealed record GenerateRequest(string CircuitId, JsonElement? Inputs, Guid? CredentialId, IReadOnlyList<string>? RevealAttributes, IReadOnlyList<PredicateRequest>? Predicates, string? Nonce);

    /// <summary>A predicate over a credential attribute: op is "&gt;=", "&lt;=" or "age_at_least" (a date attribute, value in years).</summary>
    internal sealed record PredicateRequest(string Attribute, string Op, JsonElement Value);

    /// <summary>The body of a verify request: a stored proof's id, or a circuit with a proof and its public signals.</summary>
    internal sealed record VerifyRequest(Guid? ProofId, string? CircuitId, JsonElement? Proof, JsonElement? PublicSignals, string? Nonce, JsonElement? Presentation);
}

/// <summary>A proof job as the API shows it.</summary>
internal sealed record ProofResponse(
    Guid ProofId,
    string CircuitId,
    string Status,
    JsonElement? Proof,
    JsonElement? PublicSignals,
    ProofError? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    double? WitnessMs,
    double? ProveMs,
    JsonElement? Presentation)
{
    public static ProofResponse From(ProofRecord r) => new(
        r.Id,
        r.CircuitId,
        r.Status.ToString().ToLowerInvariant(),
        Element(r.ProofJson),
        Element(r.PublicSignalsJson),
        r.ErrorCode is null ? null : new ProofError(r.ErrorCode, r.Error ?? ""),
        r.CreatedAt,
        r.CompletedAt,
        r.WitnessMilliseconds,
        r.ProveMilliseconds,
        Element(r.PresentationJson));

    /// <summary>A stored JSON document as an element that outlives its parse (the document's pooled buffers go back).</summary>
    private static JsonElement? Element(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

internal sealed record ProofError(string Code, string Message);

/// <summary>The optional body of a challenge request: a shorter lifetime than NONCE_TTL_SECONDS.</summary>
internal sealed record ChallengeRequest(int? LifetimeSeconds);

/// <summary>A challenge nonce and when it expires.</summary>
internal sealed record ChallengeResponse(string Nonce, DateTimeOffset ExpiresAt);

/// <summary>A verification's outcome; for a credential presentation, <c>Credential</c> holds what it discloses (issuer, type, revealed attributes, predicates that hold).</summary>
internal sealed record VerifyResponse(bool Valid, string? Reason, string CircuitId, Guid? ProofId, Guid VerificationId, System.Text.Json.Nodes.JsonObject? Credential);
