using CredentialHub.Monitoring.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CredentialHub.Monitoring.Tracing;

/// <summary>
/// OpenTelemetry tracing, on only when an OTLP endpoint is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; the
/// exporter reads the other standard <c>OTEL_*</c> variables itself: protocol, headers, batch delay, service name).
/// Traced: every HTTP request (ASP.NET Core instrumentation), every PostgreSQL command (Npgsql's own source) and
/// every module source <see cref="Telemetry.ActivitySourcePrefix"/>* (the proof job and its stages).
/// Nothing private reaches a span: no request or response body, no header, query strings redacted (the
/// instrumentation's default), SQL text without parameter values, exceptions not recorded (their messages may quote
/// input), and the modules' own spans carry ids and outcomes only. Without an endpoint no listener exists, so no
/// activity is even created.
/// </summary>
internal static class TracingRegistration
{
    public const string ServiceName = "credentialhub";

    public static void AddTracing(IServiceCollection services, MonitoringModuleOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: options.InstanceName))
            .WithTracing(tracing => tracing
                .AddSource(Telemetry.ActivitySourcePrefix + "*")
                .AddAspNetCoreInstrumentation(aspnet => aspnet.RecordException = false)
                .AddNpgsql()
                .AddOtlpExporter());
    }
}
