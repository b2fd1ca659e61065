using System.Diagnostics;
using System.Globalization;

namespace CredentialHub.Host.Tests;

/// <summary>
/// A stop asked for (SIGTERM) once the service listens but before it says it is ready (its own first requests, then the
/// wait for the compiler to settle): a graceful stop with exit code 0, as after ready, never an unhandled-exception abort.
/// </summary>
public sealed class EarlyStopTests
{
    [Fact]
    public async Task Sigterm_between_listening_and_ready_stops_the_service_with_exit_code_0()
    {
        // HostProcess returns once /health/live answers, which is before the ready line (about a second later here); a
        // start whose ready line came first does not test this, and is made again.
        for (int attempt = 1; ; attempt++)
        {
            await using var host = await HostProcess.StartAsync();
            if (host.Output.Contains("CredentialHub ready on", StringComparison.Ordinal))
            {
                Assert.True(attempt < 3, "three starts said they were ready before the signal could be sent");
                continue;
            }
            using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", host.Process.Id.ToString(CultureInfo.InvariantCulture) } }))
            {
                await term!.WaitForExitAsync();
            }
            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await host.Process.WaitForExitAsync(limit.Token);
            }
            Assert.True(host.Process.ExitCode == 0, $"exit code {host.Process.ExitCode}: {host.Tail()}");
            Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
            return;
        }
    }
}
