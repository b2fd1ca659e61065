using System.Text;
using System.Text.Json;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Provers;
using CredentialHub.Proofs.Storage;
using CredentialHub.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CredentialHub.Proofs.Api;

/// <summary>
/// Before the service listens: the proving endpoint's own code run once without a request, so that the first client
/// does not pay for compiling it: for each bundled circuit, a request body read, parsed and checked as the endpoint
/// does, its inputs proved once through the proving backend (the prover process's call with its inputs; the proof is
/// dropped), the store's read path, and a proof answer written with the API's JSON settings. The inputs are the
/// circuit's shipped example (<see cref="ICircuitCatalog.ReadExampleInputAsync"/>), which takes the witness and the
/// prover through the paths a client's inputs take, or else zeros for each declared input, which a circuit may refuse
/// (an assertion fails) or run unlike a client's inputs. Nothing is queued, stored or counted.
/// </summary>
internal sealed class ProofsApiWarmup(ICircuitCatalog catalog, IInputValidator validator, IOptions<HttpJsonOptions> json, IOptions<ProofsModuleOptions> options,
    IProvingBackend backend, IProofStore store, ILogger<ProofsApiWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var descriptor in (await catalog.ListAsync(cancellationToken)).Where(d => d.Origin == "bundled"))
        {
            InputReading? reading = null;
            string source = "its example inputs";
            try
            {
                if (await catalog.ReadExampleInputAsync(descriptor.Id, cancellationToken) is { } example)
                {
                    reading = await ReadAsync(descriptor, Encoding.UTF8.GetString(example), cancellationToken);
                    if (reading?.Signals is null)
                    {
                        logger.LogWarning("the example inputs of circuit {Circuit} are refused ({Reason}); the warm-up proves zeros instead", descriptor.Id,
                            reading?.Problem is { } problem ? $"{problem.Field}: {problem.Problem}" : $"not a JSON object in a request of at most {options.Value.MaxRequestBytes} bytes");
                    }
                }
                if (reading?.Signals is null && descriptor.Inputs.Count > 0)
                {
                    ProofJob.Clear(reading);
                    source = "zeros";
                    reading = await ReadAsync(descriptor, ZeroInputs(descriptor), cancellationToken);
                }
                // One call to the prover with those inputs, as a job makes it (through the prover process when there is
                // one); a circuit that refuses them fails it, which is fine: nothing is stored or counted.
                if (reading is { Problem: null, Signals: { } inputs })
                {
                    // Bounded as a proof is: with no prover process ready (one failed its start), the service starts
                    // anyway, degraded, rather than wait here.
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(options.Value.ProofTimeout);
                    var circuit = await catalog.LoadAsync(descriptor.Id, deadline.Token);
                    await backend.ProveAsync(Guid.NewGuid(), circuit, inputs, deadline.Token);
                    logger.LogDebug("warm-up proof of circuit {Circuit} made from {Source}", descriptor.Id, source);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("warm-up proof of circuit {Circuit} not made within {Seconds:0} s", descriptor.Id, options.Value.ProofTimeout.TotalSeconds);
            }
            catch (Exception e) when (e is WitnessException or ProofSystems.Contracts.ProvingException or ProverFailureException or InvalidOperationException
                or CircuitIntegrityException or CircuitNotFoundException)
            {
                logger.LogDebug("warm-up proof of circuit {Circuit} from {Source} refused: {Reason}", descriptor.Id, source, e.Message);
            }
            finally
            {
                ProofJob.Clear(reading);
            }
        }
        // The store's read path (a job polled), with an id no job has.
        await store.FindAsync(Guid.NewGuid(), cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var answer = new ProofResponse(Guid.NewGuid(), "warm-up", ProofResponse.StatusName(ProofStatus.Succeeded), JsonText.From("{}"), JsonText.From("[]"),
            new ProofError("warm-up", ""), now, now, 1, 1, null);
        JsonSerializer.SerializeToUtf8Bytes(answer, json.Value.SerializerOptions);
        logger.LogInformation("proving endpoint warmed in {Milliseconds:0} ms", clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// A request body for the circuit with these inputs (a JSON object), read and parsed as the endpoint reads it, then
    /// its inputs checked; null when the body is not read (larger than the request cap).
    /// </summary>
    private async Task<InputReading?> ReadAsync(CircuitDescriptor descriptor, string inputs, CancellationToken cancellationToken)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"circuit_id\":{JsonSerializer.Serialize(descriptor.Id)},\"inputs\":{inputs}}}"));
        context.Request.ContentType = "application/json";
        var (body, _) = await JsonRequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return null;
        }
        try
        {
            using var parsed = JsonDocument.Parse(body.AsMemory(), ProofsApi.DocumentOptions);
            return parsed.RootElement.TryGetProperty("inputs", out var element) && element.ValueKind == JsonValueKind.Object
                ? validator.Read(descriptor, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"0" for each declared input (an array of them for an array input), as a JSON object.</summary>
    private static string ZeroInputs(CircuitDescriptor descriptor) =>
        "{" + string.Join(",", descriptor.Inputs.Select(input => JsonSerializer.Serialize(input.Name) + ":"
            + (input.Length == 1 ? "\"0\"" : "[" + string.Join(",", Enumerable.Repeat("\"0\"", input.Length)) + "]"))) + "}";

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
