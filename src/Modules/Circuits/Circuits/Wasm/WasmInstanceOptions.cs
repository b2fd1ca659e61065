namespace CredentialHub.Circuits.Wasm;

/// <summary>Limits for one instance of a module, on either engine.</summary>
internal sealed record WasmInstanceOptions
{
    /// <summary>Most 64 KiB memory pages; <c>memory.grow</c> past it returns −1. The default is 1 GiB.</summary>
    public uint MaxPages { get; init; } = 16384;

    /// <summary>Most nested WebAssembly frames in the interpreter; one more traps. Compiled code is bounded by its thread's native stack instead.</summary>
    public int MaxCallDepth { get; init; } = 10_000;

    /// <summary>Checked every few thousand instructions, loop iterations or calls.</summary>
    public CancellationToken Cancellation { get; init; }
}
