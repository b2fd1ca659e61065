using System.Diagnostics;
using System.Runtime;

namespace CredentialHub.Web;

/// <summary>
/// Waits, after a warm-up, until the runtime has stopped compiling: the methods a warm-up made hot are recompiled
/// optimised on a background thread (tiered compilation), and until that is done the first request would run their
/// quick first versions and share the cores with the compiler. Polls the process's count of compiled methods; returns
/// once it has not changed for <paramref name="quiet"/>, or after <paramref name="limit"/> in any case (a process that
/// keeps compiling is not held back for ever).
/// </summary>
public static class JitQuiet
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>Returns how long it waited.</summary>
    public static async Task<TimeSpan> WaitAsync(TimeSpan quiet, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(quiet, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, quiet);
        var clock = Stopwatch.StartNew();
        long count = JitInfo.GetCompiledMethodCount(currentThread: false);
        var unchangedSince = clock.Elapsed;
        while (clock.Elapsed < limit)
        {
            await Task.Delay(Poll, cancellationToken);
            long now = JitInfo.GetCompiledMethodCount(currentThread: false);
            if (now != count)
            {
                count = now;
                unchangedSince = clock.Elapsed;
            }
            else if (clock.Elapsed - unchangedSince >= quiet)
            {
                break;
            }
        }
        return clock.Elapsed;
    }
}
