using System.Globalization;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>A process's sockets, from /proc: its descriptors' socket inodes matched against the kernel's socket tables.</summary>
internal static class Sockets
{
    private const string Listen = "0A";

    /// <summary>The local ports of the TCP sockets (IPv4 and IPv6) the process listens on.</summary>
    internal static List<int> TcpListeners(int pid)
    {
        var inodes = Inodes(pid);
        var ports = new List<int>();
        foreach (string table in new[] { "tcp", "tcp6" })
        {
            foreach (var fields in Rows($"/proc/{pid}/net/{table}"))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                if (fields[3] == Listen && inodes.Contains(fields[9]))
                {
                    ports.Add(int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }
        return ports;
    }

    /// <summary>Whether the process has a TCP connection to <paramref name="port"/> on this machine.</summary>
    internal static bool HasDatabaseConnection(int pid, int port)
    {
        var inodes = Inodes(pid);
        return new[] { "tcp", "tcp6" }.SelectMany(table => Rows($"/proc/{pid}/net/{table}"))
            .Any(fields => inodes.Contains(fields[9]) && int.Parse(fields[2].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port);
    }

    /// <summary>The paths of the Unix domain sockets the process listens on.</summary>
    internal static List<string> UnixListeners(int pid)
    {
        var inodes = Inodes(pid);
        // Num RefCount Protocol Flags Type St Inode Path; flag 00010000 is __SO_ACCEPTCON (listening).
        return [.. Rows($"/proc/{pid}/net/unix").Where(f => f.Length >= 8 && inodes.Contains(f[6]) && f[3] == "00010000").Select(f => f[7])];
    }

    private static HashSet<string> Inodes(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string descriptor in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
            }
        }
        return inodes;
    }

    private static IEnumerable<string[]> Rows(string path) =>
        File.Exists(path) ? File.ReadLines(path).Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : [];
}
