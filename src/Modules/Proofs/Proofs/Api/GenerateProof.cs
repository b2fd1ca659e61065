using System.Runtime.InteropServices;
using System.Text.Json;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Storage;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Api;

/// <summary>
/// <c>POST /proofs/generate</c>: checks the request and the circuit's inputs (or builds them from a stored credential),
/// queues a proof job and waits for it up to <see cref="ProofsModuleOptions.RequestWait"/>.
/// </summary>
internal static class GenerateProof
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/generate", HandleAsync)
            .WithName("GenerateProof")
            .RequireAuthorization(Scopes.Prove)
            .WithMetadata(RateLimitClass.Prove)
            .WithSummary("Makes a proof: witness from the circuit's inputs, Groth16 proof, verified, stored. Waits for it up to a configured time, else answers 202 with the job to poll.")
            .Accepts<GenerateRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    /// <summary>The services the endpoint uses.</summary>
    internal readonly record struct Services(
        ICircuitCatalog Catalog,
        IInputValidator Validator,
        ICredentialProofs Credentials,
        ProofWorkers Workers,
        IProofStore Store,
        ServiceInstance Instance,
        ProofMetrics Metrics,
        IOptions<ProofsModuleOptions> Options);

    public static async Task<Results<Ok<ProofResponse>, Accepted<ProofResponse>, FieldProblem>> HandleAsync(HttpRequest request, [AsParameters] Services services, CancellationToken cancellationToken)
    {
        var (catalog, validator, credentials, workers, store, instance, metrics, options) = services;
        if (workers.Draining)
        {
            return ProofProblems.Stopping();
        }
        var (body, problem) = await JsonRequestBody.ReadAsync(request, options.Value.MaxRequestBytes, cancellationToken);
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
                document = JsonDocument.Parse(body.AsMemory(), ProofsApi.DocumentOptions);
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
                        return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"'{ProofProblems.Shorten(property.Name)}' is not a field of a generate request (circuit_id with inputs, or circuit_id with credential_id, reveal_attributes, predicates, nonce)", ProofProblems.Shorten(property.Name));
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
                    return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown circuit", $"there is no circuit '{ProofProblems.Shorten(circuitId)}'", "circuit_id");
                }
                if (catalog.FindOutage(descriptor.Id) is { } outage)
                {
                    return ProofProblems.OutOfService(outage.Detail);
                }
                if (descriptor.MaxRequestBytes is { } cap && body!.Length > cap)
                {
                    return ProblemResults.Of(StatusCodes.Status413PayloadTooLarge, "Request too large", $"a proving request for circuit '{descriptor.Id}' may be at most {cap} bytes", "body");
                }
                InputReading inputs;
                string? presentation = null;
                if (fromCredential)
                {
                    var result = await credentials.BuildInputAsync(CredentialRequests.Read(descriptor.Id, root), cancellationToken);
                    if (result.Input is not { } built)
                    {
                        return CredentialRequests.Problem(result.Refusal!);
                    }
                    presentation = built.Presentation.ToJsonString();
                    inputs = new InputReading(built.Inputs, null);
                    if (validator.Check(descriptor, built.Inputs) is { } mismatch)
                    {
                        ProofJob.Clear(inputs);
                        return ProblemResults.Of(StatusCodes.Status422UnprocessableEntity, "Circuit mismatch", $"circuit '{descriptor.Id}' does not take a credential's inputs: {mismatch.Field} {mismatch.Problem}", "circuit_id");
                    }
                }
                else
                {
                    if (!root.TryGetProperty("inputs", out var given))
                    {
                        return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid inputs", "inputs is missing", "inputs");
                    }
                    // Read once, into typed signals; a problem only the witness calculator's rules find fails the job as before.
                    inputs = validator.Read(descriptor, JsonMarshal.GetRawUtf8Value(given));
                    if (inputs.Problem is { Kind: InputProblemKind.Declaration } invalid)
                    {
                        return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid inputs", $"{invalid.Field} {invalid.Problem}", invalid.Field);
                    }
                }
                var circuit = await catalog.LoadAsync(descriptor.Id, cancellationToken);
                var now = DateTimeOffset.UtcNow;
                var record = new ProofRecord(Guid.NewGuid(), descriptor.Id, ProofStatus.Queued, null, null, null, null, now, null, null, null, presentation, instance.Id, now + options.Value.JobLease);
                job = new ProofJob(circuit, inputs, record);
            }
        }
        finally
        {
            if (body is not null)
            {
                Array.Clear(body);
            }
        }
        return await RunAsync(job, services, cancellationToken);
    }

    /// <summary>Stores and queues the job, then answers with its outcome, or 202 when it is not done within the wait.</summary>
    private static async Task<Results<Ok<ProofResponse>, Accepted<ProofResponse>, FieldProblem>> RunAsync(ProofJob job, Services services, CancellationToken cancellationToken)
    {
        var (_, _, _, workers, store, _, metrics, options) = services;
        await store.AddAsync(job.Record, cancellationToken);
        if (!workers.TryEnqueue(job))
        {
            job.DiscardInputs();
            if (workers.Draining)
            {
                await store.UpdateAsync(job.Record with { Status = ProofStatus.Failed, ErrorCode = ProofWorkers.ShuttingDownCode, Error = ProofWorkers.NotStartedMessage, CompletedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
                return ProofProblems.Stopping();
            }
            var refused = job.Record with { Status = ProofStatus.Failed, ErrorCode = "queue-full", Error = "every proof worker is busy and the queue is full", CompletedAt = DateTimeOffset.UtcNow };
            await store.UpdateAsync(refused, CancellationToken.None);
            metrics.JobEnded(refused.CircuitId, "queue-full");
            return ProblemResults.Of(StatusCodes.Status503ServiceUnavailable, "Busy", "every proof worker is busy and the queue is full; retry later", "body", workers.RetryAfterSeconds);
        }
        var finished = await Task.WhenAny(job.Completion.Task, Task.Delay(options.Value.RequestWait, cancellationToken));
        if (finished != job.Completion.Task)
        {
            var pending = job.Record;
            return TypedResults.Accepted($"/proofs/{pending.Id}", ProofResponse.From(pending));
        }
        var final = await job.Completion.Task;
        return final.Status == ProofStatus.Succeeded ? TypedResults.Ok(ProofResponse.From(final)) : ProofProblems.FailureProblem(final);
    }
}
