using System.Text;
using System.Text.Json;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Storage;
using CredentialHub.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CredentialHub.Proofs.Api;

/// <summary>
/// Before the service listens: the proving endpoint's own code run once without a request, so that the first client
/// does not pay for compiling it: each bundled circuit's declared inputs read from a document of zeros (the input
/// checks), and a proof answer written with the API's JSON settings. Nothing is queued, stored or counted.
/// </summary>
internal sealed class ProofsApiWarmup(ICircuitCatalog catalog, IInputValidator validator, IOptions<HttpJsonOptions> json) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var descriptor in (await catalog.ListAsync(cancellationToken)).Where(d => d.Origin == "bundled" && d.Inputs.Count > 0))
        {
            var document = new StringBuilder("{");
            foreach (var input in descriptor.Inputs)
            {
                document.Append(document.Length > 1 ? "," : "").Append(JsonSerializer.Serialize(input.Name)).Append(':');
                document.Append(input.Length == 1 ? "\"0\"" : "[" + string.Join(",", Enumerable.Repeat("\"0\"", input.Length)) + "]");
            }
            var reading = validator.Read(descriptor, Encoding.UTF8.GetBytes(document.Append('}').ToString()));
            ProofJob.Clear(reading);
        }
        var now = DateTimeOffset.UtcNow;
        var answer = new ProofResponse(Guid.NewGuid(), "warm-up", ProofResponse.StatusName(ProofStatus.Succeeded), JsonText.From("{}"), JsonText.From("[]"),
            new ProofError("warm-up", ""), now, now, 1, 1, null);
        JsonSerializer.SerializeToUtf8Bytes(answer, json.Value.SerializerOptions);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
