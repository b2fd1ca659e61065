using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CredentialHub.WebAssembly.Compiler;

/// <summary>
/// The operations compiled code calls for what a single IL instruction cannot do with WebAssembly semantics
/// (WebAssembly 1.0 §4.3, §4.4.7): bounds-checked unaligned little-endian memory access, division that traps
/// where .NET would throw its own exceptions (and <c>rem_s</c> of MinValue by −1, which is 0 in WebAssembly but
/// throws in .NET), memory.grow and host calls. Each is small and inlined by the JIT; the exceptions are built in
/// separate methods and thrown inline, so the JIT knows those paths end and keeps them off the fast path.
/// </summary>
internal static class WasmOps
{
    // Effective address = the i32 operand read as unsigned + the static offset, both below 2^32, so the sum and
    // the sum plus the access size fit a ulong without wrapping (§4.4.7).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI32(int address, byte[] memory, uint offset) => Unsafe.ReadUnaligned<int>(ref At(address, memory, offset, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64(int address, byte[] memory, uint offset) => Unsafe.ReadUnaligned<long>(ref At(address, memory, offset, 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadS8(int address, byte[] memory, uint offset) => (sbyte)At(address, memory, offset, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadU8(int address, byte[] memory, uint offset) => At(address, memory, offset, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadS16(int address, byte[] memory, uint offset) => Unsafe.ReadUnaligned<short>(ref At(address, memory, offset, 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadU16(int address, byte[] memory, uint offset) => Unsafe.ReadUnaligned<ushort>(ref At(address, memory, offset, 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadU32(int address, byte[] memory, uint offset) => Unsafe.ReadUnaligned<uint>(ref At(address, memory, offset, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI32(int address, int value, byte[] memory, uint offset) => Unsafe.WriteUnaligned(ref At(address, memory, offset, 4), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64(int address, long value, byte[] memory, uint offset) => Unsafe.WriteUnaligned(ref At(address, memory, offset, 8), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store8(int address, int value, byte[] memory, uint offset) => At(address, memory, offset, 1) = (byte)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store16(int address, int value, byte[] memory, uint offset) => Unsafe.WriteUnaligned(ref At(address, memory, offset, 2), (short)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store8I64(int address, long value, byte[] memory, uint offset) => At(address, memory, offset, 1) = (byte)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store16I64(int address, long value, byte[] memory, uint offset) => Unsafe.WriteUnaligned(ref At(address, memory, offset, 2), (short)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store32I64(int address, long value, byte[] memory, uint offset) => Unsafe.WriteUnaligned(ref At(address, memory, offset, 4), (int)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivS32(int a, int b)
    {
        if (b == 0 || (b == -1 && a == int.MinValue))
        {
            throw Division(b == 0);
        }
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivU32(int a, int b)
    {
        if (b == 0)
        {
            throw Division(true);
        }
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemS32(int a, int b)
    {
        if (b == 0)
        {
            throw Division(true);
        }
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemU32(int a, int b)
    {
        if (b == 0)
        {
            throw Division(true);
        }
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivS64(long a, long b)
    {
        if (b == 0 || (b == -1 && a == long.MinValue))
        {
            throw Division(b == 0);
        }
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivU64(long a, long b)
    {
        if (b == 0)
        {
            throw Division(true);
        }
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemS64(long a, long b)
    {
        if (b == 0)
        {
            throw Division(true);
        }
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemU64(long a, long b)
    {
        if (b == 0)
        {
            throw Division(true);
        }
        return (long)((ulong)a % (ulong)b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int RotateLeft32(int value, int count) => (int)BitOperations.RotateLeft((uint)value, count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int RotateRight32(int value, int count) => (int)BitOperations.RotateRight((uint)value, count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RotateLeft64(long value, long count) => (long)BitOperations.RotateLeft((ulong)value, (int)count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RotateRight64(long value, long count) => (long)BitOperations.RotateRight((ulong)value, (int)count);

    /// <summary>Entry of a function that calls or loops: one more frame against the depth limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(CompiledWasmInstance instance)
    {
        if (++instance.Depth > instance.MaxCallDepth)
        {
            throw CallDepth(instance.MaxCallDepth);
        }
    }

    /// <summary>Normal return from such a function.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Leave(CompiledWasmInstance instance) => instance.Depth--;

    /// <summary>memory.grow: the old size in pages, or −1 past the cap (§4.4.7).</summary>
    public static int Grow(int delta, CompiledWasmInstance instance) => instance.Grow((uint)delta);

    /// <summary>A call to an import: the arguments as 64-bit slots, the result as a slot.</summary>
    public static long CallHost(long[] arguments, int import, CompiledWasmInstance instance) => instance.CallHost(import, arguments);

    public static Exception TableOutOfBounds(int element, int size) =>
        new WasmTrapException($"call_indirect: table index {(uint)element} is out of bounds ({size} elements)");

    public static Exception TableUninitialized(int element) => new WasmTrapException($"call_indirect: table element {element} is uninitialized");

    public static Exception TableTypeMismatch(int element, int function, int type) =>
        new WasmTrapException($"call_indirect: function {function} at table element {element} does not have type {type}");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref byte At(int address, byte[] memory, uint offset, int size)
    {
        ulong effective = (uint)address + (ulong)offset;
        if (effective + (ulong)size > (ulong)memory.Length)
        {
            throw OutOfBounds(effective, size, memory.Length);
        }
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(memory), (nint)effective);
    }

    // Built out of line and thrown at the call site, where the JIT sees the throw and moves the block out of the way.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WasmTrapException OutOfBounds(ulong effective, int size, int length) =>
        new($"out of bounds memory access: {size} bytes at {effective}, memory is {length} bytes");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WasmTrapException CallDepth(int limit) => new($"call stack exhausted: more than {limit} nested calls");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WasmTrapException Division(bool byZero) => new(byZero ? "integer divide by zero" : "integer overflow");
}
