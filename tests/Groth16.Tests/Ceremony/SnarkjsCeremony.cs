using System.Collections.Concurrent;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// Powers-of-tau files made by the real snarkjs (node_modules) once per test run and shared by the tests that need
/// them: <c>powersoftau new bn128 &lt;power&gt;</c>, one <c>contribute</c>, then <c>prepare phase2</c>; the
/// contributed file before preparation is kept too. They live in a folder of the temporary directory removed when the
/// test process exits.
/// </summary>
internal static class SnarkjsCeremony
{
    private static readonly ConcurrentDictionary<int, Lazy<Task<(string Contributed, string Prepared)>>> Made = new();

    private static readonly Lazy<string> Folder = new(() =>
    {
        string path = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "credentialhub-ptau-" + Guid.NewGuid().ToString("N"))).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return path;
    });

    /// <summary>A prepared ptau of this power (sections 1–7 and 12–15), made by snarkjs.</summary>
    internal static async Task<string> PreparedAsync(int power) => (await MakeAsync(power)).Prepared;

    /// <summary>The same ceremony before <c>prepare phase2</c> (sections 1–7 only).</summary>
    internal static async Task<string> ContributedAsync(int power) => (await MakeAsync(power)).Contributed;

    /// <summary>A folder of the run's temporary directory for one test's files.</summary>
    internal static string NewFolder(string name) =>
        Directory.CreateDirectory(Path.Combine(Folder.Value, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    private static Task<(string Contributed, string Prepared)> MakeAsync(int power) =>
        Made.GetOrAdd(power, p => new Lazy<Task<(string Contributed, string Prepared)>>(() => RunAsync(p))).Value;

    private static async Task<(string Contributed, string Prepared)> RunAsync(int power)
    {
        string start = Path.Combine(Folder.Value, $"pot{power}_0000.ptau");
        string contributed = Path.Combine(Folder.Value, $"pot{power}_0001.ptau");
        string prepared = Path.Combine(Folder.Value, $"pot{power}_final.ptau");
        await Step("powersoftau", "new", "bn128", power.ToString(System.Globalization.CultureInfo.InvariantCulture), start);
        await Step("powersoftau", "contribute", start, contributed, "--name=test contributor", "-e=credentialhub ceremony tests");
        await Step("powersoftau", "prepare", "phase2", contributed, prepared);
        return (contributed, prepared);
    }

    /// <summary>Runs snarkjs and fails the test, with its output, unless it exits 0.</summary>
    internal static async Task<ProcessResult> Step(params string[] arguments)
    {
        var result = await Snarkjs.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"snarkjs {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
        return result;
    }
}
