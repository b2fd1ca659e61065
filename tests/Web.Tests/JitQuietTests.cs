using System.Reflection;
using System.Reflection.Emit;

namespace CredentialHub.Web.Tests;

/// <summary>The start-up wait for the runtime's compiler: it returns once no method has been compiled for the quiet period, never after the limit, and a cancelled wait ends at once.</summary>
public sealed class JitQuietTests
{
    [Fact]
    public async Task Returns_after_the_quiet_period_when_nothing_is_compiled()
    {
        var waited = await JitQuiet.WaitAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Keeps_waiting_while_methods_are_compiled_but_not_beyond_the_limit()
    {
        // A method compiled every few milliseconds for two seconds: a quiet period of 300 ms is never seen, so the wait
        // lasts until the limit of one second.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var compiling = Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                var method = new DynamicMethod($"m{i}", typeof(int), Type.EmptyTypes);
                var il = method.GetILGenerator();
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ret);
                ((Func<int>)method.CreateDelegate(typeof(Func<int>)))();
                await Task.Delay(5);
            }
        });
        var waited = await JitQuiet.WaitAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.InRange(waited, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.9));
        await compiling;
    }

    [Fact]
    public async Task A_cancelled_wait_ends_at_once()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => JitQuiet.WaitAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), cancelled.Token));
    }

    [Fact]
    public async Task Refuses_a_quiet_period_of_zero_or_a_limit_below_it()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => JitQuiet.WaitAsync(TimeSpan.Zero, TimeSpan.FromSeconds(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => JitQuiet.WaitAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), CancellationToken.None));
    }
}
