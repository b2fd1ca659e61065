using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>The prover processes of a running host, found in /proc as its children running the hidden verb.</summary>
internal static class Provers
{
    /// <summary>The ids of the host's live prover processes.</summary>
    internal static List<int> Of(RunningHost host)
    {
        var found = new List<int>();
        foreach (string directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }
            try
            {
                string stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" || int.Parse(fields[1], CultureInfo.InvariantCulture) != host.Process.Id)
                {
                    continue;
                }
                string commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline")));
                if (commandLine.Split('\0').Contains("prover-worker"))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return found;
    }

    /// <summary>Whether the process exists and is not a zombie.</summary>
    internal static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Sends a signal (STOP, CONT, KILL) with kill(1).</summary>
    internal static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {pid} failed");
    }

    /// <summary>Waits until /health says every prover process is ready.</summary>
    internal static async Task WaitForReadyAsync(RunningHost host, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < timeout)
        {
            var (_, health) = await Api.HealthAsync(host.Http);
            if (health.GetProperty("checks").TryGetProperty("prover_processes", out var provers))
            {
                last = provers.ToString();
                if (provers.GetProperty("status").GetString() == "healthy")
                {
                    return;
                }
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"the prover processes were not ready within {timeout.TotalSeconds:0} s: {last}");
    }
}
