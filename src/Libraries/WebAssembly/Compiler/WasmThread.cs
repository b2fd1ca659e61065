using System.Runtime.ExceptionServices;

namespace CredentialHub.WebAssembly.Compiler;

/// <summary>
/// Compiled WebAssembly runs on the native stack, one .NET frame per WebAssembly frame, so it runs on a thread of
/// its own with a large stack, and compiled code compares its stack pointer with this thread's limit at every call:
/// deep template recursion traps instead of overflowing the stack, which .NET cannot catch.
/// </summary>
public static class WasmThread
{
    /// <summary>The stack of a WebAssembly thread: reserved address space, committed only as it is used.</summary>
    internal const int DefaultStackSize = 256 << 20;

    /// <summary>Room kept below the limit for host functions, exception dispatch and the JIT compiling a method on first call.</summary>
    private const int Reserve = 8 << 20;

    [ThreadStatic]
    private static nuint t_stackLimit;

    /// <summary>The lowest stack address compiled code may reach on this thread, or 0 when this is not a WebAssembly thread.</summary>
    internal static nuint StackLimit => t_stackLimit;

    /// <summary>Runs <paramref name="work"/> on a new WebAssembly thread and waits for it; its exception is rethrown here.</summary>
    /// <param name="work">The work, which may call compiled code.</param>
    /// <param name="frameReserve">Bytes of stack the largest compiled frame may need beyond the check at its entry.</param>
    public static T Run<T>(Func<T> work, int frameReserve)
    {
        if (t_stackLimit != 0)
        {
            return work();
        }
        int size = DefaultStackSize + Reserve + frameReserve;
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                t_stackLimit = CurrentStackPointer() - (nuint)DefaultStackSize;
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            size)
        {
            IsBackground = true,
            Name = "wasm",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static unsafe nuint CurrentStackPointer()
    {
        byte probe = 0;
        return (nuint)(&probe);
    }
}
