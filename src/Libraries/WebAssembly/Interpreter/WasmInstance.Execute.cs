using System.Buffers.Binary;
using System.Numerics;

namespace CredentialHub.WebAssembly.Interpreter;

/// <summary>
/// The instruction loop (WebAssembly 1.0 §4.4). Values live in one array of 64-bit slots: each frame's parameters
/// and locals, then its operands. An i32 is kept in a slot's low 32 bits and read back with a cast, so the upper
/// bits never matter. Integer arithmetic wraps; division by zero and signed overflow trap (§4.3.2).
/// </summary>
public sealed partial class WasmInstance
{
    private struct Frame
    {
        public LoweredFunction Function;
        public int Pc;
        public int Base;
    }

    private long Execute(uint function, ReadOnlySpan<long> arguments)
    {
        var stack = new long[1024];
        var frames = new Frame[64];
        int depth = 0;
        int budget = CancellationInterval;

        var f = _functions[function - (uint)_hosts.Length];
        int bp = 0;
        Reserve(ref stack, f.MaxHeight);
        arguments.CopyTo(stack);
        int sp = f.LocalCount;
        var code = f.Code;
        int pc = 0;

        while (true)
        {
            if (--budget == 0)
            {
                budget = CancellationInterval;
                _cancellation.ThrowIfCancellationRequested();
            }
            ref readonly var ins = ref code[pc++];
            switch (ins.Op)
            {
                case 0x04: // if
                    if ((int)stack[--sp] == 0)
                    {
                        pc = ins.Target;
                    }
                    break;
                case WasmInstruction.Jump:
                    pc = ins.Target;
                    break;
                case 0x0d: // br_if
                    if ((int)stack[--sp] == 0)
                    {
                        break;
                    }
                    if (ins.Target < 0)
                    {
                        goto case 0x0f;
                    }
                    goto case 0x0c;
                case 0x0c: // br
                {
                    int height = bp + ins.Height;
                    if (ins.Arity == 1)
                    {
                        stack[height] = stack[sp - 1];
                    }
                    sp = height + ins.Arity;
                    pc = ins.Target;
                    break;
                }
                case 0x0f: // return
                {
                    long result = f.HasResult ? stack[sp - 1] : 0;
                    if (depth == 0)
                    {
                        return result;
                    }
                    sp = bp;
                    if (f.HasResult)
                    {
                        stack[sp++] = result;
                    }
                    ref readonly var caller = ref frames[--depth];
                    f = caller.Function;
                    pc = caller.Pc;
                    bp = caller.Base;
                    code = f.Code;
                    break;
                }
                case 0x10: // call
                case 0x11: // call_indirect
                {
                    uint callee;
                    if (ins.Op == 0x10)
                    {
                        callee = (uint)ins.Target;
                    }
                    else
                    {
                        uint element = (uint)(int)stack[--sp];
                        if (element >= (uint)_table.Length)
                        {
                            throw new WasmTrapException($"call_indirect: table index {element} is out of bounds ({_table.Length} elements)");
                        }
                        callee = _table[element];
                        if (callee == uint.MaxValue)
                        {
                            throw new WasmTrapException($"call_indirect: table element {element} is uninitialized");
                        }
                        if (_canonicalTypes[_module.TypeIndexOf(callee)] != _canonicalTypes[ins.Target])
                        {
                            throw new WasmTrapException($"call_indirect: function {callee} at table element {element} does not have type {ins.Target}");
                        }
                    }
                    if (callee < (uint)_hosts.Length)
                    {
                        var type = _module.Types[(int)_module.TypeIndexOf(callee)];
                        int count = type.Parameters.Count;
                        long result = _hosts[callee](this, stack.AsSpan(sp - count, count));
                        sp -= count;
                        if (type.Result is { } resultType)
                        {
                            // The host's slot may carry anything above an i32's 32 bits; keep the slot canonical.
                            stack[sp++] = resultType == WasmValueType.I32 ? (int)result : result;
                        }
                        break;
                    }
                    if (depth + 1 >= _maxCallDepth)
                    {
                        throw new WasmTrapException($"call stack exhausted: more than {_maxCallDepth} nested calls");
                    }
                    if (depth == frames.Length)
                    {
                        Array.Resize(ref frames, frames.Length * 2);
                    }
                    frames[depth++] = new Frame { Function = f, Pc = pc, Base = bp };
                    f = _functions[callee - (uint)_hosts.Length];
                    bp = sp - f.ParameterCount;
                    Reserve(ref stack, bp + f.MaxHeight);
                    sp = bp + f.LocalCount;
                    Array.Clear(stack, bp + f.ParameterCount, f.LocalCount - f.ParameterCount);
                    code = f.Code;
                    pc = 0;
                    break;
                }
                case 0x1a: // drop
                    sp--;
                    break;
                case 0x20: // local.get
                    stack[sp++] = stack[bp + ins.Target];
                    break;
                case 0x21: // local.set
                    stack[bp + ins.Target] = stack[--sp];
                    break;
                case 0x22: // local.tee
                    stack[bp + ins.Target] = stack[sp - 1];
                    break;
                case 0x3f: // memory.size
                    stack[sp++] = Pages;
                    break;
                case 0x40: // memory.grow
                    stack[sp - 1] = Grow((uint)(int)stack[sp - 1]);
                    break;
                case 0x41: // i32.const
                case 0x42: // i64.const
                    stack[sp++] = ins.Value;
                    break;
                case 0x28: stack[sp - 1] = BinaryPrimitives.ReadInt32LittleEndian(At(stack[sp - 1], ins.Value, 4)); break; // i32.load
                case 0x29: stack[sp - 1] = BinaryPrimitives.ReadInt64LittleEndian(At(stack[sp - 1], ins.Value, 8)); break; // i64.load
                case 0x2c: case 0x30: stack[sp - 1] = (sbyte)At(stack[sp - 1], ins.Value, 1)[0]; break; // i32/i64.load8_s
                case 0x2d: case 0x31: stack[sp - 1] = At(stack[sp - 1], ins.Value, 1)[0]; break; // i32/i64.load8_u
                case 0x2e: case 0x32: stack[sp - 1] = BinaryPrimitives.ReadInt16LittleEndian(At(stack[sp - 1], ins.Value, 2)); break; // load16_s
                case 0x2f: case 0x33: stack[sp - 1] = BinaryPrimitives.ReadUInt16LittleEndian(At(stack[sp - 1], ins.Value, 2)); break; // load16_u
                case 0x34: stack[sp - 1] = BinaryPrimitives.ReadInt32LittleEndian(At(stack[sp - 1], ins.Value, 4)); break; // i64.load32_s
                case 0x35: stack[sp - 1] = BinaryPrimitives.ReadUInt32LittleEndian(At(stack[sp - 1], ins.Value, 4)); break; // i64.load32_u
                case 0x36: case 0x3e: // i32.store, i64.store32
                    BinaryPrimitives.WriteInt32LittleEndian(At(stack[sp - 2], ins.Value, 4), (int)stack[sp - 1]);
                    sp -= 2;
                    break;
                case 0x37: // i64.store
                    BinaryPrimitives.WriteInt64LittleEndian(At(stack[sp - 2], ins.Value, 8), stack[sp - 1]);
                    sp -= 2;
                    break;
                case 0x3a: case 0x3c: // i32/i64.store8
                    At(stack[sp - 2], ins.Value, 1)[0] = (byte)stack[sp - 1];
                    sp -= 2;
                    break;
                case 0x3b: case 0x3d: // i32/i64.store16
                    BinaryPrimitives.WriteInt16LittleEndian(At(stack[sp - 2], ins.Value, 2), (short)stack[sp - 1]);
                    sp -= 2;
                    break;
                case 0x45: stack[sp - 1] = (int)stack[sp - 1] == 0 ? 1 : 0; break; // i32.eqz
                case 0x50: stack[sp - 1] = stack[sp - 1] == 0 ? 1 : 0; break; // i64.eqz
                case 0x67: stack[sp - 1] = BitOperations.LeadingZeroCount((uint)stack[sp - 1]); break; // i32.clz
                case 0x68: stack[sp - 1] = BitOperations.TrailingZeroCount((uint)stack[sp - 1] | 0x1_0000_0000UL); break; // i32.ctz
                case 0x69: stack[sp - 1] = BitOperations.PopCount((uint)stack[sp - 1]); break; // i32.popcnt
                case 0x79: stack[sp - 1] = BitOperations.LeadingZeroCount((ulong)stack[sp - 1]); break; // i64.clz
                case 0x7a: stack[sp - 1] = stack[sp - 1] == 0 ? 64 : BitOperations.TrailingZeroCount(stack[sp - 1]); break; // i64.ctz
                case 0x7b: stack[sp - 1] = BitOperations.PopCount((ulong)stack[sp - 1]); break; // i64.popcnt
                case 0xa7: stack[sp - 1] = (int)stack[sp - 1]; break; // i32.wrap_i64
                case 0xac: stack[sp - 1] = (int)stack[sp - 1]; break; // i64.extend_i32_s
                case 0xad: stack[sp - 1] = (uint)stack[sp - 1]; break; // i64.extend_i32_u
                case >= 0x46 and <= 0x4f:
                case >= 0x6a and <= 0x78:
                    sp--;
                    stack[sp - 1] = BinaryI32(ins.Op, (int)stack[sp - 1], (int)stack[sp]);
                    break;
                case >= 0x51 and <= 0x5a:
                case >= 0x7c and <= 0x8a:
                    sp--;
                    stack[sp - 1] = BinaryI64(ins.Op, stack[sp - 1], stack[sp]);
                    break;
                default:
                    throw new WasmTrapException($"opcode 0x{ins.Op:x2} is not supported by the interpreter");
            }
        }
    }

    private static void Reserve(ref long[] stack, int needed)
    {
        if (needed > stack.Length)
        {
            Array.Resize(ref stack, Math.Max(needed, stack.Length * 2));
        }
    }

    /// <summary>The bytes of an access: effective address = the i32 operand read as unsigned + the static offset (§4.4.7).</summary>
    private Span<byte> At(long address, long offset, int size)
    {
        ulong effective = (uint)(int)address + (ulong)offset;
        if (effective + (ulong)size > (ulong)_memory.Length)
        {
            throw new WasmTrapException($"out of bounds memory access: {size} bytes at {effective}, memory is {_memory.Length} bytes");
        }
        return _memory.AsSpan((int)effective, size);
    }

    private int Grow(uint delta)
    {
        int old = Pages;
        if ((ulong)old + delta > (ulong)_maxPages)
        {
            return -1;
        }
        if (delta != 0)
        {
            Array.Resize(ref _memory, (old + (int)delta) * PageSize);
        }
        return old;
    }

    private static long BinaryI32(byte op, int a, int b) => op switch
    {
        0x46 => a == b ? 1 : 0,
        0x47 => a != b ? 1 : 0,
        0x48 => a < b ? 1 : 0,
        0x49 => (uint)a < (uint)b ? 1 : 0,
        0x4a => a > b ? 1 : 0,
        0x4b => (uint)a > (uint)b ? 1 : 0,
        0x4c => a <= b ? 1 : 0,
        0x4d => (uint)a <= (uint)b ? 1 : 0,
        0x4e => a >= b ? 1 : 0,
        0x4f => (uint)a >= (uint)b ? 1 : 0,
        0x6a => unchecked(a + b),
        0x6b => unchecked(a - b),
        0x6c => unchecked(a * b),
        0x6d => b == 0 ? throw DivideByZero() : a == int.MinValue && b == -1 ? throw Overflow() : a / b,
        0x6e => b == 0 ? throw DivideByZero() : (int)((uint)a / (uint)b),
        0x6f => b == 0 ? throw DivideByZero() : b == -1 ? 0 : a % b,
        0x70 => b == 0 ? throw DivideByZero() : (int)((uint)a % (uint)b),
        0x71 => a & b,
        0x72 => a | b,
        0x73 => a ^ b,
        0x74 => a << b,
        0x75 => a >> b,
        0x76 => (int)((uint)a >> b),
        0x77 => (int)BitOperations.RotateLeft((uint)a, b),
        _ => (int)BitOperations.RotateRight((uint)a, b),
    };

    private static long BinaryI64(byte op, long a, long b) => op switch
    {
        0x51 => a == b ? 1 : 0,
        0x52 => a != b ? 1 : 0,
        0x53 => a < b ? 1 : 0,
        0x54 => (ulong)a < (ulong)b ? 1 : 0,
        0x55 => a > b ? 1 : 0,
        0x56 => (ulong)a > (ulong)b ? 1 : 0,
        0x57 => a <= b ? 1 : 0,
        0x58 => (ulong)a <= (ulong)b ? 1 : 0,
        0x59 => a >= b ? 1 : 0,
        0x5a => (ulong)a >= (ulong)b ? 1 : 0,
        0x7c => unchecked(a + b),
        0x7d => unchecked(a - b),
        0x7e => unchecked(a * b),
        0x7f => b == 0 ? throw DivideByZero() : a == long.MinValue && b == -1 ? throw Overflow() : a / b,
        0x80 => b == 0 ? throw DivideByZero() : (long)((ulong)a / (ulong)b),
        0x81 => b == 0 ? throw DivideByZero() : b == -1 ? 0 : a % b,
        0x82 => b == 0 ? throw DivideByZero() : (long)((ulong)a % (ulong)b),
        0x83 => a & b,
        0x84 => a | b,
        0x85 => a ^ b,
        0x86 => a << (int)b,
        0x87 => a >> (int)b,
        0x88 => (long)((ulong)a >> (int)b),
        0x89 => (long)BitOperations.RotateLeft((ulong)a, (int)b),
        _ => (long)BitOperations.RotateRight((ulong)a, (int)b),
    };

    private static WasmTrapException DivideByZero() => new("integer divide by zero");

    private static WasmTrapException Overflow() => new("integer overflow");
}
