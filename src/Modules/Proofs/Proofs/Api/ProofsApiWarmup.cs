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
/// does not pay for compiling it: a request body of zeros for each bundled circuit's declared inputs read, parsed and
/// checked as the endpoint does, those inputs proved once through the proving backend (the prover process's call with
/// its inputs; the proof is dropped), the store's read path, and a proof answer written with the API's JSON settings.
/// Nothing is queued, stored or counted.
/// </summary>
internal sealed class ProofsApiWarmup(ICircuitCatalog catalog, IInputValidator validator, IOptions<HttpJsonOptions> json, IOptions<ProofsModuleOptions> options,
    IProvingBackend backend, IProofStore store, ILogger<ProofsApiWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var descriptor in (await catalog.ListAsync(cancellationToken)).Where(d => d.Origin == "bundled" && d.Inputs.Count > 0))
        {
            var document = new StringBuilder("{\"circuit_id\":").Append(JsonSerializer.Serialize(descriptor.Id)).Append(",\"inputs\":{");
            bool first = true;
            foreach (var input in descriptor.Inputs)
            {
                document.Append(first ? "" : ",").Append(JsonSerializer.Serialize(input.Name)).Append(':');
                document.Append(input.Length == 1 ? "\"0\"" : "[" + string.Join(",", Enumerable.Repeat("\"0\"", input.Length)) + "]");
                first = false;
            }
            // The request's body read and parsed as the endpoint reads it, then its inputs checked.
            var context = new DefaultHttpContext();
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(document.Append("}}").ToString()));
            context.Request.ContentType = "application/json";
            var (body, _) = await JsonRequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, cancellationToken);
            if (body is null)
            {
                continue;
            }
            using var parsed = JsonDocument.Parse(body.AsMemory(), ProofsApi.DocumentOptions);
            var reading = validator.Read(descriptor, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(parsed.RootElement.GetProperty("inputs")));
            try
            {
                // One call to the prover with those zeros, as a job makes it (through the prover process when there
                // is one); a circuit that refuses zeros fails it, which is fine: nothing is stored or counted.
                if (reading.Problem is null && reading.Signals is { } inputs)
                {
                    // Bounded as a proof is: with no prover process ready (one failed its start), the service starts
                    // anyway, degraded, rather than wait here.
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(options.Value.ProofTimeout);
                    var circuit = await catalog.LoadAsync(descriptor.Id, deadline.Token);
                    await backend.ProveAsync(Guid.NewGuid(), circuit, inputs, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("warm-up proof of circuit {Circuit} not made within {Seconds:0} s", descriptor.Id, options.Value.ProofTimeout.TotalSeconds);
            }
            catch (Exception e) when (e is WitnessException or ProofSystems.Contracts.ProvingException or ProverFailureException or InvalidOperationException
                or CircuitIntegrityException or CircuitNotFoundException)
            {
                logger.LogDebug("warm-up proof of circuit {Circuit} refused: {Reason}", descriptor.Id, e.Message);
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
