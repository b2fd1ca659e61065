namespace CredentialHub.WebAssembly;

/// <summary>Limits for one instance of a module, on either engine.</summary>
public sealed record WasmInstanceOptions
{
    /// <summary>Most 64 KiB memory pages; <c>memory.grow</c> past it returns −1. The default is 1 GiB.</summary>
    public uint MaxPages { get; init; } = 16384;

    /// <summary>
    /// Most nested WebAssembly frames; one more traps. Compiled code counts every function that calls or loops
    /// (a leaf adds at most one frame); its native stack is also checked, for frames with very many locals.
    /// </summary>
    public int MaxCallDepth { get; init; } = 10_000;

    /// <summary>Checked every few thousand instructions, loop iterations or calls.</summary>
    public CancellationToken Cancellation { get; init; }
}
