using CredentialHub.Monitoring.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CredentialHub.Monitoring.Api;

/// <summary>
/// The Monitoring endpoints, one feature per file: <see cref="GetHealth"/> always; with metrics on,
/// <see cref="GetMetrics"/>, <see cref="GetProofMetrics"/> and <see cref="GetStats"/>.
/// </summary>
internal static class MonitoringApi
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        GetHealth.Map(app.MapGroup("/health").WithTags("Monitoring"));
        if (app.ServiceProvider.GetRequiredService<IOptions<MonitoringModuleOptions>>().Value.MetricsEnabled)
        {
            // Created now, so that it listens from the start (instruments published later are picked up too).
            app.ServiceProvider.GetRequiredService<MetricsCollector>();
            ProcessGauges.Publish(app.ServiceProvider.GetRequiredService<ProofStatistics>());
            var metrics = app.MapGroup("/metrics").WithTags("Monitoring");
            GetMetrics.Map(metrics);
            GetProofMetrics.Map(metrics);
            GetStats.Map(app);
        }
        return app;
    }
}
